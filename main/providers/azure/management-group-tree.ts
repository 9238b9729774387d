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
 */
export function buildManagementGroupTree(rootId: string, items: readonly DescendantItem[], rootName?: string): ScopeNode {
  const root: Building = { kind: 'management-group', id: rootId, name: (rootName || rootId).slice(0, 256), children: [], accounts: [] };
  const groups = new Map<string, Building>([[rootId.toLowerCase(), root]]);
  for (const item of items) {
    if (item.type.toLowerCase() !== GROUP_TYPE || groups.has(item.name.toLowerCase())) continue;
    groups.set(item.name.toLowerCase(), { kind: 'management-group', id: item.name, name: (item.properties?.displayName || item.name).slice(0, 256), children: [], accounts: [] });
  }
  const parentOf = (item: DescendantItem) => groups.get(keyOf(item.properties?.parent?.id ?? '')) ?? root;
  const seen = new Set<string>();
  for (const item of items) {
    const key = item.name.toLowerCase();
    if (item.type.toLowerCase() === GROUP_TYPE) {
      const node = groups.get(key)!;
      const parent = parentOf(item);
      if (node !== root && parent !== node && !parent.children.includes(node)) parent.children.push(node);
    } else if (item.type === '/subscriptions' && GUID.test(key) && !seen.has(key)) {
      seen.add(key);
      parentOf(item).accounts.push({ id: key, name: (item.properties?.displayName || key).slice(0, 256), status: 'active' });
    }
  }
  return root;
}
