import { parse } from '@cdktf/hcl2json';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { Artifact } from '../../shared/artifacts/artifact.js';
import { buildAzureBootstrap } from '../../shared/artifacts/azure.js';
import { azureBootstrapInput } from '../../shared/ipc/clouds/azure.js';
import { expectGolden } from '../support/golden.js';

// Issue 20 §2: step 2 grants at a management group; every subscription below inherits the roles.
const APP = { clientId: '6a5f2f61-3c4c-4c8e-9a57-0f3b8b2d1e01', objectId: '0f1e2d3c-4b5a-4697-8877-665544332211' };
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const MG_SCOPE = '/providers/Microsoft.Management/managementGroups/';

const files = (artifacts: readonly Artifact[]) => artifacts.map((a) => ({ path: a.filename, content: a.content }));
const build = (managementGroupId: string, requiredRoles: string[] = ['Reader']) =>
  buildAzureBootstrap({
    orgId: 'acme-prod',
    issuer: 'https://alpha-swarm.ai/oidc/',
    subject: 'alphaswarm:org:acme-prod',
    audience: 'api://AzureADTokenExchange',
    appClientId: APP.clientId,
    appObjectId: APP.objectId,
    cloud: 'AzureCloud',
    requiredRoles,
    tenantId: TENANT,
    managementGroupId,
  });
const content = (b: ReturnType<typeof build>, id: string) => b.artifacts.find((a) => a.id === id)!.content;

/** What bash makes of the command: the words `--scope` receives (bash is a different parser from ours). */
function scopesAfterBash(script: string): string[] {
  const echoed = script.replace(/^SP_OBJECT_ID=.*$/m, 'SP_OBJECT_ID=x').replace(/^az /gm, 'printf "%s\\0" ');
  const out = execFileSync('bash', ['-c', echoed], { encoding: 'utf8' }).split('\0');
  return out.flatMap((w, i) => (w === '--scope' ? [out[i + 1]!] : []));
}

describe('Azure step 2 at a management group (golden)', () => {
  it('Reader (and the tier roles) at the group, in the az CLI and Terraform; no subscription to switch to', async () => {
    const b = build('contoso-prod', ['Reader', 'Monitoring Reader']);
    expectGolden('azure-management-group/reader', files(b.artifacts));
    const cli = content(b, 'role-assignment');
    expect(cli).not.toContain('az account set');
    expect(scopesAfterBash(cli)).toEqual([`${MG_SCOPE}contoso-prod`, `${MG_SCOPE}contoso-prod`]);
    const tf = await parse('customer-tenant.tf', content(b, 'terraform-role-assignment'));
    expect(tf.variable.management_group_id[0].default).toBe('contoso-prod');
    expect(Object.values(tf.resource.azurerm_role_assignment as Record<string, { scope: string }[]>).map((r) => r[0]!.scope)).toEqual([
      '/providers/Microsoft.Management/managementGroups/${var.management_group_id}',
      '/providers/Microsoft.Management/managementGroups/${var.management_group_id}',
    ]);
    expect(b.artifacts.find((a) => a.id === 'role-assignment')!.title).toBe('Grant Reader, Monitoring Reader on management group contoso-prod');
  });

  it('the core tier: its custom role is assignable at the group', async () => {
    const b = build('Contoso(Prod)_1.2', ['AlphaSwarm Core Reader']);
    expectGolden('azure-management-group/core', files(b.artifacts));
    expect(JSON.parse(content(b, 'core-role-definition')).AssignableScopes).toEqual([`${MG_SCOPE}Contoso(Prod)_1.2`]);
    // Parentheses are shell syntax: the id reaches az as one word.
    expect(scopesAfterBash(content(b, 'role-assignment'))).toEqual([`${MG_SCOPE}Contoso(Prod)_1.2`]);
    const tf = await parse('customer-tenant.tf', content(b, 'terraform-role-assignment'));
    expect(tf.resource.azurerm_role_definition.alphaswarm_core[0].assignable_scopes).toEqual(['/providers/Microsoft.Management/managementGroups/${var.management_group_id}']);
  });

  it("hostile ids never reach a shell or Terraform unescaped, even past the input's check", async () => {
    for (const hostile of ['x"; rm -rf ~; "', "a'b$(id)`whoami`", '${file("/etc/passwd")}', 'mg\n\\"q']) {
      const b = build(hostile);
      expect(scopesAfterBash(content(b, 'role-assignment'))).toEqual([`${MG_SCOPE}${hostile}`]);
      const tf = await parse('customer-tenant.tf', content(b, 'terraform-role-assignment'));
      // hcl2json shows an escaped template as its literal text: the value is data, not an interpolation.
      expect(tf.variable.management_group_id[0].default.replace('$${', '${')).toBe(hostile);
    }
  });
});

describe('the management group id, as Azure names it', () => {
  const parse = (managementGroupId: string, extra: Record<string, unknown> = {}) => azureBootstrapInput.safeParse({ cloud: 'azure', orgId: 'acme-prod', managementGroupId, ...extra });
  it('accepts letters, digits, - _ . ( ) up to 90 characters, trimmed', () => {
    for (const ok of ['contoso', 'Contoso-Prod_1.2(EU)', 'a', 'x'.repeat(90), TENANT]) expect(parse(ok).success, ok).toBe(true);
    expect(parse('  contoso  ').data?.managementGroupId).toBe('contoso');
  });
  it('refuses the rest with a message that says why', () => {
    const cases: [string, RegExp][] = [
      ['', /empty/],
      ['x'.repeat(91), /91 characters: Azure allows at most 90/],
      ['contoso.', /cannot end with a period/],
      ['Contoso Prod', /only letters, digits/],
      ['a;rm -rf /', /only letters, digits/],
      ['${x}', /only letters, digits/],
      ['mg\u001b[31m', /only letters, digits/],
      ['a/b', /only letters, digits/],
    ];
    for (const [bad, message] of cases) {
      const r = parse(bad);
      expect(r.success, JSON.stringify(bad)).toBe(false);
      expect(r.error!.issues[0]!.message).toMatch(message);
    }
  });
  it('a subscription or a management group, not both', () => {
    const r = parse('contoso', { subscriptionId: '1b2c3d4e-5f60-4718-9a0b-1c2d3e4f5a6b' });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.message).toMatch(/not both/);
  });
});
