import type { PermissionTier } from './tiers.js';
/** Azure clouds with their Entra, ARM and portal hosts, and the token-exchange audience each expects. */
export const AZURE_CLOUDS = {
  AzureCloud: {
    label: 'Azure (public)',
    authorityHost: 'https://login.microsoftonline.com',
    armEndpoint: 'https://management.azure.com',
    portal: 'https://portal.azure.com',
    exchangeAudience: 'api://AzureADTokenExchange',
  },
  AzureUSGovernment: {
    label: 'Azure Government',
    authorityHost: 'https://login.microsoftonline.us',
    armEndpoint: 'https://management.usgovcloudapi.net',
    portal: 'https://portal.azure.us',
    exchangeAudience: 'api://AzureADTokenExchangeUSGov',
  },
  AzureChinaCloud: {
    label: 'Azure China (21Vianet)',
    authorityHost: 'https://login.chinacloudapi.cn',
    armEndpoint: 'https://management.chinacloudapi.cn',
    portal: 'https://portal.azure.cn',
    exchangeAudience: 'api://AzureADTokenExchangeChina',
  },
} as const;
export type AzureCloudName = keyof typeof AZURE_CLOUDS;
export const AZURE_CLOUD_NAMES = ['AzureCloud', 'AzureUSGovernment', 'AzureChinaCloud'] as const satisfies readonly AzureCloudName[];

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const NIL_GUID = '00000000-0000-0000-0000-000000000000';

/** Why a tenant or subscription id is unacceptable, or undefined. Surrounding spaces are forgiven. */
export function guidProblem(raw: string, what: string): string | undefined {
  const value = raw.trim();
  if (value === '') return `The ${what} is empty.`;
  if (/^[{(].*[})]$/.test(value)) return `The ${what} has braces around it: paste just the GUID (8-4-4-4-12 hex digits).`;
  if (!GUID.test(value.toLowerCase())) return `"${value}" is not a GUID: the ${what} is 8-4-4-4-12 hex digits, like 72f988bf-86f1-41af-91ab-2d7cd011db47.`;
  if (value === NIL_GUID) return `The ${what} is the nil GUID (all zeros), which is never a real ${what}.`;
  return undefined;
}

/**
 * Why a management group id is unacceptable, or undefined. Azure's naming rules for
 * Microsoft.Management/managementGroups: 1 to 90 characters, letters, digits, hyphens, underscores,
 * periods and parentheses, not ending with a period. The id (the group's name), not its display name.
 */
export function managementGroupIdProblem(raw: string): string | undefined {
  const value = raw.trim();
  if (value === '') return 'The management group id is empty.';
  if (value.length > 90) return `The management group id is ${value.length} characters: Azure allows at most 90.`;
  if (!/^[A-Za-z0-9._()-]+$/.test(value)) {
    return 'A management group id holds only letters, digits, hyphens, underscores, periods and parentheses (its id, not its display name: Management groups → the group → Overview → ID).';
  }
  if (value.endsWith('.')) return 'A management group id cannot end with a period.';
  return undefined;
}

/** The ARM scope of a management group: role assignments there are inherited by every subscription below. */
export function managementGroupScope(id: string): string {
  return `/providers/Microsoft.Management/managementGroups/${id}`;
}

export function normalizeGuid(raw: string): string {
  return raw.trim().toLowerCase();
}

/** Federated credential names: 3–120 characters, letters, digits, '-' and '_', starting alphanumeric. */
export function federatedCredentialName(orgId: string): string {
  const cleaned = orgId.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^[-_]+|[-_]+$/g, '') || 'org';
  return `alphaswarm-${cleaned}`.slice(0, 120);
}

export function federatedCredentialNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 120) return 'must be 3–120 characters';
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(name)) return 'may hold letters, digits, "-" and "_", starting with a letter or digit';
  return undefined;
}

/** Entra's limit on federated identity credentials per application. */
export const FEDERATED_CREDENTIALS_PER_APP = 20;

/**
 * Tier `core`: a custom role with exactly what AlphaSwarm calls on a subscription — read it, list its
 * resource groups (step 4*), and read role assignments and definitions (step 4).
 */
export const AZURE_CORE_ROLE = 'AlphaSwarm Core Reader';
export const AZURE_CORE_ACTIONS = [
  'Microsoft.Resources/subscriptions/read',
  'Microsoft.Resources/subscriptions/resourceGroups/read',
  'Microsoft.Authorization/roleAssignments/read',
  'Microsoft.Authorization/roleDefinitions/read',
] as const;
/** The built-in role the security-audit tier adds (Azure built-in roles, Security category). */
export const AZURE_SECURITY_READER = 'Security Reader';

/** The roles a tier asks for at the subscription; `standard` is the configured list (default Reader). */
export function azureTierRoles(tier: PermissionTier, standardRoles: readonly string[]): string[] {
  switch (tier) {
    case 'core':
      return [AZURE_CORE_ROLE];
    case 'standard':
      return [...standardRoles];
    case 'security-audit':
      return [...standardRoles, ...(standardRoles.includes(AZURE_SECURITY_READER) ? [] : [AZURE_SECURITY_READER])];
  }
}

/** The custom role definition of tier core, for `az role definition create` (assignable at one subscription). */
/** The core tier's custom role, assignable at one scope (a subscription, or a management group). */
export function azureCoreRoleDefinition(assignableScope: string) {
  return {
    Name: AZURE_CORE_ROLE,
    IsCustom: true,
    Description: 'Exactly what AlphaSwarm reads: the subscription, its resource groups, and role assignments and definitions.',
    Actions: [...AZURE_CORE_ACTIONS],
    NotActions: [],
    DataActions: [],
    NotDataActions: [],
    AssignableScopes: [assignableScope],
  };
}
