import type { PermissionTier } from './tiers.js';
/** Google's rules for the identifiers the wizard asks for or derives. */
export const POOL_ID_PATTERN = /^(?!gcp-)[a-z0-9-]{4,32}$/;
export const PROJECT_ID_PATTERN = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
export const PROVIDER_ID = 'alphaswarm-oidc';
export const WORKLOAD_IDENTITY_USER_ROLE = 'roles/iam.workloadIdentityUser';

/** The baseline step 4 checks with projects.testIamPermissions, and the role that grants each. */
export const GCP_BASELINE_PERMISSIONS: readonly { permission: string; role: string }[] = [
  { permission: 'resourcemanager.projects.get', role: 'roles/browser' },
  { permission: 'iam.serviceAccounts.actAs', role: 'roles/iam.serviceAccountUser' },
];

/** Tier core's custom role (in the customer's project): exactly the baseline permissions. */
export const GCP_CORE_ROLE_ID = 'alphaswarmCore';

export function gcpCoreRole(projectId: string): string {
  return `projects/${projectId}/roles/${GCP_CORE_ROLE_ID}`;
}

/**
 * What each tier grants the service account on the project, and the permission step 4 tests for
 * each grant (projects.testIamPermissions). `core`: the custom role; `standard`: today's grants and
 * roles/viewer; `security-audit`: also roles/iam.securityReviewer and roles/cloudasset.viewer
 * (Cloud Asset Inventory: cloudasset.assets.*).
 */
export function gcpTierGrants(tier: PermissionTier, projectId: string): { permission: string; role: string }[] {
  if (tier === 'core') return GCP_BASELINE_PERMISSIONS.map((p) => ({ permission: p.permission, role: gcpCoreRole(projectId) }));
  const standard = [...GCP_BASELINE_PERMISSIONS, { permission: 'compute.instances.list', role: 'roles/viewer' }];
  if (tier === 'standard') return standard;
  return [
    ...standard,
    { permission: 'resourcemanager.projects.getIamPolicy', role: 'roles/iam.securityReviewer' },
    { permission: 'cloudasset.assets.searchAllResources', role: 'roles/cloudasset.viewer' },
  ];
}

/** Strings Google refuses inside a project id (Resource Manager, "Creating and managing projects"). */
export const PROJECT_ID_RESTRICTED = ['google', 'null', 'undefined', 'ssl'] as const;

/** An older organisation's domain-scoped project: `example.com:my-project` (the domain, a colon, the id). */
const DOMAIN_SCOPED = /^([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+):([^:]*)$/;

/**
 * Google's rules for a project id: 6–30 lowercase letters, digits and hyphens, starting with a
 * letter, not ending with a hyphen, holding none of the restricted strings; or a domain-scoped id
 * (`example.com:my-project`), whose id part follows the same rules.
 */
export function projectIdProblem(raw: string): string | undefined {
  const v = raw.trim();
  if (v === '') return 'The project id is empty.';
  if (/^\d+$/.test(v)) return `"${v}" is a project number; the project id is the name-like one (for example my-project-123).`;
  const scoped = DOMAIN_SCOPED.exec(v);
  const id = scoped ? scoped[2]! : v;
  const shown = v.slice(0, 80);
  if (!PROJECT_ID_PATTERN.test(id)) {
    return `"${shown}" is not a project id: 6–30 lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen${scoped ? ' (after the domain and its colon)' : ' (or a domain-scoped id such as example.com:my-project)'}.`;
  }
  const restricted = PROJECT_ID_RESTRICTED.find((word) => id.includes(word));
  if (restricted) return `"${shown}" is not a project id: Google refuses ids containing "${restricted}" (nor google, null, undefined or ssl).`;
  return undefined;
}

export function projectNumberProblem(raw: string): string | undefined {
  const v = raw.trim();
  if (v === '') return 'The project number is empty.';
  if (!/^\d+$/.test(v)) return `"${v}" is not a project number (digits only): gcloud projects describe <project-id> --format='value(projectNumber)'.`;
  if (v.length > 19 || v.startsWith('0')) return `"${v}" is not a valid project number.`;
  return undefined;
}

export function workloadPoolResource(projectNumber: string, poolId: string): string {
  return `projects/${projectNumber}/locations/global/workloadIdentityPools/${poolId}`;
}

/** The STS audience: the provider's full resource name. */
export function providerAudience(projectNumber: string, poolId: string, providerId = PROVIDER_ID): string {
  return `//iam.googleapis.com/${workloadPoolResource(projectNumber, poolId)}/providers/${providerId}`;
}

export function subjectMember(projectNumber: string, poolId: string, subject: string): string {
  return `principal://iam.googleapis.com/${workloadPoolResource(projectNumber, poolId)}/subject/${subject}`;
}

export function poolMember(projectNumber: string, poolId: string): string {
  return `principalSet://iam.googleapis.com/${workloadPoolResource(projectNumber, poolId)}/*`;
}

/** A CEL condition that admits only this org's subject (Google requires one for shared issuers). */
export function attributeCondition(subject: string): string {
  return `assertion.sub == '${subject.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * Where step 2 grants the read roles: one project, or an organisation or a folder (every project
 * below inherits them). Organisation and folder ids are decimal numbers (Resource Manager:
 * `organizations/123456789012`, `folders/3589215982`).
 */
export type GcpGrantScope = { readonly project: string } | { readonly organization: string } | { readonly folder: string };

/**
 * Why an organisation or folder id is unacceptable, or undefined: Google gives both as decimal
 * numbers (an int64, no leading zero); the resource name's prefix is accepted and dropped by the schema.
 */
export function resourceNumberProblem(raw: string, what: 'organization' | 'folder'): string | undefined {
  const v = raw.trim().replace(what === 'organization' ? /^organizations\// : /^folders\//, '');
  const where =
    what === 'organization'
      ? "gcloud organizations list (the ID column), or the console's resource picker"
      : 'gcloud resource-manager folders list --organization=<org id> (the ID column)';
  const noun = what === 'organization' ? 'An organisation id' : 'A folder id';
  if (v === '') return `${noun} is empty.`;
  if (!/^\d+$/.test(v)) return `${noun} is a number (for example 123456789012), not a name: ${where}.`;
  if (v.length > 19 || v.startsWith('0')) return `${noun} is a number of 1 to 19 digits without a leading zero: ${where}.`;
  return undefined;
}

/** The number alone, from `123`, ` 123 ` or `folders/123`. */
export function resourceNumber(raw: string): string {
  return raw.trim().replace(/^(?:organizations|folders)\//, '');
}

/** Tier core's custom role at an organisation (folders cannot hold custom roles). */
export function gcpOrganizationCoreRole(organization: string): string {
  return `organizations/${organization}/roles/${GCP_CORE_ROLE_ID}`;
}

/** The tier's grants at a scope: at an organisation, core's custom role is the organisation's. */
export function gcpScopeGrants(tier: PermissionTier, at: GcpGrantScope): { permission: string; role: string }[] {
  if ('project' in at) return gcpTierGrants(tier, at.project);
  if (tier === 'core' && 'organization' in at) return GCP_BASELINE_PERMISSIONS.map((p) => ({ permission: p.permission, role: gcpOrganizationCoreRole(at.organization) }));
  return gcpTierGrants(tier, '<project-id>');
}
