import { defineCloud } from './descriptor.js';
import type { SettingDefFor } from '../setting-def.js';
import { audienceProblem, httpUrl } from '../setting-checks.js';

export const gcpCloud = defineCloud({
  kind: 'gcp',
  label: 'Google Cloud',
  authMethod: 'Workload Identity Federation + service-account impersonation',
  qualifier: 'project',
  noun: 'Google Cloud project',
  secret: null,
  connectMany: true,
  settings: [
    {
      name: 'ALPHASWARM_ADMIN_GCP_WIF_AUDIENCE', class: 'identity',
      label: 'Subject-token audience',
      purpose: "the audience AlphaSwarm's subject tokens carry (each customer's provider allows it)",
      example: 'https://alpha-swarm.ai/gcp',
      cloud: 'gcp',
      group: 'identity',
      required: true,
      secret: false,
      problem: audienceProblem,
    },
    {
      name: 'ALPHASWARM_ADMIN_GCP_WIF_SERVICE_ACCOUNT_EMAIL', class: 'identity',
      label: 'Service account to impersonate',
      purpose: "AlphaSwarm's service account that customers let AlphaSwarm impersonate",
      example: 'alphaswarm-broker@alphaswarm-prod.iam.gserviceaccount.com',
      cloud: 'gcp',
      group: 'identity',
      required: true,
      secret: false,
      problem: (v) => (/^[a-z][a-z0-9-]{4,28}[a-z0-9]@[a-z][a-z0-9-]{4,28}[a-z0-9]\.iam\.gserviceaccount\.com$/.test(v) ? undefined : 'must be a service-account email (name@project.iam.gserviceaccount.com)'),
    },
    { name: 'ALPHASWARM_ADMIN_GCP_STS_ENDPOINT', class: 'secret-endpoint', label: 'Google STS endpoint', purpose: 'the Google STS endpoint', cloud: 'gcp', group: 'endpoint', required: false, secret: false, problem: httpUrl },
    { name: 'ALPHASWARM_ADMIN_GCP_IAMCREDENTIALS_ENDPOINT', class: 'secret-endpoint', label: 'IAM Credentials endpoint', purpose: 'the Google IAM Credentials endpoint', cloud: 'gcp', group: 'endpoint', required: false, secret: false, problem: httpUrl },
    { name: 'ALPHASWARM_ADMIN_GCP_CRM_ENDPOINT', class: 'secret-endpoint', label: 'Resource Manager endpoint', purpose: 'the Google Resource Manager endpoint', cloud: 'gcp', group: 'endpoint', required: false, secret: false, problem: httpUrl },
  ] satisfies readonly SettingDefFor<string>[],
  cli: {
    target: [
      { flag: 'project-id', field: 'projectId', type: 'string', value: '<id>', missing: 'Missing --project-id <id> (the name-like id).' },
      { flag: 'project-number', field: 'projectNumber', type: 'string', value: '<n>', missing: "Missing --project-number <digits> (gcloud projects describe <id> --format='value(projectNumber)')." },
      { flag: 'tier', field: 'tier', type: 'string', value: '<core|standard|security-audit>' },
    ],
    bootstrap: [
      { flag: 'project-id', field: 'projectId', type: 'string', value: '<id>' },
      { flag: 'project-number', field: 'projectNumber', type: 'string', value: '<n>' },
      { flag: 'member-scope', field: 'memberScope', type: 'string', value: 'subject|pool' },
      { flag: 'organization', field: 'organizationId', type: 'string', value: '<number>' },
      { flag: 'folder', field: 'folderId', type: 'string', value: '<number>' },
      { flag: 'tier', field: 'tier', type: 'string', value: '<core|standard|security-audit>' },
    ],
  },
});
