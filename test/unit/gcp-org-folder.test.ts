import { parse } from '@cdktf/hcl2json';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { Artifact } from '../../shared/artifacts/artifact.js';
import { GcpBootstrapError, buildGcpBootstrap } from '../../shared/artifacts/gcp.js';
import type { PermissionTier } from '../../shared/domain/tiers.js';
import { gcpBootstrapInput } from '../../shared/ipc/clouds/gcp.js';
import { expectGolden } from '../support/golden.js';

// Issue 20 §2: step 2 grants the read roles at an organisation or a folder; the pool stays in one project.
const SA = 'alphaswarm-broker@alphaswarm-prod.iam.gserviceaccount.com';
const files = (artifacts: readonly Artifact[]) => artifacts.map((a) => ({ path: a.filename, content: a.content }));
const build = (at: { organizationId?: string; folderId?: string }, tier: PermissionTier = 'standard', fromTier?: PermissionTier) =>
  buildGcpBootstrap({
    orgId: 'acme-prod',
    poolId: 'alphaswarm-broker-acme-prod',
    issuer: 'https://alpha-swarm.ai/oidc/',
    subject: 'alphaswarm:org:acme-prod',
    audience: 'https://alpha-swarm.ai/gcp',
    serviceAccountEmail: SA,
    memberScope: 'subject',
    projectId: 'acme-security-hub',
    projectNumber: '483920174562',
    tier,
    fromTier,
    ...at,
  });
const grant = (b: ReturnType<typeof build>) => b.artifacts.find((a) => a.id === 'grant-project-access')!;
const terraform = (b: ReturnType<typeof build>) => b.artifacts.find((a) => a.id === 'terraform')!.content;

/** What bash hands gcloud: each command's words (bash is a different parser from ours). */
function gcloudWords(script: string): string[][] {
  const out = execFileSync('bash', ['-c', script.replace(/^gcloud /gm, "printf '\\1'; printf '%s\\0' gcloud ")], { encoding: 'utf8' });
  return out.split('\u0001').filter((s) => s !== '').map((cmd) => cmd.split('\0').filter((w) => w !== ''));
}

describe('GCP step 2 at an organisation or a folder (golden)', () => {
  it('organisation, standard: gcloud organizations add-iam-policy-binding and google_organization_iam_member; the SA binding unchanged', async () => {
    const b = build({ organizationId: '123456789012' });
    expectGolden('gcp-org-folder/organization-standard', files(b.artifacts));
    expect(grant(b).filename).toBe('grant-organization-access.sh');
    const words = gcloudWords(grant(b).content);
    expect(words.map((w) => w.slice(0, 4))).toEqual([
      ['gcloud', 'organizations', 'add-iam-policy-binding', '123456789012'],
      ['gcloud', 'organizations', 'add-iam-policy-binding', '123456789012'],
      ['gcloud', 'organizations', 'add-iam-policy-binding', '123456789012'],
    ]);
    expect(words.map((w) => w.find((x) => x.startsWith('--role='))).sort()).toEqual(['--role=roles/browser', '--role=roles/iam.serviceAccountUser', '--role=roles/viewer']);
    expect(words.every((w) => w.includes(`--member=serviceAccount:${SA}`))).toBe(true);
    // roles/iam.workloadIdentityUser stays on the broker service account.
    expect(b.artifacts.find((a) => a.id === 'bind-service-account')!.content).toContain(`gcloud iam service-accounts add-iam-policy-binding ${SA}`);
    expect(b.artifacts.find((a) => a.id === 'bind-service-account')!.content).toContain('--role=roles/iam.workloadIdentityUser');
    const tf = await parse('main.tf', terraform(b));
    expect(tf.variable.organization_id[0].default).toBe('123456789012');
    expect(Object.values(tf.resource.google_organization_iam_member as Record<string, { org_id: string; role: string; member: string }[]>).map((r) => [r[0]!.org_id, r[0]!.role])).toEqual([
      ['${var.organization_id}', 'roles/browser'],
      ['${var.organization_id}', 'roles/iam.serviceAccountUser'],
      ['${var.organization_id}', 'roles/viewer'],
    ]);
    expect(tf.resource.google_project_iam_member).toBeUndefined();
    expect(tf.resource.google_service_account_iam_member.alphaswarm[0].role).toBe('roles/iam.workloadIdentityUser');
    expect(b.notes.map((n) => n.text).join('\n')).toMatch(/granted at organisation 123456789012: every project below it inherits them/);
  });

  it('folder, security-audit: gcloud resource-manager folders add-iam-policy-binding and google_folder_iam_member', async () => {
    const b = build({ folderId: '3589215982' }, 'security-audit');
    expectGolden('gcp-org-folder/folder-security-audit', files(b.artifacts));
    expect(grant(b).filename).toBe('grant-folder-access.sh');
    const words = gcloudWords(grant(b).content);
    expect(words.every((w) => w.slice(0, 5).join(' ') === 'gcloud resource-manager folders add-iam-policy-binding 3589215982')).toBe(true);
    expect(words.map((w) => w.find((x) => x.startsWith('--role=')))).toContain('--role=roles/cloudasset.viewer');
    const tf = await parse('main.tf', terraform(b));
    expect(tf.variable.folder_id[0].default).toBe('3589215982');
    const members = Object.values(tf.resource.google_folder_iam_member as Record<string, { folder: string; role: string }[]>);
    expect(members).toHaveLength(5);
    expect(members.every((r) => r[0]!.folder === 'folders/${var.folder_id}')).toBe(true);
  });

  it('organisation, core: the custom role is the organisation\'s, in gcloud and Terraform', async () => {
    const b = build({ organizationId: '123456789012' }, 'core');
    expectGolden('gcp-org-folder/organization-core', files(b.artifacts));
    const words = gcloudWords(grant(b).content);
    expect(words[0]!.slice(0, 6)).toEqual(['gcloud', 'iam', 'roles', 'create', 'alphaswarmCore', '--organization=123456789012']);
    expect(words[1]).toContain('--role=organizations/123456789012/roles/alphaswarmCore');
    const tf = await parse('main.tf', terraform(b));
    expect(tf.resource.google_organization_iam_custom_role.alphaswarm_core[0].org_id).toBe('${var.organization_id}');
    expect(tf.resource.google_organization_iam_member.alphaswarm_0[0].role).toBe('${google_organization_iam_custom_role.alphaswarm_core.id}');
    expect(tf.resource.google_project_iam_custom_role).toBeUndefined();
  });

  it('core at a folder is refused (folders hold no custom roles); a raise at a folder shows only the new roles', () => {
    expect(() => build({ folderId: '3589215982' }, 'core')).toThrow(GcpBootstrapError);
    expect(() => build({ folderId: '3589215982' }, 'core')).toThrow(/cannot be granted at a folder.*--organization.*--tier standard/s);
    expect(() => build({ organizationId: '1', folderId: '2' })).toThrow(/not both/);
    const raise = build({ folderId: '3589215982' }, 'security-audit', 'standard');
    expect(raise.artifacts.map((a) => a.filename)).toEqual(['grant-folder-access.sh']);
    expect(gcloudWords(grant(raise).content).map((w) => w.find((x) => x.startsWith('--role=')))).toEqual(['--role=roles/iam.securityReviewer', '--role=roles/cloudasset.viewer']);
  });
});

describe('GCP organisation and folder ids at the boundary', () => {
  const input = (extra: Record<string, unknown>) => gcpBootstrapInput.safeParse({ cloud: 'gcp', orgId: 'acme-prod', ...extra });
  it('decimal numbers, trimmed; the resource name prefix accepted and dropped', () => {
    expect(input({ organizationId: ' 123456789012 ' }).data?.organizationId).toBe('123456789012');
    expect(input({ folderId: 'folders/3589215982' }).data?.folderId).toBe('3589215982');
    expect(input({ organizationId: 'organizations/42' }).data?.organizationId).toBe('42');
  });
  it.each([
    ['organizationId', 'acme.com', /a number .* not a name: gcloud organizations list/],
    ['organizationId', '0123', /without a leading zero/],
    ['organizationId', '12345678901234567890', /1 to 19 digits/],
    ['folderId', "1'; rm -rf ~; echo '", /A folder id is a number/],
    ['folderId', '12\n34', /A folder id is a number/],
    ['folderId', 'organizations/123', /A folder id is a number/],
    ['folderId', '', /A folder id is empty/],
  ])('%s %j is refused with what to do', (field, value, message) => {
    const r = input({ [field]: value });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.message).toMatch(message);
  });
  it('an organisation and a folder together are refused', () => {
    const r = input({ organizationId: '1', folderId: '2' });
    expect(r.error!.issues[0]!.message).toMatch(/organisation or at a folder, not both/);
  });
});
