import { noCancel } from '../../main/platform/deadline.js';
import { awsProviderWithoutProfile, noProfile } from '../support/aws-env.js';
import { AzureOrgApps } from '../../main/providers/azure/org-app.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../../main/platform/clock.js';
import { subjectTokenSource } from '../../main/oidc/sources.js';
import { AzureProvider } from '../../main/providers/cloud-azure.js';
import { GcpProvider } from '../../main/providers/cloud-gcp.js';
import { Settings } from '../../main/settings.js';
import { awsEnv, startAwsFake } from '../support/aws-env.js';
import { SUBSCRIPTION_ID, TENANT_ID, startAzureWorld } from '../support/azure-env.js';
import { PROJECT_ID, PROJECT_NUMBER, startGcpWorld } from '../support/gcp-env.js';
import { CUSTOMER_ACCOUNT, EXTERNAL_ID_SECRET, PARTNER_ACCOUNT } from '../support/harness.js';
import { externalIdFor } from '../../main/providers/aws/external-id.js';
import type { BenchRow } from './table.js';

function settings(env: Record<string, string>): Settings {
  return new Settings({ ALPHASWARM_ADMIN_DATA_DIR: mkdtempSync(join(tmpdir(), 'bench-')), ...env });
}

/** Control-plane calls of one full run (steps 3, 4, 4* and 5) against each cloud's minimum. */
export async function callsPerRun(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const signal = noCancel();

  const { fake: aws, session } = await startAwsFake();
  aws.addRole({ accountId: CUSTOMER_ACCOUNT, roleName: 'alphaswarm-broker-acme-corp', trustedAccountId: PARTNER_ACCOUNT, externalIds: [externalIdFor(EXTERNAL_ID_SECRET, 'acme-corp')] });
  const awsProvider = awsProviderWithoutProfile(settings(awsEnv(aws, session)));
  const awsTarget = { cloud: 'aws' as const, orgId: 'acme-corp', roleArn: `arn:aws:iam::${CUSTOMER_ACCOUNT}:role/alphaswarm-broker-acme-corp` };
  await awsProvider.validateIdentity(awsTarget, signal);
  await awsProvider.validatePermissions(awsTarget, signal);
  await awsProvider.enumerate(awsTarget, signal);
  await awsProvider.prepareConnection(awsTarget, undefined, signal);
  rows.push({ name: 'AWS control-plane calls per full run', value: String(aws.callCount()), target: '= 4 (AssumeRole, GetCallerIdentity, Simulate, DescribeRegions)', ok: aws.callCount() === 4 });
  await aws.stop();

  const world = await startAzureWorld();
  world.setUpCustomer('acme-corp');
  const azureSettings = settings(world.env());
  const azureProvider = new AzureProvider(azureSettings, systemClock, () => subjectTokenSource(azureSettings, systemClock), new AzureOrgApps(azureSettings, noProfile));
  const azureTarget = { cloud: 'azure' as const, orgId: 'acme-corp', tenantId: TENANT_ID, subscriptionId: SUBSCRIPTION_ID };
  await azureProvider.validateIdentity(azureTarget, signal);
  await azureProvider.validatePermissions(azureTarget, signal);
  await azureProvider.enumerate(azureTarget, signal);
  await azureProvider.prepareConnection(azureTarget, undefined, signal);
  const azureCalls = world.fake.calls();
  rows.push({ name: 'Azure control-plane calls per full run', value: String(azureCalls), target: '= 4 (token, role assignments, role definitions, resource groups)', ok: azureCalls === 4 });
  await world.fake.stop();

  const gcp = await startGcpWorld();
  gcp.setUpCustomer('acme-corp');
  const gcpSettings = settings(gcp.env());
  const gcpProvider = new GcpProvider(gcpSettings, systemClock, () => subjectTokenSource(gcpSettings, systemClock));
  const gcpTarget = { cloud: 'gcp' as const, orgId: 'acme-corp', projectId: PROJECT_ID, projectNumber: PROJECT_NUMBER };
  await gcpProvider.validateIdentity(gcpTarget, signal);
  await gcpProvider.validatePermissions(gcpTarget, signal);
  await gcpProvider.enumerate(gcpTarget, signal);
  await gcpProvider.prepareConnection(gcpTarget, undefined, signal);
  const gcpCalls = gcp.fake.calls();
  rows.push({ name: 'GCP control-plane calls per full run', value: String(gcpCalls), target: '= 4 (STS, generateAccessToken, testIamPermissions, projects.get)', ok: gcpCalls === 4 });
  await gcp.fake.stop();
  return rows;
}
