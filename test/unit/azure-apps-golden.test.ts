import { parse } from '@cdktf/hcl2json';
import { describe, expect, it } from 'vitest';
import type { Artifact } from '../../shared/artifacts/artifact.js';
import { azureAppRotationArtifacts, buildAzureBootstrap } from '../../shared/artifacts/azure.js';
import { expectGolden } from '../support/golden.js';

// Two of AlphaSwarm's apps (issue 20 §1): an org's artifacts name only its own.
const APP_A = { clientId: '6a5f2f61-3c4c-4c8e-9a57-0f3b8b2d1e01', objectId: '0f1e2d3c-4b5a-4697-8877-665544332211' };
const APP_B = { clientId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301', objectId: '9b2c1d0e-7a6f-4e5d-8c4b-3a2918076540' };
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const SUBSCRIPTION = '1b2c3d4e-5f60-4718-9a0b-1c2d3e4f5a6b';

const files = (artifacts: readonly Artifact[]) => artifacts.map((a) => ({ path: a.filename, content: a.content }));
const build = (orgId: string, app: typeof APP_A) =>
  buildAzureBootstrap({
    orgId,
    issuer: 'https://alpha-swarm.ai/oidc/',
    subject: `alphaswarm:org:${orgId}`,
    audience: 'api://AzureADTokenExchange',
    appClientId: app.clientId,
    appObjectId: app.objectId,
    cloud: 'AzureCloud',
    requiredRoles: ['Reader'],
    tenantId: TENANT,
    subscriptionId: SUBSCRIPTION,
  });

describe('Azure artifacts for orgs on two apps, as reviewed (golden)', () => {
  for (const [name, orgId, app, other] of [['app-a', 'acme-prod', APP_A, APP_B], ['app-b', 'globex', APP_B, APP_A]] as const) {
    it(`${orgId} on ${name}: every artifact names its app, never the other`, async () => {
      const b = build(orgId, app);
      expectGolden(`azure-apps/${name}`, files(b.artifacts));
      const all = b.artifacts.map((a) => a.content).join('\n');
      expect(all).toContain(app.clientId);
      expect(all).toContain(app.objectId);
      expect(all).not.toContain(other.clientId);
      expect(all).not.toContain(other.objectId);
      for (const a of b.artifacts.filter((x) => x.language === 'hcl')) expect(Object.keys(await parse(a.filename, a.content))).toContain('resource');
    });
  }

  it('the hand-over from app A to app B: the new app first, the old one retired last', () => {
    const r = azureAppRotationArtifacts({ orgId: 'acme-prod', cloud: 'AzureCloud', from: { clientId: APP_A.clientId, objectId: APP_A.objectId }, to: APP_B, tenantIds: [TENANT], subscriptionIds: [SUBSCRIPTION, '2c3d4e5f-6071-4829-8a0b-1c2d3e4f5a6c'], roles: ['Reader', 'Monitoring Reader'] });
    expectGolden('azure-apps/rotation-a-to-b', files([...r.transitional, ...r.final]));
    // Without the old app's object id (an org saved before records kept it), a placeholder the window refuses to copy.
    const unknown = azureAppRotationArtifacts({ orgId: 'acme-prod', cloud: 'AzureCloud', from: { clientId: APP_A.clientId, objectId: undefined }, to: APP_B, tenantIds: [TENANT], subscriptionIds: [SUBSCRIPTION], roles: ['Reader'] });
    expect(unknown.final.find((a) => a.id === 'rotation-retire-credential')!.content).toContain('--id <old-app-object-id>');
  });
});
