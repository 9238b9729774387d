import {
  GCP_BASELINE_PERMISSIONS,
  GCP_CORE_ROLE_ID,
  type GcpGrantScope,
  gcpScopeGrants,
  PROVIDER_ID,
  WORKLOAD_IDENTITY_USER_ROLE,
  attributeCondition,
  poolMember,
  providerAudience,
  subjectMember,
} from '../domain/gcp.js';
import { type Artifact, type Note, prettyJson, shellQuote } from './artifact.js';
import { hcl } from './hcl.js';
import { DEFAULT_TIER, type PermissionTier, isRaise } from '../domain/tiers.js';

export type MemberScope = 'subject' | 'pool';

export interface GcpBootstrapInput {
  readonly orgId: string;
  /** Derived in main (pool-id.ts) so every surface shows the same id. */
  readonly poolId: string;
  readonly issuer: string;
  readonly subject: string;
  readonly audience: string;
  readonly serviceAccountEmail: string;
  readonly memberScope: MemberScope;
  readonly projectId?: string | undefined;
  readonly projectNumber?: string | undefined;
  readonly tier?: PermissionTier | undefined;
  /** Raising from this tier: only the project roles the higher tier adds. */
  readonly fromTier?: PermissionTier | undefined;
  /** Grant the read roles at this organisation (a decimal number) instead of the project. */
  readonly organizationId?: string | undefined;
  /** Or at this folder (a decimal number): every project below inherits them. */
  readonly folderId?: string | undefined;
}

/** Where the read roles go: the organisation, the folder, or the project (the pool's project stays the project). */
export function grantScopeOf(input: Pick<GcpBootstrapInput, 'projectId' | 'organizationId' | 'folderId'>): GcpGrantScope {
  if (input.organizationId !== undefined) return { organization: input.organizationId };
  if (input.folderId !== undefined) return { folder: input.folderId };
  return { project: input.projectId ?? '<project-id>' };
}

/** The read roles to grant (each with the permission step 4 tests for it): the tier's, or a raise's new ones. */
export function gcpGrants(input: Pick<GcpBootstrapInput, 'tier' | 'fromTier' | 'projectId' | 'organizationId' | 'folderId'>): { permission: string; role: string }[] {
  const at = grantScopeOf(input);
  const wanted = gcpScopeGrants(input.tier ?? DEFAULT_TIER, at);
  if (input.fromTier === undefined) return wanted;
  const had = new Set(gcpScopeGrants(input.fromTier, at).map((g) => g.role));
  return wanted.filter((g) => !had.has(g.role));
}

/** The gcloud command granting one role to the service account at the scope (each value shell-quoted). */
function grantCommand(at: GcpGrantScope, serviceAccount: string, role: string): string {
  const tail = `--member=${shellQuote(`serviceAccount:${serviceAccount}`)} --role=${shellQuote(role)}`;
  if ('organization' in at) return `gcloud organizations add-iam-policy-binding ${shellQuote(at.organization)} ${tail}`;
  if ('folder' in at) return `gcloud resource-manager folders add-iam-policy-binding ${shellQuote(at.folder)} ${tail}`;
  return `gcloud projects add-iam-policy-binding ${shellQuote(at.project)} --member=serviceAccount:${serviceAccount} --role=${shellQuote(role)}`;
}

/** Tier core's custom role: in the project, or in the organisation (folders hold none). */
function coreRoleCommand(at: GcpGrantScope): string {
  const where = 'organization' in at ? `--organization=${shellQuote(at.organization)}` : `--project=${shellQuote('project' in at ? at.project : '<project-id>')}`;
  return `gcloud iam roles create ${GCP_CORE_ROLE_ID} ${where} --title=${shellQuote(CORE_ROLE_TITLE)} --stage=GA \\\n  --permissions=${GCP_BASELINE_PERMISSIONS.map((p) => p.permission).join(',')}\n`;
}

/** Terraform for the read roles at an organisation or a folder (google_organization_iam_* / google_folder_iam_member). */
function scopeRolesTerraform(input: GcpBootstrapInput, at: { readonly organization: string } | { readonly folder: string }): string {
  const member = hcl(`serviceAccount:${input.serviceAccountEmail}`);
  const org = 'organization' in at;
  const variable = org
    ? `
variable "organization_id" {
  description = "The organisation whose projects AlphaSwarm reads (a number): every project below it inherits the roles."
  type        = string
  default     = ${hcl(at.organization)}
}
`
    : `
variable "folder_id" {
  description = "The folder whose projects AlphaSwarm reads (a number): every project below it, in sub-folders too, inherits the roles."
  type        = string
  default     = ${hcl(at.folder)}
}
`;
  const core =
    (input.tier ?? DEFAULT_TIER) === 'core' && org
      ? `
# Tier core: exactly what AlphaSwarm's checks call, as the organisation's custom role.
resource "google_organization_iam_custom_role" "alphaswarm_core" {
  org_id      = var.organization_id
  role_id     = "${GCP_CORE_ROLE_ID}"
  title       = "${CORE_ROLE_TITLE}"
  permissions = [${GCP_BASELINE_PERMISSIONS.map((p) => hcl(p.permission)).join(', ')}]
}
`
      : '';
  return `${variable}${core}${uniqueRoles(gcpGrants(input))
    .map((p, i) =>
      org
        ? `
resource "google_organization_iam_member" "alphaswarm_${i}" {
  org_id = var.organization_id
  role   = ${p.role.startsWith('organizations/') ? 'google_organization_iam_custom_role.alphaswarm_core.id' : hcl(p.role)} # ${p.permission}
  member = ${member}
}
`
        : `
resource "google_folder_iam_member" "alphaswarm_${i}" {
  folder = "folders/\${var.folder_id}"
  role   = ${hcl(p.role)} # ${p.permission}
  member = ${member}
}
`,
    )
    .join('')}`;
}

const CORE_ROLE_TITLE = 'AlphaSwarm core';

export interface GcpBootstrap {
  readonly cloud: 'gcp';
  readonly orgId: string;
  readonly tier: PermissionTier;
  readonly fromTier: PermissionTier | null;
  readonly poolId: string;
  readonly providerId: string;
  readonly issuer: string;
  readonly subject: string;
  readonly audience: string;
  readonly serviceAccountEmail: string;
  readonly attributeCondition: string;
  readonly member: string;
  readonly memberScope: MemberScope;
  readonly stsAudience: string;
  readonly artifacts: readonly Artifact[];
  readonly notes: readonly Note[];
}

/** Pool, provider (with its attribute condition) and binding as Terraform (google provider ≥ 5). */
export function gcpTerraform(input: GcpBootstrapInput, condition: string): string {
  const member =
    input.memberScope === 'subject'
      ? `"principal://iam.googleapis.com/\${google_iam_workload_identity_pool.alphaswarm.name}/subject/${input.subject.replace(/"/g, '\\"')}"`
      : '"principalSet://iam.googleapis.com/${google_iam_workload_identity_pool.alphaswarm.name}/*"';
  const at = grantScopeOf(input);
  const scoped = 'project' in at ? undefined : at;
  return `# AlphaSwarm workload identity federation for ${input.orgId}.
terraform {
  required_providers {
    google = { source = "hashicorp/google", version = ">= 5.0" }
  }
}

variable "project_id" {
  description = "The customer project's id (not its number)."
  type        = string${input.projectId ? `\n  default     = ${hcl(input.projectId)}` : ''}
}

resource "google_iam_workload_identity_pool" "alphaswarm" {
  project                   = var.project_id
  workload_identity_pool_id = ${hcl(input.poolId)}
  display_name              = "AlphaSwarm"
  description               = ${hcl(`AlphaSwarm federation for ${input.orgId}`)}
}

resource "google_iam_workload_identity_pool_provider" "alphaswarm" {
  project                            = var.project_id
  workload_identity_pool_id          = google_iam_workload_identity_pool.alphaswarm.workload_identity_pool_id
  workload_identity_pool_provider_id = ${hcl(PROVIDER_ID)}
  attribute_mapping = {
    "google.subject" = "assertion.sub"
  }
  # Only this org's subject may use the provider.
  attribute_condition = ${hcl(condition)}
  oidc {
    issuer_uri        = ${hcl(input.issuer)}
    allowed_audiences = [${hcl(input.audience)}]
  }
}

resource "google_service_account_iam_member" "alphaswarm" {
  service_account_id = ${hcl(`projects/-/serviceAccounts/${input.serviceAccountEmail}`)}
  role               = ${hcl(WORKLOAD_IDENTITY_USER_ROLE)}
  member             = ${member}
}
${scoped ? scopeRolesTerraform(input, scoped) : `${(input.tier ?? DEFAULT_TIER) === 'core' ? `
# Tier core: exactly what AlphaSwarm's checks call, as a custom role.
resource "google_project_iam_custom_role" "alphaswarm_core" {
  project     = var.project_id
  role_id     = "${GCP_CORE_ROLE_ID}"
  title       = "${CORE_ROLE_TITLE}"
  permissions = [${GCP_BASELINE_PERMISSIONS.map((p) => hcl(p.permission)).join(', ')}]
}
` : ''}${uniqueRoles(gcpGrants(input)).map(
  (p, i) => `
resource "google_project_iam_member" "alphaswarm_${i}" {
  project = var.project_id
  role    = ${p.role.startsWith('projects/') ? 'google_project_iam_custom_role.alphaswarm_core.id' : hcl(p.role)} # ${p.permission}
  member  = ${hcl(`serviceAccount:${input.serviceAccountEmail}`)}
}
`,
).join('')}`}`;
}

/** One binding per role (a role may be the one tested for several permissions). */
function uniqueRoles(grants: readonly { permission: string; role: string }[]): { permission: string; role: string }[] {
  const byRole = new Map<string, string[]>();
  for (const g of grants) byRole.set(g.role, [...(byRole.get(g.role) ?? []), g.permission]);
  return [...byRole].map(([role, permissions]) => ({ role, permission: permissions.join(', ') }));
}

/** Pool, provider and binding for Workload Identity Federation, built offline. No key file exists. */
export function buildGcpBootstrap(input: GcpBootstrapInput): GcpBootstrap {
  const tier = input.tier ?? DEFAULT_TIER;
  if (input.organizationId !== undefined && input.folderId !== undefined) throw new GcpBootstrapError('Grant at an organisation or at a folder, not both: give --organization or --folder.');
  if (input.folderId !== undefined && (tier === 'core' || input.fromTier === 'core')) {
    throw new GcpBootstrapError(`Tier core's custom role cannot be granted at a folder: Google keeps custom roles in a project or an organisation, never a folder. Grant core at the organisation (--organization), or choose --tier standard at folder ${input.folderId}.`);
  }
  const at = grantScopeOf(input);
  const scopeWords = 'organization' in at ? `organisation ${at.organization}` : 'folder' in at ? `folder ${at.folder}` : 'the project';
  const project = input.projectId ?? '<project-id>';
  const number = input.projectNumber ?? '<project-number>';
  const condition = attributeCondition(input.subject);
  const member = input.memberScope === 'subject' ? subjectMember(number, input.poolId, input.subject) : poolMember(number, input.poolId);
  const saProject = /@([a-z0-9-]+)\.iam\.gserviceaccount\.com$/.exec(input.serviceAccountEmail)?.[1] ?? '<service-account-project>';
  const config = {
    pool: { id: input.poolId, displayName: 'AlphaSwarm', description: `AlphaSwarm federation for ${input.orgId}` },
    provider: {
      id: PROVIDER_ID,
      issuerUri: input.issuer,
      allowedAudiences: [input.audience],
      attributeMapping: { 'google.subject': 'assertion.sub' },
      attributeCondition: condition,
    },
    serviceAccount: input.serviceAccountEmail,
    member,
  };
  const artifacts: Artifact[] = [
    {
      id: 'pool-provider-config',
      title: 'Pool and provider configuration',
      filename: 'workload_identity.json',
      language: 'json',
      content: prettyJson(config),
      description: 'What the commands below create, for review (and for Terraform or the console).',
    },
    {
      id: 'create-pool',
      title: '1 · Create the workload identity pool',
      filename: '1-create-pool.sh',
      language: 'shell',
      content:
        `gcloud iam workload-identity-pools create ${input.poolId} \\\n` +
        `  --project=${shellQuote(project)} --location=global \\\n` +
        `  --display-name=AlphaSwarm --description=${shellQuote(`AlphaSwarm federation for ${input.orgId}`)}\n`,
      description: "Run by the customer's project owner.",
    },
    {
      id: 'create-provider',
      title: '2 · Create the OIDC provider',
      filename: '2-create-provider.sh',
      language: 'shell',
      content:
        `gcloud iam workload-identity-pools providers create-oidc ${PROVIDER_ID} \\\n` +
        `  --project=${shellQuote(project)} --location=global --workload-identity-pool=${input.poolId} \\\n` +
        `  --issuer-uri=${shellQuote(input.issuer)} \\\n` +
        `  --allowed-audiences=${shellQuote(input.audience)} \\\n` +
        `  --attribute-mapping=${shellQuote('google.subject=assertion.sub')} \\\n` +
        `  --attribute-condition=${shellQuote(condition)}\n`,
      description: `The attribute condition admits only "${input.subject}": Google requires a condition for a shared issuer, and recommends one always.`,
    },
    {
      id: 'bind-service-account',
      title: '3 · Let the federated identity impersonate the service account',
      filename: '3-bind-service-account.sh',
      language: 'shell',
      content:
        `gcloud iam service-accounts add-iam-policy-binding ${input.serviceAccountEmail} \\\n` +
        `  --project=${shellQuote(saProject)} --role=${WORKLOAD_IDENTITY_USER_ROLE} \\\n` +
        `  --member=${shellQuote(member)}\n`,
      description:
        input.memberScope === 'subject'
          ? "Binds exactly this org's subject, not the whole pool. Run by whoever administers the service account."
          : 'Binds every identity in the pool (the seed\'s form). The subject form is narrower; prefer it unless the pool is dedicated to this org.',
    },
    {
      id: 'terraform',
      title: 'Terraform',
      filename: 'main.tf',
      language: 'hcl',
      content: gcpTerraform(input, condition),
      description: 'The pool, the provider with its attribute condition, the binding and the project roles as Terraform (google provider ≥ 5).',
    },
    {
      id: 'grant-project-access',
      title: 'project' in at ? 'Grant the service account what step 4 checks' : `Grant the service account what step 4 checks, on ${scopeWords}`,
      filename: 'organization' in at ? 'grant-organization-access.sh' : 'folder' in at ? 'grant-folder-access.sh' : 'grant-project-access.sh',
      language: 'shell',
      content:
        (tier === 'core' ? coreRoleCommand(at) : '') +
        uniqueRoles(gcpGrants(input))
          .map((p) => `${grantCommand(at, input.serviceAccountEmail, p.role)}  # ${p.permission}\n`)
          .join(''),
      description:
        'project' in at
          ? 'Run by the customer on their project.'
          : `Run by someone who may set IAM policy on ${scopeWords} (${'organization' in at ? 'roles/resourcemanager.organizationAdmin' : 'roles/resourcemanager.folderAdmin'}). Every project below inherits the roles, including ones created later.`,
    },
  ];
  const notes: Note[] = [
    { level: 'info', text: `Pool id ${input.poolId}${input.poolId === `alphaswarm-broker-${input.orgId}` ? '' : ' is the short form: alphaswarm-broker-<org id> is not a valid pool id for this org (4–32 lowercase letters, digits, hyphens)'}.` },
    { level: 'info', text: 'New pools, providers and bindings can take up to five minutes to take effect.' },
    { level: 'info', text: 'Both the project id and the project number are needed: the provider is addressed by number, the project by id.' },
  ];
  if (!('project' in at)) {
    notes.push({
      level: 'info',
      text: `The read roles are granted at ${scopeWords}: every project below it inherits them, including ones created later. The pool and its provider still live in one project (${project}), whose id and number the connection uses to sign in.`,
    });
  }
  let shown = artifacts;
  if (input.fromTier !== undefined) {
    if (!isRaise(input.fromTier, tier)) throw new GcpBootstrapError(`${tier} does not raise ${input.fromTier}: only a higher tier has anything to add (core < standard < security-audit).`);
    shown = artifacts.filter((a) => a.id === 'grant-project-access');
    notes.splice(0, notes.length, { level: 'info', text: `Only what ${tier} adds to ${input.fromTier}: ${uniqueRoles(gcpGrants(input)).map((g) => g.role).join(', ')}. The pool, provider and binding stay as they are.` });
  }
  return {
    cloud: 'gcp',
    orgId: input.orgId,
    tier,
    fromTier: input.fromTier ?? null,
    poolId: input.poolId,
    providerId: PROVIDER_ID,
    issuer: input.issuer,
    subject: input.subject,
    audience: input.audience,
    serviceAccountEmail: input.serviceAccountEmail,
    attributeCondition: condition,
    member,
    memberScope: input.memberScope,
    stsAudience: providerAudience(number, input.poolId),
    artifacts: shown,
    notes,
  };
}

export class GcpBootstrapError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GcpBootstrapError';
  }
}
