import type { EstateCounts, EstateEntry, EstateSelection, ScopeNode, StackInstance } from '../ipc/estate-schemas.js';

interface Placed {
  readonly node: ScopeNode;
  /** Ids of this node and every node above it. */
  readonly line: readonly string[];
  readonly path: string;
}

/** Every node with its line of ancestors, depth first (a node seen twice is walked once). */
export function placeNodes(root: ScopeNode): Placed[] {
  const out: Placed[] = [];
  const seen = new Set<string>();
  const visit = (node: ScopeNode, line: readonly string[], path: string) => {
    if (seen.has(node.id)) return;
    seen.add(node.id);
    const here: Placed = { node, line: [...line, node.id], path: path ? `${path} / ${node.name}` : node.name };
    out.push(here);
    for (const child of node.children) visit(child, here.line, here.path);
  };
  visit(root, [], '');
  return out;
}

/** The ids a selection names that the tree does not hold (a typo, or an OU deleted since). */
export function unknownInSelection(root: ScopeNode, selection: EstateSelection): string[] {
  const placed = placeNodes(root);
  const nodes = new Set(placed.map((p) => p.node.id));
  const accounts = new Set(placed.flatMap((p) => p.node.accounts.map((a) => a.id)));
  return [...selection.includeOus.filter((id) => !nodes.has(id)), ...selection.excludeOus.filter((id) => !nodes.has(id)), ...selection.excludeAccounts.filter((id) => !accounts.has(id))];
}

const NO_INSTANCE: StackInstance = { state: 'none', detail: 'No stack instance', reason: 'The StackSet has not deployed to this account: check its deployment targets (OUs) and auto-deployment.' };

export interface Classified {
  readonly entries: EstateEntry[];
  readonly counts: EstateCounts;
}

/**
 * Each account of the tree against the selection and what is connected. The management account is
 * listed apart (a StackSet in service-managed mode never deploys there); a suspended or closing
 * account is skipped and says so; an exclusion names what excluded it.
 */
export function classifyEstate(
  root: ScopeNode,
  selection: EstateSelection,
  connected: ReadonlySet<string>,
  managementId: string | null,
  /** The StackSet's instances by account, when it could be read. */
  instances?: ReadonlyMap<string, StackInstance>,
): Classified {
  const placed = placeNodes(root);
  // A GCP estate's nodes are an organisation and folders; its projects are never "suspended".
  const gcp = root.kind === 'organization' || root.kind === 'folder';
  const nameOf = new Map(placed.map((p) => [p.node.id, p.node.name]));
  const excludedOus = new Set(selection.excludeOus);
  const includedOus = new Set(selection.includeOus);
  const excludedAccounts = new Set(selection.excludeAccounts);
  const entries: EstateEntry[] = [];
  const seen = new Set<string>();
  for (const { node, line, path } of placed) {
    for (const account of node.accounts) {
      if (seen.has(account.id)) continue;
      seen.add(account.id);
      const stackInstance = instances && account.id !== managementId ? (instances.get(account.id) ?? NO_INSTANCE) : null;
      const base = { id: account.id, name: account.name, status: account.status, parentId: node.id, path, stackInstance };
      const excludedBy = line.find((id) => excludedOus.has(id));
      const still = connected.has(account.id) ? ' It is still connected: disconnect it if AlphaSwarm should no longer read it.' : '';
      if (account.id === managementId) {
        entries.push({
          ...base,
          state: 'management',
          reason: `The management account, listed apart: a StackSet in service-managed mode never deploys there, so its role is created on its own.${connected.has(account.id) ? ' Connected.' : ' Not connected yet.'}`,
        });
      } else if (account.status === 'suspended' || account.status === 'closing') {
        entries.push({
          ...base,
          state: 'suspended',
          reason: gcp
            ? `Deletion requested in Google Cloud (DELETE_REQUESTED): it is being shut down, so it is skipped.${still}`
            : `${account.status === 'suspended' ? 'Suspended' : 'Being closed'} in AWS Organizations: nothing can sign in to it, so it is skipped.${still}`,
        });
      } else if (excludedAccounts.has(account.id)) {
        entries.push({ ...base, state: 'excluded', reason: `Excluded by its account id.${still}` });
      } else if (excludedBy !== undefined) {
        entries.push({ ...base, state: 'excluded', reason: `Excluded with ${nameOf.get(excludedBy) ?? excludedBy} (${excludedBy}).${still}` });
      } else if (includedOus.size > 0 && !line.some((id) => includedOus.has(id))) {
        entries.push({ ...base, state: 'excluded', reason: `Not under an included ${gcp ? 'folder' : 'OU'}.${still}` });
      } else {
        entries.push({ ...base, state: connected.has(account.id) ? 'connected' : 'new', reason: null });
      }
    }
  }
  return { entries, counts: countEntries(entries) };
}

/** Member accounts by state (the management account is listed apart, so not counted). */
export function countEntries(entries: readonly EstateEntry[]): EstateCounts {
  const counts: EstateCounts = { total: 0, connected: 0, new: 0, excluded: 0, suspended: 0 };
  for (const e of entries) {
    if (e.state === 'management') continue;
    counts.total += 1;
    counts[e.state] += 1;
  }
  return counts;
}

/** Counts for every node of the tree, over the accounts at and below it: what the window shows beside each OU. */
export function countsByNode(root: ScopeNode, entries: readonly EstateEntry[]): Map<string, EstateCounts> {
  const placed = placeNodes(root);
  const lineOf = new Map(placed.map((p) => [p.node.id, p.line]));
  const out = new Map<string, EstateCounts>(placed.map((p) => [p.node.id, { total: 0, connected: 0, new: 0, excluded: 0, suspended: 0 }]));
  for (const e of entries) {
    if (e.state === 'management') continue;
    for (const id of lineOf.get(e.parentId) ?? []) {
      const c = out.get(id)!;
      c.total += 1;
      c[e.state] += 1;
    }
  }
  return out;
}

/** What the CLI and the window say when a scan left items of ARM's listing out (see ignoredItems). */
export function ignoredItemsNote(count: number, cloud: 'azure' | 'gcp' = 'azure'): string {
  const items = count === 1 ? '1 item' : `${count} items`;
  if (cloud === 'gcp') {
    return `Resource Manager listed ${items} that ${count === 1 ? 'is' : 'are'} not counted here: a project id that is not one, a project or folder listed twice, or one listed under another parent (something moved while the pages were read). Re-scan; if it stays, look for them in the console.`;
  }
  return `Azure's listing repeated ${items} (a group or subscription named twice, or a group named under one below it: something moved while the pages were read). Each is shown once, under the first group listed; re-scan to see where they are now.`;
}
