import { randomId } from '../common/http.js';

/** An organizational unit: its parent is the root or another OU. */
export interface FakeOu {
  readonly id: string;
  name: string;
  parentId: string;
}

export interface FakeOrgAccount {
  readonly id: string;
  name: string;
  email: string;
  status: 'ACTIVE' | 'SUSPENDED' | 'PENDING_CLOSURE';
  /** The root or the OU that holds the account. */
  parentId: string;
}

/** An AWS Organization as Organizations describes it: one root, OUs under it, accounts in each. */
export interface FakeOrganization {
  readonly id: string;
  readonly managementAccountId: string;
  readonly rootId: string;
  readonly accounts: FakeOrgAccount[];
  readonly ous: FakeOu[];
}

/** Organizations answers at most 20 items a page on every List* call (MaxResults: 1–20). */
export const ORGANIZATIONS_PAGE_SIZE = 20;

const LOWER = 'abcdefghijklmnopqrstuvwxyz0123456789';

export function newOrganization(managementAccountId: string, memberIds: readonly string[]): FakeOrganization {
  const rootId = `r-${randomId(LOWER, 4)}`;
  return {
    id: `o-${randomId(LOWER, 10)}`,
    managementAccountId,
    rootId,
    ous: [],
    accounts: [managementAccountId, ...memberIds].map((id, i) => ({ id, name: i === 0 ? 'Management' : `Member ${i}`, email: `aws+${id}@example.com`, status: 'ACTIVE' as const, parentId: rootId })),
  };
}

/** An OU id as Organizations forms it: `ou-` + the root's suffix + `-` + 8 characters. */
export function addOu(org: FakeOrganization, name: string, parentId: string = org.rootId): FakeOu {
  if (parentId !== org.rootId && !org.ous.some((o) => o.id === parentId)) throw new Error(`no parent ${parentId}`);
  const ou: FakeOu = { id: `ou-${org.rootId.slice(2)}-${randomId(LOWER, 8)}`, name, parentId };
  org.ous.push(ou);
  return ou;
}

export function addAccount(org: FakeOrganization, account: Pick<FakeOrgAccount, 'id'> & Partial<FakeOrgAccount>): FakeOrgAccount {
  const full: FakeOrgAccount = { name: `Account ${account.id}`, email: `aws+${account.id}@example.com`, status: 'ACTIVE', parentId: org.rootId, ...account };
  org.accounts.push(full);
  return full;
}

type Answer = { status: number; payload: unknown };

const error = (status: number, code: string, message: string, extra: Record<string, string> = {}): Answer => ({ status, payload: { __type: code, Message: message, ...extra } });

/** Page tokens are opaque to the caller; this one carries the operation, the parent and the offset, so a token from one listing is refused by another. */
function token(op: string, parent: string, offset: number): string {
  return Buffer.from(JSON.stringify([op, parent, offset])).toString('base64');
}

function page<T>(op: string, parent: string, items: readonly T[], input: { NextToken?: unknown; MaxResults?: unknown }): { items: T[]; next?: string } | Answer {
  const max = input.MaxResults === undefined ? ORGANIZATIONS_PAGE_SIZE : Number(input.MaxResults);
  if (!Number.isInteger(max) || max < 1 || max > ORGANIZATIONS_PAGE_SIZE) {
    return error(400, 'InvalidInputException', 'You provided a value that does not match the required pattern.', { Reason: 'INVALID_PATTERN' });
  }
  let start = 0;
  if (input.NextToken !== undefined) {
    try {
      const [tokOp, tokParent, offset] = JSON.parse(Buffer.from(typeof input.NextToken === 'string' ? input.NextToken : '', 'base64').toString('utf8')) as [string, string, number];
      if (tokOp !== op || tokParent !== parent || !Number.isInteger(offset)) throw new Error('other listing');
      start = offset;
    } catch {
      return error(400, 'InvalidInputException', 'You specified an invalid value for nextToken. You must get the value from the response to a previous call to the API.', { Reason: 'INVALID_NEXT_TOKEN' });
    }
  }
  const slice = items.slice(start, start + max);
  return start + max < items.length ? { items: slice, next: token(op, parent, start + max) } : { items: slice };
}

const isAnswer = (x: unknown): x is Answer => typeof x === 'object' && x !== null && 'status' in x && 'payload' in x;

/**
 * ListRoots, ListOrganizationalUnitsForParent and ListAccountsForParent, as the Organizations API
 * reference documents them (JSON 1.1; shapes, errors and 20 items a page). The caller has already
 * checked the signature and that it is the management account with the action allowed.
 */
export function treeOperation(org: FakeOrganization, action: string, input: { ParentId?: unknown; NextToken?: unknown; MaxResults?: unknown }): Answer | undefined {
  const arn = (kind: string, id: string) => `arn:aws:organizations::${org.managementAccountId}:${kind}/${org.id}/${id}`;
  const parentKnown = (id: string) => id === org.rootId || org.ous.some((o) => o.id === id);
  const parentOf = (): string | Answer => {
    const id = typeof input.ParentId === 'string' ? input.ParentId : '';
    if (!/^(?:r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/.test(id)) {
      return error(400, 'InvalidInputException', 'You provided a value that does not match the required pattern.', { Reason: 'INVALID_PATTERN_TARGET_ID' });
    }
    return parentKnown(id) ? id : error(400, 'ParentNotFoundException', "We can't find a root or OU with the ParentId that you specified.");
  };
  switch (action) {
    case 'ListRoots': {
      const p = page(action, '', [org.rootId], input);
      if (isAnswer(p)) return p;
      return {
        status: 200,
        payload: { Roots: p.items.map((id) => ({ Id: id, Arn: arn('root', id), Name: 'Root', PolicyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }] })), ...(p.next ? { NextToken: p.next } : {}) },
      };
    }
    case 'ListOrganizationalUnitsForParent': {
      const parent = parentOf();
      if (isAnswer(parent)) return parent;
      const p = page(action, parent, org.ous.filter((o) => o.parentId === parent), input);
      if (isAnswer(p)) return p;
      return { status: 200, payload: { OrganizationalUnits: p.items.map((o) => ({ Id: o.id, Arn: arn('ou', o.id), Name: o.name })), ...(p.next ? { NextToken: p.next } : {}) } };
    }
    case 'ListAccountsForParent': {
      const parent = parentOf();
      if (isAnswer(parent)) return parent;
      const p = page(action, parent, org.accounts.filter((a) => a.parentId === parent), input);
      if (isAnswer(p)) return p;
      return {
        status: 200,
        payload: {
          Accounts: p.items.map((a) => ({ Id: a.id, Arn: arn('account', a.id), Email: a.email, Name: a.name, Status: a.status, JoinedMethod: a.id === org.managementAccountId ? 'CREATED' : 'INVITED', JoinedTimestamp: 1.767e9 })),
          ...(p.next ? { NextToken: p.next } : {}),
        },
      };
    }
    default:
      return undefined;
  }
}
