import { describe, expect, it } from 'vitest';
import { parseTargetList, targetListOf } from '../../main/onboarding/target-list.js';

const ctx = { orgId: 'acme-corp', roleName: 'alphaswarm-broker-acme-corp', tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47' };
const SUB = '2b2c3d4e-5f60-4718-9a0b-1c2d3e4f5a6b';
const flag = (n: number) => `--project #${n}`;

describe('a "connect many" list, as pasted, loaded or given as flags', () => {
  it('AWS: ids become role ARNs of the org\'s role; a typo and a repeat are named by line', () => {
    const list = parseTargetList('aws', 'name,account_id\nProd,444455550001\nTypo,44445555\nDup,444455550001\n', ctx);
    expect(list.targets).toEqual([{ cloud: 'aws', orgId: 'acme-corp', roleArn: 'arn:aws:iam::444455550001:role/alphaswarm-broker-acme-corp' }]);
    expect(list.problems.map((p) => [p.line, p.problem])).toEqual([
      [3, '"44445555" is not a 12-digit AWS account id.'],
      [4, 'Duplicate of line 2.'],
    ]);
  });

  it('Azure: one spelling per subscription, so the same id in capitals is a repeat, not a second run of it', () => {
    const list = parseTargetList('azure', `${SUB.toUpperCase()}\nnot-a-guid\n\n${SUB}\n`, ctx);
    expect(list.targets).toEqual([{ cloud: 'azure', orgId: 'acme-corp', tenantId: ctx.tenantId, subscriptionId: SUB }]);
    expect(list.problems.map((p) => [p.line, p.problem])).toEqual([
      [2, '"not-a-guid" is not a GUID: the subscription id is 8-4-4-4-12 hex digits, like 72f988bf-86f1-41af-91ab-2d7cd011db47.'],
      [4, 'Duplicate of line 1.'],
    ]);
  });

  it('GCP: id:number per line, or a CSV with both columns in any order, quoted as a spreadsheet writes it', () => {
    const want = [
      { cloud: 'gcp', orgId: 'acme-corp', projectId: 'acme-prod-1111', projectNumber: '111111111111' },
      { cloud: 'gcp', orgId: 'acme-corp', projectId: 'acme-dev-2222', projectNumber: '222222222222' },
    ];
    expect(parseTargetList('gcp', 'acme-prod-1111:111111111111\nacme-dev-2222:222222222222\n', ctx)).toMatchObject({ targets: want, problems: [] });
    expect(parseTargetList('gcp', 'project_number,project_id\n111111111111,acme-prod-1111\n222222222222,acme-dev-2222\n', ctx)).toMatchObject({ targets: want, problems: [] });
    expect(parseTargetList('gcp', 'name,project_id,project_number\n"Prod, EU","acme-prod-1111","111111111111"\n"Dev",acme-dev-2222,222222222222\n', ctx)).toMatchObject({ targets: want, problems: [] });
    expect(parseTargetList('gcp', 'acme-prod-1111:111111111111\nnope\n', ctx).problems).toEqual([{ line: 2, value: 'nope', problem: '"nope" is not <project id>:<project number>, e.g. my-project:123456789012.' }]);
    expect(parseTargetList('gcp', 'project_id\nacme-prod-1111\n', ctx).problems).toEqual([{ line: 1, value: 'project_id', problem: 'The file has a project_id column but no project_number column.' }]);
  });

  it('a file that is not CSV says so in one sentence, naming the line', () => {
    expect(parseTargetList('aws', 'account_id\n"444455550001\n', ctx).problems).toEqual([{ line: 2, value: '', problem: expect.stringMatching(/^The file is not valid CSV: .*[^.]\.$/) }]);
  });

  it('a line after comments is named by its own number', () => {
    const list = parseTargetList('azure', `# subscriptions of Acme\n${SUB}\n\n# the typo\n# and another comment\nnot-a-guid\n`, ctx);
    expect(list.problems.map((p) => p.line)).toEqual([6]);
    expect(parseTargetList('aws', 'account_id\n# prod\n444455550001\n#dev\n44445555\n', ctx).problems.map((p) => p.line)).toEqual([5]);
  });

  it('flags one by one: the same checks, each problem named by the flag and its position', () => {
    const list = targetListOf('gcp', ['acme-prod-1111:111111111111', ' acme-dev-2222:222222222222 ', 'acme-prod-1111:111111111111', 'x'], ctx, flag);
    expect(list.targets).toHaveLength(2);
    expect(list.problems.map((p) => [flag(p.line), p.problem])).toEqual([
      ['--project #3', 'Duplicate of --project #1.'],
      ['--project #4', expect.stringMatching(/^"x" is not <project id>:<project number>/)],
    ]);
    // A value that looks like a comment or a CSV header is still a value when given as a flag.
    expect(targetListOf('azure', ['#' + SUB, 'subscription_id'], ctx, flag).problems.map((p) => p.line)).toEqual([1, 2]);
  });
});
