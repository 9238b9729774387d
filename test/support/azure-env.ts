import { AzureFake } from '../fakes/azure/azure-fake.js';
import { ISSUER, issuerKey } from './oidc.js';

export const APP_CLIENT_ID = '6a5f2f61-3c4c-4c8e-9a57-0f3b8b2d1e01';
export const APP_OBJECT_ID = '0f1e2d3c-4b5a-4697-8877-665544332211';
export const TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const SUBSCRIPTION_ID = '1b2c3d4e-5f60-4718-9a0b-1c2d3e4f5a6b';

export interface AzureWorld {
  readonly fake: AzureFake;
  readonly keyFile: string;
  env(): Record<string, string>;
  /** The customer did everything step 2 asked: credential, consent, Reader. Returns the SP object id. */
  setUpCustomer(orgId: string, options?: { role?: 'Reader' | 'Contributor' | 'Owner' | null }): string;
}

export async function startAzureWorld(): Promise<AzureWorld> {
  const fake = await new AzureFake().start();
  const { keyFile, jwks } = await issuerKey();
  fake.issuers.set(ISSUER, jwks);
  fake.addApp(APP_CLIENT_ID, APP_OBJECT_ID);
  return {
    fake,
    keyFile,
    env: () => ({ ALPHASWARM_ADMIN_TEST_MODE: '1',
      ALPHASWARM_ADMIN_AZURE_APP_CLIENT_ID: APP_CLIENT_ID,
      ALPHASWARM_ADMIN_AZURE_APP_OBJECT_ID: APP_OBJECT_ID,
      ALPHASWARM_ADMIN_AZURE_AUTHORITY_HOST: fake.url,
      ALPHASWARM_ADMIN_AZURE_ARM_ENDPOINT: fake.url,
      ALPHASWARM_ADMIN_OIDC_SIGNING_KEY_FILE: keyFile,
    }),
    setUpCustomer(orgId, options = {}) {
      fake.addFederatedCredential(APP_CLIENT_ID, { name: `alphaswarm-${orgId}`, issuer: ISSUER, subject: `alphaswarm:org:${orgId}`, audiences: ['api://AzureADTokenExchange'] });
      if (!fake.tenants.has(TENANT_ID)) fake.addTenant(TENANT_ID);
      const sp = fake.tenants.get(TENANT_ID)!.servicePrincipals.get(APP_CLIENT_ID) ?? fake.consent(TENANT_ID, APP_CLIENT_ID);
      if (!fake.subscriptions.has(SUBSCRIPTION_ID)) fake.addSubscription(SUBSCRIPTION_ID, TENANT_ID);
      const role = options.role === undefined ? 'Reader' : options.role;
      if (role) fake.assignRole(SUBSCRIPTION_ID, sp, role);
      return sp;
    },
  };
}

export function resetAzure(world: AzureWorld): void {
  const { fake } = world;
  fake.apps.get(APP_CLIENT_ID)!.federatedCredentials.length = 0;
  fake.tenants.clear();
  fake.subscriptions.clear();
  fake.managementGroups.clear();
  fake.descendantsPageSize = 100;
  fake.armResource = 'https://management.azure.com';
  fake.requests.length = 0;
  fake.propagationMs = 0;
}
