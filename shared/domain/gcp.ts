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

export function projectIdProblem(raw: string): string | undefined {
  const v = raw.trim();
  if (v === '') return 'The project id is empty.';
  if (/^\d+$/.test(v)) return `"${v}" is a project number; the project id is the name-like one (for example my-project-123).`;
  if (!PROJECT_ID_PATTERN.test(v)) return `"${v}" is not a project id: 6–30 lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen.`;
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
