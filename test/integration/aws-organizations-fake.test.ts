import { ListAccountsForParentCommand, ListOrganizationalUnitsForParentCommand, ListRootsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AwsFake, FakePrincipal } from '../fakes/aws/aws-fake.js';
import { ORGANIZATIONS_PAGE_SIZE } from '../fakes/aws/organizations-tree.js';
import { startAwsFake } from '../support/aws-env.js';
import { plantEstate } from '../support/aws-estate.js';
import { PARTNER_ACCOUNT } from '../support/harness.js';

/** The fake's Organizations tree, read through the real SDK as any caller would: shapes, pages, errors. */
describe('AWS fake: the Organizations tree (roots, OUs and accounts per parent)', () => {
  let aws: AwsFake;
  let session: FakePrincipal;
  let client: OrganizationsClient;
  beforeAll(async () => {
    ({ fake: aws, session } = await startAwsFake());
    client = new OrganizationsClient({
      endpoint: aws.url,
      region: 'us-east-1',
      maxAttempts: 1,
      credentials: { accessKeyId: session.accessKeyId, secretAccessKey: session.secretAccessKey, sessionToken: session.sessionToken! },
    });
  });
  beforeEach(() => {
    aws.organizations.length = 0;
  });
  afterAll(async () => {
    client.destroy();
    await aws.stop();
  });

  it('holds 1,000 accounts in 50 nested OUs, every listing paged at 20', async () => {
    const org = plantEstate(aws, PARTNER_ACCOUNT, { ous: 50, accounts: 1000 });
    const roots = await client.send(new ListRootsCommand({}));
    expect(roots.Roots).toEqual([expect.objectContaining({ Id: org.rootId, Name: 'Root', Arn: `arn:aws:organizations::${PARTNER_ACCOUNT}:root/${org.id}/${org.rootId}` })]);
    const seen = { ous: 0, accounts: 0, pages: 0, biggest: 0 };
    const queue = [org.rootId];
    while (queue.length) {
      const parent = queue.shift()!;
      let next: string | undefined;
      do {
        const page = await client.send(new ListOrganizationalUnitsForParentCommand({ ParentId: parent, ...(next ? { NextToken: next } : {}) }));
        for (const ou of page.OrganizationalUnits ?? []) queue.push(ou.Id!);
        seen.ous += page.OrganizationalUnits?.length ?? 0;
        next = page.NextToken;
      } while (next);
      do {
        const page = await client.send(new ListAccountsForParentCommand({ ParentId: parent, ...(next ? { NextToken: next } : {}) }));
        seen.accounts += page.Accounts?.length ?? 0;
        seen.pages += 1;
        seen.biggest = Math.max(seen.biggest, page.Accounts?.length ?? 0);
        next = page.NextToken;
      } while (next);
    }
    expect(seen.ous).toBe(50);
    // The management account sits in the root with the members.
    expect(seen.accounts).toBe(1001);
    expect(seen.biggest).toBe(ORGANIZATIONS_PAGE_SIZE);
    expect(seen.pages).toBeGreaterThanOrEqual(51);
  });

  it('answers a wrong parent, a foreign page token and a page size over 20 as Organizations does', async () => {
    const org = plantEstate(aws, PARTNER_ACCOUNT, { ous: 2, accounts: 90 });
    await expect(client.send(new ListAccountsForParentCommand({ ParentId: 'ou-zzzz-abcdefgh' }))).rejects.toMatchObject({ name: 'ParentNotFoundException', $metadata: { httpStatusCode: 400 } });
    await expect(client.send(new ListAccountsForParentCommand({ ParentId: 'not a parent' }))).rejects.toMatchObject({ name: 'InvalidInputException', Reason: 'INVALID_PATTERN_TARGET_ID' });
    const first = await client.send(new ListAccountsForParentCommand({ ParentId: org.rootId }));
    expect(first.NextToken).toBeDefined();
    await expect(client.send(new ListOrganizationalUnitsForParentCommand({ ParentId: org.rootId, NextToken: first.NextToken }))).rejects.toMatchObject({ name: 'InvalidInputException', Reason: 'INVALID_NEXT_TOKEN' });
    await expect(client.send(new ListAccountsForParentCommand({ ParentId: org.rootId, MaxResults: 21 }))).rejects.toMatchObject({ name: 'InvalidInputException' });
  });
});
