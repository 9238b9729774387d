import type { AwsFake, FakeOrganization } from '../fakes/aws/aws-fake.js';
import { addAccount, addOu } from '../fakes/aws/organizations-tree.js';

export interface EstateShape {
  /** OUs in all, nested: the first `topLevel` under the root, each later one under an earlier one. */
  readonly ous: number;
  readonly topLevel?: number;
  /** Member accounts, spread over the root and every OU in turn. */
  readonly accounts: number;
  /** Account ids from a number (12 digits). */
  readonly idOf?: (n: number) => string;
}

export const estateAccountId = (n: number): string => `7${String(n).padStart(11, '0')}`;

/**
 * An AWS Organization of the given shape in the fake: OUs nested up to four levels, accounts in
 * the root and in every OU. Deterministic names, so a test can find "OU 3" and its accounts.
 */
export function plantEstate(fake: AwsFake, managementId: string, shape: EstateShape): FakeOrganization {
  const org = fake.addOrganization(managementId, []);
  const topLevel = shape.topLevel ?? Math.min(5, shape.ous);
  const ids: string[] = [];
  for (let i = 0; i < shape.ous; i++) {
    // OU i > topLevel sits under OU (i - topLevel): chains of depth ous/topLevel, capped by the real limit of 5 levels.
    const depth = Math.floor(i / topLevel);
    const parent = i < topLevel || depth >= 5 ? org.rootId : ids[i - topLevel]!;
    ids.push(addOu(org, `OU ${i + 1}`, parent).id);
  }
  const parents = [org.rootId, ...ids];
  const idOf = shape.idOf ?? estateAccountId;
  for (let n = 1; n <= shape.accounts; n++) addAccount(org, { id: idOf(n), name: `Account ${n}`, parentId: parents[n % parents.length]! });
  return org;
}
