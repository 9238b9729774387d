import { AZURE_CLOUDS, AZURE_CORE_ACTIONS, AZURE_CORE_ROLE, type AzureCloudName, FEDERATED_CREDENTIALS_PER_APP, azureCoreRoleDefinition, federatedCredentialName, managementGroupScope } from '../domain/azure.js';
import { DEFAULT_TIER, type PermissionTier } from '../domain/tiers.js';
import { type Artifact, type Note, prettyJson, shellQuote } from './artifact.js';
import { BICEP_FILE, azureBicepDeploy, azureRolesBicep } from './azure-bicep.js';
import { hcl } from './hcl.js';

export interface AzureBootstrapInput {
  readonly orgId: string;
  readonly issuer: string;
  readonly subject: string;
  readonly audience: string;
  readonly appClientId: string;
  readonly appObjectId: string;
  readonly cloud: AzureCloudName;
  /** The roles the tier asks for (main computes them: azureTierRoles), or for a raise only the added ones. */
  readonly requiredRoles: readonly string[];
  readonly tier?: PermissionTier | undefined;
  /** Raising from this tier: only the role assignments the higher tier adds. */
  readonly fromTier?: PermissionTier | undefined;
  /** When known, the commands and the consent link name the customer's tenant and subscription. */
  readonly tenantId?: string | undefined;
  readonly subscriptionId?: string | undefined;
  /** Grant at this management group instead: every subscription below it inherits the roles. */
  readonly managementGroupId?: string | undefined;
}

/** Where the roles are granted: one subscription, or a management group (inherited below it). */
export type AzureGrantScope = { readonly subscription: string } | { readonly managementGroup: string };

export function grantScopePath(at: AzureGrantScope): string {
  return 'managementGroup' in at ? managementGroupScope(at.managementGroup) : `/subscriptions/${at.subscription}`;
}

export interface AzureBootstrap {
  readonly cloud: 'azure';
  readonly orgId: string;
  readonly tier: PermissionTier;
  readonly fromTier: PermissionTier | null;
  readonly credentialName: string;
  readonly issuer: string;
  readonly subject: string;
  readonly audience: string;
  readonly appClientId: string;
  readonly appObjectId: string;
  readonly azureCloud: AzureCloudName;
  readonly consentUrl: string;
  readonly claimPreview: { readonly iss: string; readonly sub: string; readonly aud: string };
  readonly artifacts: readonly Artifact[];
  readonly notes: readonly Note[];
}

export function adminConsentUrl(cloud: AzureCloudName, tenant: string, clientId: string): string {
  return `${AZURE_CLOUDS[cloud].authorityHost}/${encodeURIComponent(tenant)}/adminconsent?client_id=${encodeURIComponent(clientId)}`;
}

export function roleAssignmentCommands(clientId: string, subscription: string, roles: readonly string[]): string {
  return roleAssignmentCommandsAt(clientId, { subscription }, roles);
}

/** The az CLI commands granting the roles at a subscription or at a management group. */
export function roleAssignmentCommandsAt(clientId: string, at: AzureGrantScope, roles: readonly string[]): string {
  const scope = grantScopePath(at);
  return (
    // A management group is addressed by --scope alone: no subscription to switch to.
    ('subscription' in at ? `az account set --subscription ${shellQuote(at.subscription)}\n` : '') +
    // The core tier's custom role must exist before it can be assigned.
    (roles.includes(AZURE_CORE_ROLE) ? `az role definition create --role-definition @alphaswarm-core-role.json\n` : '') +
    `# The app's service principal in this tenant (it exists once admin consent is granted):\n` +
    `SP_OBJECT_ID=$(az ad sp show --id ${clientId} --query id -o tsv)\n` +
    roles
      .map(
        (role) =>
          `az role assignment create --assignee-object-id "$SP_OBJECT_ID" --assignee-principal-type ServicePrincipal \\\n  --role ${shellQuote(role)} --scope ${shellQuote(scope)}\n`,
      )
      .join('')
  );
}

/** Terraform for AlphaSwarm's side: the federated credential on its app (azuread provider ≥ 3). */
export function azureCredentialTerraform(input: AzureBootstrapInput, credentialName: string): string {
  return `# The org's federated credential on the AlphaSwarm app. Apply in AlphaSwarm's own tenant.
terraform {
  required_providers {
    azuread = { source = "hashicorp/azuread", version = ">= 3.0" }
  }
}

resource "azuread_application_federated_identity_credential" "alphaswarm" {
  application_id = ${hcl(`/applications/${input.appObjectId}`)}
  display_name   = ${hcl(credentialName)}
  description    = ${hcl(`AlphaSwarm connection for ${input.orgId}`)}
  issuer         = ${hcl(input.issuer)}
  subject        = ${hcl(input.subject)}
  audiences      = [${hcl(input.audience)}]
}
`;
}

/** Terraform for the customer's side: the role assignments for the app's service principal. */
export function azureRoleTerraform(input: AzureBootstrapInput): string {
  const mg = input.managementGroupId;
  // At a management group every subscription below inherits the assignments; azurerm still needs a subscription to start.
  const scope = mg !== undefined ? '"/providers/Microsoft.Management/managementGroups/${var.management_group_id}"' : '"/subscriptions/${var.subscription_id}"';
  const variables =
    mg !== undefined
      ? `variable "management_group_id" {
  description = "The management group AlphaSwarm reads: every subscription below it inherits the roles."
  type        = string
  default     = ${hcl(mg)}
}

variable "subscription_id" {
  description = "Any subscription of the tenant: the azurerm provider needs one to start. The roles are assigned at the management group."
  type        = string
}
`
      : `variable "subscription_id" {
  description = "The customer subscription AlphaSwarm reads."
  type        = string${input.subscriptionId ? `\n  default     = ${hcl(input.subscriptionId)}` : ''}
}
`;
  return `# Roles for the AlphaSwarm app's service principal. Apply in the customer's tenant, after admin consent.
terraform {
  required_providers {
    azuread = { source = "hashicorp/azuread", version = ">= 3.0" }
    azurerm = { source = "hashicorp/azurerm", version = ">= 4.0" }
  }
}

${variables}
provider "azurerm" {
  features {}
  subscription_id = var.subscription_id
}

data "azuread_service_principal" "alphaswarm" {
  client_id = ${hcl(input.appClientId)}
}
${input.requiredRoles.includes(AZURE_CORE_ROLE) ? `
# Tier core: exactly what AlphaSwarm reads, as a custom role.
resource "azurerm_role_definition" "alphaswarm_core" {
  name        = ${hcl(AZURE_CORE_ROLE)}
  scope       = ${scope}
  description = "Exactly what AlphaSwarm reads: the subscription, its resource groups, and role assignments and definitions."
  permissions {
    actions = [${AZURE_CORE_ACTIONS.map((a) => hcl(a)).join(', ')}]
  }
  assignable_scopes = [${scope}]
}
` : ''}${input.requiredRoles
  .map(
    (role, i) => `
resource "azurerm_role_assignment" "alphaswarm_${i}" {
  scope                = ${scope}
  ${role === AZURE_CORE_ROLE ? 'role_definition_id   = azurerm_role_definition.alphaswarm_core.role_definition_resource_id' : `role_definition_name = ${hcl(role)}`}
  principal_id         = data.azuread_service_principal.alphaswarm.object_id
  principal_type       = "ServicePrincipal"
}
`,
  )
  .join('')}`;
}

/** Everything for Workload Identity Federation, built offline; no client secret exists anywhere. */
export function buildAzureBootstrap(input: AzureBootstrapInput): AzureBootstrap {
  const credentialName = federatedCredentialName(input.orgId);
  const credential = {
    name: credentialName,
    issuer: input.issuer,
    subject: input.subject,
    audiences: [input.audience],
    description: `AlphaSwarm connection for ${input.orgId}`,
  };
  const tenant = input.tenantId ?? 'organizations';
  const subscription = input.subscriptionId ?? '<subscription-id>';
  const mg = input.managementGroupId;
  const at: AzureGrantScope = mg !== undefined ? { managementGroup: mg } : { subscription };
  const where = `the management group ${mg} (every subscription below it inherits them)`;
  const consentUrl = adminConsentUrl(input.cloud, tenant, input.appClientId);
  const claimPreview = { iss: input.issuer, sub: input.subject, aud: input.audience };
  const artifacts: Artifact[] = [
    {
      id: 'federated-credential',
      title: 'Federated credential',
      filename: 'federated_credential.json',
      language: 'json',
      content: prettyJson(credential),
      description: `Trusts tokens from ${input.issuer} whose subject is exactly "${input.subject}" (case-sensitive) for the AlphaSwarm app.`,
    },
    {
      id: 'create-federated-credential',
      title: 'Add it to the AlphaSwarm app',
      filename: 'create-federated-credential.sh',
      language: 'shell',
      content: `az ad app federated-credential create --id ${input.appObjectId} --parameters federated_credential.json\n`,
      description: "Run once in AlphaSwarm's own tenant (the app's home) by someone who may manage the app registration, with federated_credential.json next to it.",
    },
    {
      id: 'admin-consent',
      title: 'Admin consent link',
      filename: 'admin-consent-link.txt',
      language: 'url',
      content: `${consentUrl}\n`,
      description: input.tenantId
        ? "The customer's administrator opens this and approves: it creates AlphaSwarm's service principal in their tenant."
        : "The customer's administrator opens this and approves (signing in to their own tenant). Enter the tenant id in step 3 for a tenant-specific link.",
    },
    {
      id: 'role-assignment',
      title: `Grant ${input.requiredRoles.join(', ')} on ${mg !== undefined ? `management group ${mg}` : 'the subscription'}`,
      filename: 'grant-role.sh',
      language: 'shell',
      content: roleAssignmentCommandsAt(input.appClientId, at, input.requiredRoles),
      description:
        `Run by the customer after consent${mg !== undefined ? `, by someone who may assign roles on ${where}` : ''}. Passing the service principal's object id with --assignee-principal-type avoids the failure when the new principal has not replicated yet.`,
    },
    ...(input.requiredRoles.includes(AZURE_CORE_ROLE)
      ? [
          {
            id: 'core-role-definition',
            title: `Tier core: the "${AZURE_CORE_ROLE}" custom role`,
            filename: 'alphaswarm-core-role.json',
            language: 'json' as const,
            content: prettyJson(azureCoreRoleDefinition(grantScopePath(at))),
            description: 'Exactly what AlphaSwarm reads, nothing more. grant-role.sh creates it (az role definition create) before assigning it.',
          },
        ]
      : []),
    {
      id: 'terraform-federated-credential',
      title: 'Terraform: the federated credential (AlphaSwarm tenant)',
      filename: 'alphaswarm-tenant.tf',
      language: 'hcl',
      content: azureCredentialTerraform(input, credentialName),
      description: 'The same federated credential as Terraform (azuread provider ≥ 3).',
    },
    {
      id: 'terraform-role-assignment',
      title: 'Terraform: the role assignment (customer tenant)',
      filename: 'customer-tenant.tf',
      language: 'hcl',
      content: azureRoleTerraform(input),
      description: "The role assignments as Terraform, looking the service principal up by the app's client id.",
    },
    {
      id: 'bicep-roles',
      title: `Bicep: the role assignment${input.requiredRoles.length === 1 ? '' : 's'} (customer tenant)`,
      filename: BICEP_FILE,
      language: 'bicep',
      content: azureRolesBicep({ appClientId: input.appClientId, cloud: input.cloud, roles: input.requiredRoles, at }),
      description: `${input.requiredRoles.join(', ')} for the AlphaSwarm app's service principal at ${mg !== undefined ? where : 'the subscription'}${input.requiredRoles.includes(AZURE_CORE_ROLE) ? ", with tier core's custom role" : ''}. deploy-roles.sh deploys it.`,
    },
    {
      id: 'deploy-bicep',
      title: 'Deploy the Bicep file',
      filename: 'deploy-roles.sh',
      language: 'shell',
      content: azureBicepDeploy({ appClientId: input.appClientId, cloud: input.cloud, roles: input.requiredRoles, at }),
      description: `Run by the customer after consent, with ${BICEP_FILE} next to it${mg !== undefined ? `, by someone who may assign roles on ${where}` : ''} (az CLI ≥ 2.20 deploys Bicep directly).`,
    },
    {
      id: 'claim-preview',
      title: 'What AlphaSwarm will present',
      filename: 'claims.json',
      language: 'json',
      content: prettyJson(claimPreview),
      description: 'The iss, sub and aud of the token AlphaSwarm signs; the federated credential must match all three exactly.',
    },
  ];
  const notes: Note[] = [
    { level: 'info', text: `Entra allows at most ${FEDERATED_CREDENTIALS_PER_APP} federated credentials per application: one is used per organisation.` },
    { level: 'info', text: 'A new federated credential can take a few minutes to take effect; a "no matching federated identity record" error right after creating it usually clears on retry.' },
  ];
  const raise = input.fromTier !== undefined;
  const shown = raise ? artifacts.filter((a) => ['role-assignment', 'core-role-definition', 'terraform-role-assignment', 'bicep-roles', 'deploy-bicep'].includes(a.id)) : artifacts;
  if (raise) notes.splice(0, notes.length, { level: 'info', text: `Only what ${input.tier ?? DEFAULT_TIER} adds to ${input.fromTier}: ${input.requiredRoles.join(', ')}. The federated credential and consent stay as they are.` });
  return {
    cloud: 'azure',
    orgId: input.orgId,
    tier: input.tier ?? DEFAULT_TIER,
    fromTier: input.fromTier ?? null,
    credentialName,
    issuer: input.issuer,
    subject: input.subject,
    audience: input.audience,
    appClientId: input.appClientId,
    appObjectId: input.appObjectId,
    azureCloud: input.cloud,
    consentUrl,
    claimPreview,
    artifacts: shown,
    notes,
  };
}

/** An org moving from one of AlphaSwarm's apps to another (the profile reassigned it). */
export interface AzureAppRotation {
  readonly orgId: string;
  readonly cloud: AzureCloudName;
  readonly from: { readonly clientId: string; readonly objectId: string | undefined };
  readonly to: { readonly clientId: string; readonly objectId: string };
  /** The tenant and subscriptions the org's saved connections name. */
  readonly tenantIds: readonly string[];
  readonly subscriptionIds: readonly string[];
  readonly roles: readonly string[];
}

/**
 * A move to another app without downtime, as the AWS external-id rotation: first the new app gets
 * the org's credential, consent and roles while the old ones keep working; only once the connection
 * is saved on the new app are the old app's credential and role assignments removed.
 */
export function azureAppRotationArtifacts(r: AzureAppRotation): { readonly transitional: readonly Artifact[]; readonly final: readonly Artifact[] } {
  const credentialName = federatedCredentialName(r.orgId);
  const subscriptions = r.subscriptionIds.length ? r.subscriptionIds : ['<subscription-id>'];
  const consent = (r.tenantIds.length ? r.tenantIds : ['<tenant-id>']).map((t) => adminConsentUrl(r.cloud, t, r.to.clientId));
  const oldObject = r.from.objectId ?? '<old-app-object-id>';
  return {
    transitional: [
      {
        id: 'rotation-new-credential',
        title: `App change 1 of 4: the org's credential on the new app ${r.to.clientId}`,
        filename: 'rotation-1-new-credential.sh',
        language: 'shell',
        content: `az ad app federated-credential create --id ${r.to.objectId} --parameters federated_credential.json\n`,
        description: `Your platform profile moved this org from app ${r.from.clientId} to app ${r.to.clientId}. AlphaSwarm's platform team runs this first, in AlphaSwarm's tenant; the old app's credential stays until step 4.`,
      },
      {
        id: 'rotation-handover',
        title: 'App change 2 of 4: consent and roles for the new app (customer), before anything is removed',
        filename: 'rotation-2-handover.sh',
        language: 'shell',
        content:
          `# 1. The customer's administrator consents to the new app (it creates its service principal):\n${consent.map((u) => `#    ${u}\n`).join('')}` +
          `# 2. Then grants the new app's service principal the same roles on each subscription:\n` +
          // The core tier's custom role already exists in the tenant (the old app holds it): only assigned again.
          subscriptions.map((s) => roleAssignmentCommands(r.to.clientId, s, r.roles).replace(/^az role definition create .*\n/m, '')).join('') +
          `# The old app (${r.from.clientId}) keeps its roles until the connection is saved on the new app.\n`,
        description: 'Both apps work side by side meanwhile: nothing stops. Then run steps 3–5 of the wizard again, which save the connection on the new app.',
      },
    ],
    final: [
      {
        id: 'rotation-final',
        title: `App change 3 of 4: remove the old app's roles (customer), after the connection is saved`,
        filename: 'rotation-3-remove-old-roles.sh',
        language: 'shell',
        content: subscriptions.map((s) => `az role assignment delete --assignee ${r.from.clientId} --scope ${shellQuote(`/subscriptions/${s}`)}\n`).join(''),
        description: `Apply after the rotated connection is saved: the old app ${r.from.clientId} then holds nothing in this tenant.`,
      },
      {
        id: 'rotation-retire-credential',
        title: `App change 4 of 4: delete the org's credential from the old app ${r.from.clientId}`,
        filename: 'rotation-4-retire-old-credential.sh',
        language: 'shell',
        content: `az ad app federated-credential delete --id ${oldObject} --federated-credential-id ${shellQuote(credentialName)}\n`,
        description: "AlphaSwarm's platform team runs this last, in AlphaSwarm's tenant: it frees one of the old app's 20 credential slots.",
      },
    ],
  };
}
