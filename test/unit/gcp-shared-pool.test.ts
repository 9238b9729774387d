import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StoredConnection } from '../../main/credentials/integration-store.js';
import { systemClock } from '../../main/platform/clock.js';
import { GcpProvider } from '../../main/providers/cloud-gcp.js';
import { Settings } from '../../main/settings.js';

const settings = new Settings({
  ALPHASWARM_ADMIN_DATA_DIR: mkdtempSync(join(tmpdir(), 'gcp-shared-')),
  ALPHASWARM_ADMIN_GCP_WIF_AUDIENCE: 'https://alpha-swarm.ai/gcp',
  ALPHASWARM_ADMIN_GCP_WIF_SERVICE_ACCOUNT_EMAIL: 'alphaswarm-broker@alphaswarm-prod.iam.gserviceaccount.com',
});
const provider = new GcpProvider(settings, systemClock, () => {
  throw new Error('no token source in this test');
});

const stored = (record: Record<string, string>): StoredConnection => ({
  cloud: 'gcp',
  orgId: 'acme-corp',
  account: record.project_id!,
  primary: false,
  record,
  keyFingerprint: null,
  status: 'connected',
  statusReason: null,
  connectedAt: '2026-12-01T00:00:00.000Z',
  updatedAt: '2026-12-01T00:00:00.000Z',
  lastValidatedAt: null,
  expiresOn: null,
  exportedAt: null,
  exportJti: null,
});
const base = { pool_id: 'alphaswarm-broker-acme-corp', provider_id: 'alphaswarm-oidc', service_account_email: 'alphaswarm-broker@alphaswarm-prod.iam.gserviceaccount.com', subject: 'alphaswarm:org:acme-corp' };

// A project connected from an organisation or folder signs in through another project's pool: its cleanup says where that pool is.
describe('GCP: a project sharing the pool of another project', () => {
  it('cleanup removes the binding by the pool project\'s number and deletes the pool in its project, once no sharer is left', () => {
    const steps = provider.cleanup(stored({ ...base, project_id: 'eng-proj-001', project_number: '710000000001', pool_project_id: 'acme-security-hub', pool_project_number: '483920174562' }));
    const text = steps.map((s) => `${s.title}\n${s.content}`).join('\n');
    expect(text).toContain('principal://iam.googleapis.com/projects/483920174562/locations/global/workloadIdentityPools/alphaswarm-broker-acme-corp/subject/alphaswarm:org:acme-corp');
    expect(text).toContain('gcloud iam workload-identity-pools delete alphaswarm-broker-acme-corp --project=acme-security-hub --location=global');
    expect(text).toContain('Only once no project of the estate is connected: delete the pool (project acme-security-hub');
    // Its roles are inherited: no project-level removal that would do nothing.
    expect(text).not.toContain('gcloud projects remove-iam-policy-binding');
    expect(text).toContain('inherits AlphaSwarm\'s read roles from the organisation or folder');
  });

  it('a project with its own pool keeps the cleanup it always had', () => {
    const text = provider.cleanup(stored({ ...base, project_id: 'acme-prod-4821', project_number: '483920174562' })).map((s) => `${s.title}\n${s.content}`).join('\n');
    expect(text).toContain('Delete the pool (customer project; deletes its provider too)');
    expect(text).toContain('--project=acme-prod-4821 --location=global');
    expect(text).toContain('gcloud projects remove-iam-policy-binding acme-prod-4821 ');
  });
});
