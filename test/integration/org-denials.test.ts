import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SUBSCRIPTION_ID, type AzureWorld, resetAzure, startAzureWorld } from '../support/azure-env.js';
import { cli } from '../support/cli.js';
import { TestClock } from '../support/clock.js';
import { PROJECT_ID, PROJECT_NUMBER, SERVICE_ACCOUNT, type GcpWorld, resetGcp, startGcpWorld } from '../support/gcp-env.js';
import { type Harness, createHarness } from '../support/harness.js';
import { ipc } from '../support/contracts.js';

const ORG = 'acme-corp';

describe("Google and Azure refusals by the customer's organisation, named with who can fix them", () => {
  let gcp: GcpWorld;
  let azure: AzureWorld;
  let h: Harness;

  beforeAll(async () => {
    [gcp, azure] = await Promise.all([startGcpWorld(), startAzureWorld()]);
  });
  afterAll(async () => Promise.all([gcp.fake.stop(), azure.fake.stop()]));
  beforeEach(async () => {
    resetGcp(gcp);
    resetAzure(azure);
    // Each world signs with its own issuer key: the GCP tests use its settings, Azure's reopen with its own.
    h = await createHarness({ env: gcp.env() });
    gcp.fake.now = () => h.clock.now();
    azure.fake.now = () => h.clock.now();
    await h.stepUp(ORG);
  });
  afterEach(() => h.close());

  it('GCP domain restricted sharing: the admin\'s binding is refused, and the pasted refusal names the constraint and the org policy administrator', async () => {
    gcp.setUpCustomer(ORG, { permissions: [] });
    gcp.fake.allowedMemberDomains.set(PROJECT_ID, ['acme.example']);
    // What the customer's admin runs from step 2 (gcloud projects add-iam-policy-binding → setIamPolicy).
    const res = await fetch(`${gcp.fake.url}/v1/projects/${PROJECT_ID}:setIamPolicy`, {
      method: 'POST',
      headers: { authorization: 'Bearer customer-admin', 'content-type': 'application/json' },
      body: JSON.stringify({ policy: { bindings: [{ role: 'roles/viewer', members: [`serviceAccount:${SERVICE_ACCOUNT}`] }] } }),
    });
    expect(res.status).toBe(400);
    const body = await res.text();
    // As gcloud prints it: its own words, then Google's body.
    const pasted = `ERROR: (gcloud.projects.add-iam-policy-binding) FAILED_PRECONDITION: One or more users named in the policy do not belong to a permitted customer.\n${body}`;
    const e = await h.ok(ipc.cloud.explainError, { cloud: 'gcp', text: pasted });
    expect(e).toMatchObject({ recognised: true, kind: 'gcp-org-policy', policy: 'constraints/iam.allowedPolicyMemberDomains' });
    expect(e.cause).toMatch(/^Domain restricted sharing/);
    expect(e.fix).toMatch(/^Who can fix it: the org policy administrator/);
    // gcloud's words alone (no JSON) are enough.
    expect((await h.ok(ipc.cloud.explainError, { cloud: 'gcp', text: 'FAILED_PRECONDITION: One or more users named in the policy do not belong to a permitted customer.' })).policy).toBe('constraints/iam.allowedPolicyMemberDomains');
    // And step 4 meanwhile: the roles are missing, with the commands that grant them.
    const target = { cloud: 'gcp' as const, orgId: ORG, projectId: PROJECT_ID, projectNumber: PROJECT_NUMBER };
    await h.ok(ipc.cloud.validateIdentity, target);
    expect((await h.ok(ipc.cloud.validatePermissions, target)).allGranted).toBe(false);
  });

  it('GCP workload identity pool provider constraint and a VPC-SC perimeter are named; the perimeter in step 4 itself', async () => {
    const provider = {
      error: {
        code: 400,
        message: 'Operation denied by org policy on resource: projects/483920174562/locations/global/workloadIdentityPools/alphaswarm-broker-acme-corp/providers/alphaswarm-oidc',
        status: 'FAILED_PRECONDITION',
        details: [{ '@type': 'type.googleapis.com/google.rpc.PreconditionFailure', violations: [{ type: 'constraints/iam.workloadIdentityPoolProviders', subject: 'orgpolicy:projects/483920174562', description: 'https://alpha-swarm.ai/oidc/ is not allowed.' }] }],
      },
    };
    const e = await h.ok(ipc.cloud.explainError, { cloud: 'gcp', text: JSON.stringify(provider) });
    expect(e).toMatchObject({ kind: 'gcp-org-policy', policy: 'constraints/iam.workloadIdentityPoolProviders', fix: expect.stringMatching(/org policy administrator .* issuer URI/) });

    gcp.setUpCustomer(ORG);
    const target = { cloud: 'gcp' as const, orgId: ORG, projectId: PROJECT_ID, projectNumber: PROJECT_NUMBER };
    await h.ok(ipc.cloud.validateIdentity, target);
    gcp.fake.perimeters.set(PROJECT_ID, 'kZ3bT9cQ1xP');
    const denied = await h.fails(ipc.cloud.validatePermissions, target);
    expect(denied).toMatchObject({ code: 'cloud_denied', details: { denial: 'gcp-vpc-sc', policy: 'kZ3bT9cQ1xP' } });
    expect(denied.message).toContain('VPC Service Controls perimeter');
    expect(denied.hint).toMatch(/^Who can fix it: the customer's VPC Service Controls administrator/);
    expect(denied.hint).not.toMatch(/roles\/browser/);
  });

  it("Azure RequestDisallowedByPolicy on the admin's role assignment names the policy assignment and its owner", async () => {
    h.close();
    h = await createHarness({ env: azure.env() });
    azure.fake.now = () => h.clock.now();
    azure.setUpCustomer(ORG);
    azure.fake.subscriptions.get(SUBSCRIPTION_ID)!.denyRoleAssignments = { name: 'deny-external-principals', displayName: 'Deny external principals', definition: 'a1b2c3d4-0000-4000-8000-000000000001' };
    // What `az role assignment create` sends (a PUT of the assignment).
    const res = await fetch(`${azure.fake.url}/subscriptions/${SUBSCRIPTION_ID}/providers/Microsoft.Authorization/roleAssignments/1f0e2d3c-4b5a-4697-8877-665544332211?api-version=2022-04-01`, {
      method: 'PUT',
      headers: { authorization: 'Bearer customer-admin', 'content-type': 'application/json' },
      body: JSON.stringify({ properties: { roleDefinitionId: 'x', principalId: 'y', principalType: 'ServicePrincipal' } }),
    });
    expect(res.status).toBe(403);
    const body = await res.text();
    const e = await h.ok(ipc.cloud.explainError, { cloud: 'azure', text: `ERROR: (RequestDisallowedByPolicy) refused.\n${body}` });
    expect(e).toMatchObject({ recognised: true, kind: 'azure-policy', policy: `/subscriptions/${SUBSCRIPTION_ID}/providers/Microsoft.Authorization/policyAssignments/deny-external-principals` });
    expect(e.cause).toContain('the policy assignment "Deny external principals"');
    expect(e.fix).toMatch(/^Who can fix it: the owner of that policy assignment at \/subscriptions\//);
    expect(e.fix).toContain('az policy exemption create');
    // Only the message (older answers): the assignment is read from its "Policy identifiers".
    const { error } = JSON.parse(body) as { error: { message: string } };
    const old = await h.ok(ipc.cloud.explainError, { cloud: 'azure', text: `(RequestDisallowedByPolicy) ${error.message}` });
    expect(old.cause).toContain('"Deny external principals"');
  });

  it('the CLI reads the error from a file or standard input; what it does not know it says so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'explain-'));
    const env = { ...h.env, ALPHASWARM_ADMIN_DATA_DIR: join(dir, 'data') };
    const clock = new TestClock();
    const file = join(dir, 'err.txt');
    writeFileSync(file, 'An error occurred (UnauthorizedOperation) when calling the DescribeRegions operation: You are not authorized to perform this operation. User: arn:aws:sts::444455556666:assumed-role/r/s is not authorized to perform: ec2:DescribeRegions with an explicit deny in a service control policy');
    const r = await cli(['explain-error', 'aws', '--file', file], env, clock);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Recognised: aws-scp (ec2:DescribeRegions)');
    expect(r.stdout).toContain("The management account's admin");
    const unknown = await cli(['explain-error', 'gcp', '--json'], env, clock, 'Quota exceeded for quota metric');
    expect(unknown.json()).toMatchObject({ recognised: false, kind: 'unknown' });
  });
});
