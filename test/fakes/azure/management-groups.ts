import { BUILT_IN_ROLES } from './azure-fake.js';

/** A management group of the fake tenant tree: its parent, and the roles assigned at it (inherited below). */
export interface FakeManagementGroup {
  readonly name: string;
  readonly displayName: string;
  readonly tenantId: string;
  readonly parent: string | null;
  readonly roleAssignments: { principalId: string; roleDefinitionId: string }[];
}

export interface Descendant {
  readonly kind: 'group' | 'subscription';
  readonly name: string;
  readonly displayName: string;
  readonly parent: string;
}

export const MG_PREFIX = '/providers/Microsoft.Management/managementGroups/';
/** api-versions ARM documents for Microsoft.Management's management groups. */
export const MG_API_VERSIONS = ['2020-05-01', '2021-04-01', '2023-04-01'];

/**
 * The tenant's management-group tree: groups nested under groups, subscriptions placed in one group
 * each (as Azure holds them), and role assignments at a group that every subscription below inherits.
 */
export class ManagementGroupTree {
  readonly groups = new Map<string, FakeManagementGroup>();
  /** Subscription id → the group that holds it directly. */
  readonly placement = new Map<string, string>();
  /** Subscription id → its display name. */
  readonly subscriptionNames = new Map<string, string>();

  clear(): void {
    this.groups.clear();
    this.placement.clear();
    this.subscriptionNames.clear();
  }

  add(name: string, tenantId: string, parent: string | null = null, displayName = name): FakeManagementGroup {
    if (parent !== null && !this.groups.has(parent.toLowerCase())) throw new Error(`no management group ${parent}`);
    const group = { name, displayName, tenantId, parent: parent?.toLowerCase() ?? null, roleAssignments: [] };
    this.groups.set(name.toLowerCase(), group);
    return group;
  }

  place(subscriptionId: string, group: string, displayName = `Subscription ${subscriptionId.slice(0, 8)}`): void {
    if (!this.groups.has(group.toLowerCase())) throw new Error(`no management group ${group}`);
    this.placement.set(subscriptionId, group.toLowerCase());
    this.subscriptionNames.set(subscriptionId, displayName);
  }

  assign(group: string, principalId: string, role: keyof typeof BUILT_IN_ROLES): void {
    this.groups.get(group.toLowerCase())!.roleAssignments.push({ principalId, roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${BUILT_IN_ROLES[role]}` });
  }

  /** The group and every group above it, nearest first. */
  ancestry(group: string): FakeManagementGroup[] {
    const line: FakeManagementGroup[] = [];
    for (let g = this.groups.get(group.toLowerCase()); g; g = g.parent ? this.groups.get(g.parent) : undefined) line.push(g);
    return line;
  }

  /** The assignments a subscription inherits from the groups above it, with the group's scope. */
  inherited(subscriptionId: string): { principalId: string; roleDefinitionId: string; scope: string }[] {
    const group = this.placement.get(subscriptionId);
    if (!group) return [];
    return this.ancestry(group).flatMap((g) => g.roleAssignments.map((a) => ({ ...a, scope: `${MG_PREFIX}${g.name}` })));
  }

  /** Whether the principal holds any role at the group or above (ARM's read check on the group). */
  canRead(group: string, principalId: string): boolean {
    return this.ancestry(group).some((g) => g.roleAssignments.some((a) => a.principalId === principalId));
  }

  /** Every group and subscription below the group, parents before children (ARM's order is its own). */
  descendants(group: string): Descendant[] {
    const out: Descendant[] = [];
    const visit = (key: string) => {
      const g = this.groups.get(key)!;
      for (const [id, at] of this.placement) if (at === key) out.push({ kind: 'subscription', name: id, displayName: this.subscriptionNames.get(id)!, parent: g.name });
      for (const child of this.groups.values()) {
        if (child.parent !== key) continue;
        out.push({ kind: 'group', name: child.name, displayName: child.displayName, parent: g.name });
        visit(child.name.toLowerCase());
      }
    };
    visit(group.toLowerCase());
    return out;
  }
}
