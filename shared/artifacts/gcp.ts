import {
  GCP_BASELINE_PERMISSIONS,
  GCP_CORE_ROLE_ID,
  gcpTierGrants,
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
}

/** The project roles to grant (each with the permission step 4 tests for it): the tier's, or a raise's new ones. */
export function gcpGrants(input: Pick<GcpBootstrapInput, 'tier' | 'fromTier' | 'projectId'>): { permission: string; role: string }[] {
  const project = input.projectId ?? '<project-id>';
  const wanted = gcpTierGrants(input.tier ?? DEFAULT_TIER, project);
  if (input.fromTier === undefined) return wanted;
  const had = new Set(gcpTierGrants(input.fromTier, project).map((g) => g.role));
  return wanted.filter((g) => !had.has(g.role));
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
${(input.tier ?? DEFAULT_TIER) === 'core' ? `
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
).join('')}`;
}

/** One binding per role (a role may be the one tested for several permissions). */
function uniqueRoles(grants: readonly { permission: string; role: string }[]): { permission: string; role: string }[] {
  const byRole = new Map<string, string[]>();
  for (const g of grants) byRole.set(g.role, [...(byRole.get(g.role) ?? []), g.permission]);
  return [...byRole].map(([role, permissions]) => ({ role, permission: permissions.join(', ') }));
}

/** Pool, provider and binding for Workload Identity Federation, built offline. No key file exists. */
export function buildGcpBootstrap(input: GcpBootstrapInput): GcpBootstrap {
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
      title: 'Grant the service account what step 4 checks',
      filename: 'grant-project-access.sh',
      language: 'shell',
      content:
        ((input.tier ?? DEFAULT_TIER) === 'core'
          ? `gcloud iam roles create ${GCP_CORE_ROLE_ID} --project=${shellQuote(project)} --title=${shellQuote(CORE_ROLE_TITLE)} --stage=GA \\\n  --permissions=${GCP_BASELINE_PERMISSIONS.map((p) => p.permission).join(',')}\n`
          : '') +
        uniqueRoles(gcpGrants(input))
          .map((p) => `gcloud projects add-iam-policy-binding ${shellQuote(project)} --member=serviceAccount:${input.serviceAccountEmail} --role=${shellQuote(p.role)}  # ${p.permission}\n`)
          .join(''),
      description: 'Run by the customer on their project.',
    },
  ];
  const notes: Note[] = [
    { level: 'info', text: `Pool id ${input.poolId}${input.poolId === `alphaswarm-broker-${input.orgId}` ? '' : ' is the short form: alphaswarm-broker-<org id> is not a valid pool id for this org (4–32 lowercase letters, digits, hyphens)'}.` },
    { level: 'info', text: 'New pools, providers and bindings can take up to five minutes to take effect.' },
    { level: 'info', text: 'Both the project id and the project number are needed: the provider is addressed by number, the project by id.' },
  ];
  const tier = input.tier ?? DEFAULT_TIER;
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
