import type { EstateAccount, ScopeNode } from '../../../shared/ipc/estate-schemas.js';

/** One of ARM's DescendantInfo items, as far as the tree needs it. */
export interface DescendantItem {
  readonly id: string;
  readonly type: string;
  readonly name: string;
  readonly properties?: { readonly displayName?: string | null | undefined; readonly parent?: { readonly id: string } | null | undefined } | undefined;
}

const GROUP_TYPE = 'microsoft.management/managementgroups';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The last segment of an ARM id ("/providers/…/managementGroups/x" → "x"), lowercased for matching. */
const keyOf = (armId: string) => (armId.split('/').pop() ?? '').toLowerCase();

interface Building {
  readonly kind: 'management-group';
  readonly id: string;
  readonly name: string;
  readonly children: Building[];
  readonly accounts: EstateAccount[];
}

/**
 * The management group's tree from its flat descendants list (parents may come after their
 * children across pages). A subscription id is kept only when it is a GUID (what ARM gives); an
 * item whose parent is not in the list hangs under the root rather than being dropped. Names from
 * the cloud are data: the window and the terminal escape them where they show them.
 *
 * The list is read page by page while the estate may change, so a group (or subscription) can be
 * listed twice with different parents. Each keeps its first listed parent and later items for it
 * are ignored; a group whose parent is below it (a cycle in what ARM said) hangs under the root.
 * So the result is always a tree with at most one node per group: nothing that serialises it
 * (IPC, --json, the window) can recurse forever or grow exponentially.
 */
export function buildManagementGroupTree(rootId: string, items: readonly DescendantItem[], rootName?: string): ScopeNode {
  return managementGroupTree(rootId, items, rootName).root;
}

/** The tree, and how many items it left out: a group or subscription listed again, or a group listed under one below it. */
export function managementGroupTree(rootId: string, items: readonly DescendantItem[], rootName?: string): { root: ScopeNode; ignoredItems: number } {
  const root: Building = { kind: 'management-group', id: rootId, name: (rootName || rootId).slice(0, 256), children: [], accounts: [] };
  const groups = new Map<string, Building>([[rootId.toLowerCase(), root]]);
  const firstParent = new Map<Building, string>();
  let ignoredItems = 0;
  for (const item of items) {
    if (item.type.toLowerCase() !== GROUP_TYPE) continue;
    const key = item.name.toLowerCase();
    if (groups.has(key)) {
      ignoredItems += 1;
      continue;
    }
    const node: Building = { kind: 'management-group', id: item.name, name: (item.properties?.displayName || item.name).slice(0, 256), children: [], accounts: [] };
    groups.set(key, node);
    firstParent.set(node, keyOf(item.properties?.parent?.id ?? ''));
  }
  // Attach each group under its first listed parent, unless that parent is the group or below it.
  const attachedTo = new Map<Building, Building>();
  const isAtOrBelow = (candidate: Building, node: Building) => {
    for (let at: Building | undefined = candidate; at; at = attachedTo.get(at)) if (at === node) return true;
    return false;
  };
  for (const [node, parentKey] of firstParent) {
    const listed = groups.get(parentKey) ?? root;
    const below = isAtOrBelow(listed, node);
    if (below) ignoredItems += 1;
    const parent = below ? root : listed;
    parent.children.push(node);
    attachedTo.set(node, parent);
  }
  const seen = new Set<string>();
  for (const item of items) {
    const key = item.name.toLowerCase();
    if (item.type !== '/subscriptions' || !GUID.test(key)) continue;
    if (seen.has(key)) {
      ignoredItems += 1;
      continue;
    }
    seen.add(key);
    (groups.get(keyOf(item.properties?.parent?.id ?? '')) ?? root).accounts.push({ id: key, name: (item.properties?.displayName || key).slice(0, 256), status: 'active' });
  }
  return { root, ignoredItems };
}
