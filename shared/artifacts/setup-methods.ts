import type { CloudKind } from '../domain/cloud.js';

/** Who runs an artifact: the customer's admin, or AlphaSwarm's own platform team. */
export type ArtifactAudience = 'customer' | 'platform';

/** One way the customer can set a cloud up; step 2 shows only the artifacts it needs. */
export interface SetupMethod {
  readonly id: string;
  readonly label: string;
  readonly summary: string;
  /** The artifact ids this method shows, in order (ids a bootstrap lacks are skipped). */
  readonly artifacts: readonly string[];
}

interface CloudSetup {
  readonly methods: readonly SetupMethod[];
  /** Artifacts every method shows first (a rotation in progress, say). */
  readonly always: readonly string[];
  /** Artifacts run by AlphaSwarm's platform team; every other one is for the customer. */
  readonly platform: readonly string[];
  /** What to send the platform team with their part. */
  readonly platformNote: string;
}

export const SETUP: Readonly<Record<CloudKind, CloudSetup>> = {
  aws: {
    methods: [
      {
        id: 'cloudformation',
        label: 'CloudFormation quick-create',
        summary: 'The customer opens a link in their AWS console; the stack creates the role with its trust policy and read-only access.',
        artifacts: ['quick-create-link', 'cloudformation-template'],
      },
      {
        id: 'stacksets',
        label: 'StackSets for an AWS Organization',
        summary: 'From the management account, one StackSet creates the role in every member account (the management account needs its own role).',
        artifacts: ['stackset-commands', 'cloudformation-template'],
      },
      { id: 'cli', label: 'AWS CLI', summary: 'Three commands with the trust policy saved next to them.', artifacts: ['trust-policy', 'create-role', 'attach-policy', 'baseline-policy'] },
      { id: 'terraform', label: 'Terraform', summary: 'The role, its trust policy and the read-only attachment as Terraform.', artifacts: ['terraform'] },
    ],
    always: ['rotation-transitional-policy', 'rotation-final-policy'],
    platform: [],
    platformNote: '',
  },
  azure: {
    methods: [
      {
        id: 'cli',
        label: 'Azure CLI',
        summary: "AlphaSwarm's platform team adds the federated credential; the customer consents and grants the role.",
        artifacts: ['federated-credential', 'create-federated-credential', 'admin-consent', 'role-assignment', 'claim-preview'],
      },
      {
        id: 'terraform',
        label: 'Terraform',
        summary: 'The federated credential (AlphaSwarm tenant) and the role assignment (customer tenant) as Terraform.',
        artifacts: ['terraform-federated-credential', 'admin-consent', 'terraform-role-assignment', 'claim-preview'],
      },
      {
        id: 'bicep',
        label: 'Bicep',
        summary: "AlphaSwarm's platform team adds the federated credential; the customer consents and deploys the role assignments as Bicep.",
        artifacts: ['federated-credential', 'create-federated-credential', 'admin-consent', 'bicep-roles', 'deploy-bicep', 'claim-preview'],
      },
    ],
    always: ['rotation-new-credential', 'rotation-handover', 'rotation-final', 'rotation-retire-credential'],
    platform: ['federated-credential', 'create-federated-credential', 'terraform-federated-credential', 'rotation-new-credential', 'rotation-retire-credential'],
    platformNote: "Send this to AlphaSwarm's platform team: it adds this organisation's federated credential to AlphaSwarm's app, in AlphaSwarm's own tenant.",
  },
  gcp: {
    methods: [
      {
        id: 'gcloud',
        label: 'gcloud',
        summary: 'The customer creates the pool and provider and grants project access; AlphaSwarm binds its service account.',
        artifacts: ['pool-provider-config', 'create-pool', 'create-provider', 'grant-project-access', 'bind-service-account'],
      },
      { id: 'terraform', label: 'Terraform', summary: 'The pool, the provider with its condition, the binding and the project roles as Terraform.', artifacts: ['terraform'] },
    ],
    always: [],
    platform: ['bind-service-account'],
    platformNote: "Send this to AlphaSwarm's platform team: it lets this organisation's federated identity impersonate AlphaSwarm's service account.",
  },
  cloudflare: {
    methods: [{ id: 'dashboard', label: 'Cloudflare dashboard', summary: 'The customer creates a scoped API token from a prefilled template and pastes it in step 3.', artifacts: ['token-instructions'] }],
    always: [],
    platform: [],
    platformNote: '',
  },
};

export function audienceOf(cloud: CloudKind, artifactId: string): ArtifactAudience {
  return SETUP[cloud].platform.includes(artifactId) ? 'platform' : 'customer';
}

/**
 * The placeholders a command still holds (`<project-id>`), which must never be copied: in a shell
 * `<` is a redirect. Returns each distinct name.
 */
export function placeholdersIn(content: string): string[] {
  return [...new Set([...content.matchAll(/<([a-z][a-z0-9-]{1,40})>/g)].map((m) => m[1]!))];
}

/** Words for a placeholder, for the message that refuses a copy and the field that fills it. */
export const PLACEHOLDER_LABELS: Readonly<Record<string, string>> = {
  'project-id': 'the project id',
  'project-number': 'the project number',
  'tenant-id': 'the tenant id',
  'subscription-id': 'the subscription id',
  'root-or-ou-id': 'the Organization root or OU id',
  'app-object-id': "the AlphaSwarm app's object id (Settings → Azure)",
  'old-app-object-id': "the object id of the org's previous AlphaSwarm app (the platform team knows it)",
};

/** Values the window may fill into a placeholder itself (no bootstrap field carries them): strict patterns, so nothing can change a command's meaning. */
export const LOCAL_PLACEHOLDERS: Readonly<Record<string, { label: string; pattern: RegExp; example: string }>> = {
  'root-or-ou-id': { label: 'Organization root or OU id', pattern: /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/, example: 'r-ab12 or ou-ab12-cdef3456' },
};
