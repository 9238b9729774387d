import type { EstateSelection, ScopeNode } from '../../../../shared/ipc/estate-schemas.js';

/** The node the run is scoped to: the one OU included, or the root (everything). */
export function scopeOf(selection: EstateSelection, root: ScopeNode): string {
  return selection.includeOus.length === 1 ? selection.includeOus[0]! : root.id;
}

export function withScope(selection: EstateSelection, id: string, root: ScopeNode): EstateSelection {
  return { ...selection, includeOus: id === root.id ? [] : [id] };
}

const toggled = (list: readonly string[], id: string): string[] => (list.includes(id) ? list.filter((x) => x !== id) : [...list, id]);

export const toggleOu = (selection: EstateSelection, id: string): EstateSelection => ({ ...selection, excludeOus: toggled(selection.excludeOus, id) });
export const toggleAccount = (selection: EstateSelection, id: string): EstateSelection => ({ ...selection, excludeAccounts: toggled(selection.excludeAccounts, id) });

/** The node with this id, anywhere below `node`. */
export function findNode(node: ScopeNode, id: string): ScopeNode | undefined {
  if (node.id === id) return node;
  for (const child of node.children) {
    const found = findNode(child, id);
    if (found) return found;
  }
  return undefined;
}

/** Every node with its depth, for the scope list (indented by depth). */
export function flatNodes(node: ScopeNode, depth = 0): { node: ScopeNode; depth: number }[] {
  return [{ node, depth }, ...node.children.flatMap((c) => flatNodes(c, depth + 1))];
}

export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
