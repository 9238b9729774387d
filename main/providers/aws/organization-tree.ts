import type { Account, OrganizationsClient } from '@aws-sdk/client-organizations';
import { readGrowingQueue, stripControl } from '../scope-tree-read.js';
import { AppError } from '../../../shared/domain/errors.js';
import type { EstateAccount, ScopeNode } from '../../../shared/ipc/estate-schemas.js';
import type { AwsSdk } from './load-sdk.js';

/** AWS quotas: 10,000 accounts is far past the default, OUs nest at most five deep under the root. */
const MAX_ACCOUNTS = 10_000;
const MAX_OUS = 2_000;
const MAX_DEPTH = 6;
const MAX_PAGES_PER_LISTING = 600;

const OU_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
const ROOT_ID = /^r-[0-9a-z]{4,32}$/;

interface MutableNode {
  kind: 'root' | 'ou';
  id: string;
  name: string;
  depth: number;
  children: MutableNode[];
  accounts: EstateAccount[];
}

function statusOf(a: Account): EstateAccount['status'] {
  switch (a.Status) {
    case 'ACTIVE':
      return 'active';
    case 'SUSPENDED':
      return 'suspended';
    case 'PENDING_CLOSURE':
      return 'closing';
    default:
      return 'unknown';
  }
}

function stopped(why: string): AppError {
  return new AppError('cloud_error', `AWS Organizations did not finish describing the organization: ${why}, so the reading was stopped.`, 'Retry later; if it keeps happening, connect the accounts from a pasted list instead.');
}

/** Every page of one listing: bounded, and stopped when the service repeats a page token. */
async function allPages<T>(fetch: (token: string | undefined) => Promise<{ items: readonly T[]; next: string | undefined }>, signal: AbortSignal | undefined): Promise<T[]> {
  const out: T[] = [];
  const tokens = new Set<string>();
  let next: string | undefined;
  let pages = 0;
  do {
    signal?.throwIfAborted();
    if (++pages > MAX_PAGES_PER_LISTING) throw stopped(`one listing was still paging after ${MAX_PAGES_PER_LISTING} pages`);
    const page = await fetch(next);
    out.push(...page.items);
    next = page.next || undefined;
    if (next !== undefined) {
      if (tokens.has(next)) throw stopped('it returned a page token it had already given (the listing would never end)');
      tokens.add(next);
    }
  } while (next);
  return out;
}

/**
 * The organization's tree from its management account: the root, then for each parent its OUs
 * and its accounts (ListOrganizationalUnitsForParent, ListAccountsForParent), `concurrency`
 * parents at a time. Read-only calls; names from the cloud are data (control characters removed);
 * an id that is not an account or OU id, an account seen twice, or an OU seen twice is dropped.
 */
export async function readOrganizationTree(sdk: AwsSdk, client: OrganizationsClient, concurrency: number, signal: AbortSignal | undefined): Promise<ScopeNode> {
  const roots = await allPages(async (token) => {
    const page = await client.send(new sdk.ListRootsCommand({ ...(token ? { NextToken: token } : {}) }), { abortSignal: signal });
    return { items: page.Roots ?? [], next: page.NextToken };
  }, signal);
  const first = roots.find((r) => r.Id !== undefined && ROOT_ID.test(r.Id));
  if (!first?.Id) throw stopped('it listed no root');
  const root: MutableNode = { kind: 'root', id: first.Id, name: stripControl(first.Name ?? 'Root').slice(0, 256) || 'Root', depth: 0, children: [], accounts: [] };
  const seenAccounts = new Set<string>();
  const seenOus = new Set<string>([root.id]);
  const queue: MutableNode[] = [root];

  const readParent = async (node: MutableNode) => {
    const [ous, accounts] = await Promise.all([
      allPages(async (token) => {
        const page = await client.send(new sdk.ListOrganizationalUnitsForParentCommand({ ParentId: node.id, ...(token ? { NextToken: token } : {}) }), { abortSignal: signal });
        return { items: page.OrganizationalUnits ?? [], next: page.NextToken };
      }, signal),
      allPages(async (token) => {
        const page = await client.send(new sdk.ListAccountsForParentCommand({ ParentId: node.id, ...(token ? { NextToken: token } : {}) }), { abortSignal: signal });
        return { items: page.Accounts ?? [], next: page.NextToken };
      }, signal),
    ]);
    for (const a of accounts) {
      if (!a.Id || !/^\d{12}$/.test(a.Id) || seenAccounts.has(a.Id)) continue;
      if (seenAccounts.size >= MAX_ACCOUNTS) throw stopped(`it listed more than ${MAX_ACCOUNTS} accounts`);
      seenAccounts.add(a.Id);
      node.accounts.push({ id: a.Id, name: stripControl(a.Name ?? '').slice(0, 256), status: statusOf(a) });
    }
    for (const ou of ous) {
      if (!ou.Id || !OU_ID.test(ou.Id) || seenOus.has(ou.Id)) continue;
      if (seenOus.size > MAX_OUS) throw stopped(`it listed more than ${MAX_OUS} OUs`);
      if (node.depth + 1 >= MAX_DEPTH) throw stopped(`its OUs nest deeper than AWS allows (${MAX_DEPTH - 1} levels)`);
      seenOus.add(ou.Id);
      const child: MutableNode = { kind: 'ou', id: ou.Id, name: stripControl(ou.Name ?? ou.Id).slice(0, 256), depth: node.depth + 1, children: [], accounts: [] };
      node.children.push(child);
      queue.push(child);
    }
  };

  await readGrowingQueue(queue, concurrency, readParent, () => stopped('a listing failed'));
  return sortTree(root);
}

/** OUs by name and accounts by name, then id: the same organization always reads the same. */
function sortTree(node: MutableNode): ScopeNode {
  return {
    kind: node.kind,
    id: node.id,
    name: node.name,
    children: [...node.children].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id)).map(sortTree),
    accounts: [...node.accounts].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id)),
  };
}
