import { GcpFake } from '../fakes/gcp/gcp-fake.js';
import { FOLDERS_PAGE, SEARCH_PAGE } from '../fakes/gcp/hierarchy.js';
import { poolIdFor } from '../../main/providers/gcp/pool-id.js';
import { ISSUER, issuerKey } from './oidc.js';

export const PROJECT_ID = 'acme-prod-4821';
export const PROJECT_NUMBER = '483920174562';
export const SERVICE_ACCOUNT = 'alphaswarm-broker@alphaswarm-platform.iam.gserviceaccount.com';
export const GCP_AUDIENCE = 'https://alpha-swarm.ai/gcp';

export interface GcpWorld {
  readonly fake: GcpFake;
  env(): Record<string, string>;
  /** The customer ran step 2: pool, provider with condition, binding, project roles. */
  setUpCustomer(orgId: string, options?: { member?: 'subject' | 'pool' | 'none'; permissions?: string[]; condition?: string | null; audiences?: string[] }): void;
}

export async function startGcpWorld(): Promise<GcpWorld> {
  const fake = await new GcpFake().start();
  const { keyFile, jwks } = await issuerKey();
  fake.issuers.set(ISSUER, jwks);
  return {
    fake,
    env: () => ({ ALPHASWARM_ADMIN_TEST_MODE: '1',
      ALPHASWARM_ADMIN_GCP_WIF_AUDIENCE: GCP_AUDIENCE,
      ALPHASWARM_ADMIN_GCP_WIF_SERVICE_ACCOUNT_EMAIL: SERVICE_ACCOUNT,
      ALPHASWARM_ADMIN_GCP_STS_ENDPOINT: fake.url,
      ALPHASWARM_ADMIN_GCP_IAMCREDENTIALS_ENDPOINT: fake.url,
      ALPHASWARM_ADMIN_GCP_CRM_ENDPOINT: fake.url,
      ALPHASWARM_ADMIN_OIDC_SIGNING_KEY_FILE: keyFile,
    }),
    setUpCustomer(orgId, options = {}) {
      const poolId = poolIdFor(orgId);
      const subject = `alphaswarm:org:${orgId}`;
      if (!fake.projects.has(PROJECT_ID)) fake.addProject(PROJECT_ID, PROJECT_NUMBER);
      const pool = fake.addPool(PROJECT_NUMBER, poolId);
      pool.providers.set('alphaswarm-oidc', {
        issuerUri: ISSUER,
        allowedAudiences: options.audiences ?? [GCP_AUDIENCE],
        attributeCondition: options.condition === undefined ? `assertion.sub == '${subject}'` : options.condition,
        disabled: false,
      });
      const sa = fake.serviceAccounts.get(SERVICE_ACCOUNT) ?? fake.addServiceAccount(SERVICE_ACCOUNT);
      const member = options.member ?? 'subject';
      const base = `//iam.googleapis.com/projects/${PROJECT_NUMBER}/locations/global/workloadIdentityPools/${poolId}`;
      if (member === 'subject') sa.workloadIdentityUsers.push(`principal:${base}/subject/${subject}`);
      if (member === 'pool') sa.workloadIdentityUsers.push(`principalSet:${base}/*`);
      fake.grant(PROJECT_ID, `serviceAccount:${SERVICE_ACCOUNT}`, options.permissions ?? ['resourcemanager.projects.get', 'iam.serviceAccounts.actAs', 'compute.instances.list']);
    },
  };
}

export function resetGcp(world: GcpWorld): void {
  const { fake } = world;
  fake.pools.clear();
  fake.serviceAccounts.clear();
  fake.projects.clear();
  fake.hierarchy.clear();
  Object.assign(fake.searchPage, SEARCH_PAGE);
  Object.assign(fake.foldersPage, FOLDERS_PAGE);
  fake.credentialsApiDisabled.clear();
  fake.requests.length = 0;
}
