import { AZURE_CORE_ACTIONS, AZURE_CORE_ROLE, type AzureCloudName } from '../domain/azure.js';
import { shellQuote } from './artifact.js';
import { bicep } from './bicep.js';

/** Built-in roles the tiers name, by their ids (the same in every tenant and cloud). */
const BUILT_IN_ROLE_IDS: Readonly<Record<string, string>> = {
  Reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
  'Security Reader': '39bc4728-0917-49c7-9d2c-d95423bc2eb4',
};

/** Where `az deployment` keeps the deployment's record (any region of the cloud works). */
const DEPLOYMENT_LOCATION: Readonly<Record<AzureCloudName, string>> = { AzureCloud: 'eastus', AzureUSGovernment: 'usgovvirginia', AzureChinaCloud: 'chinaeast2' };

export const BICEP_FILE = 'alphaswarm-roles.bicep';

export interface AzureBicepInput {
  readonly appClientId: string;
  readonly cloud: AzureCloudName;
  readonly roles: readonly string[];
  /** One subscription, or a management group (every subscription below inherits the roles). */
  readonly at: { readonly subscription: string } | { readonly managementGroup: string };
}

/** Roles Bicep cannot name by id here (a configured role other than the tiers'): looked up at deploy time. */
function lookedUp(roles: readonly string[]): string[] {
  return roles.filter((r) => r !== AZURE_CORE_ROLE && BUILT_IN_ROLE_IDS[r] === undefined);
}

/** The role assignments (and tier core's custom role) as one Bicep file at the subscription or management group. */
export function azureRolesBicep(input: AzureBicepInput): string {
  const mg = 'managementGroup' in input.at;
  const scopeId = mg ? 'managementGroup().id' : 'subscription().id';
  const roleIdOf = (guidExpr: string) => (mg ? `tenantResourceId('Microsoft.Authorization/roleDefinitions', ${guidExpr})` : `subscriptionResourceId('Microsoft.Authorization/roleDefinitions', ${guidExpr})`);
  const unknown = lookedUp(input.roles);
  const params = [
    `@description('The object id of the AlphaSwarm app\\'s service principal in this tenant (it exists once admin consent is granted; deploy-roles.sh looks it up).')\nparam principalId string\n`,
    ...unknown.map((role, i) => `@description(${bicep(`The id of the role "${role}" in this tenant (deploy-roles.sh looks it up).`)})\nparam roleId${i + 1} string\n`),
  ];
  const core = input.roles.includes(AZURE_CORE_ROLE)
    ? `
// Tier core: exactly what AlphaSwarm reads, as a custom role.
resource coreRole 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(${scopeId}, ${bicep(AZURE_CORE_ROLE)})
  properties: {
    roleName: ${bicep(AZURE_CORE_ROLE)}
    description: 'Exactly what AlphaSwarm reads: the subscription, its resource groups, and role assignments and definitions.'
    type: 'CustomRole'
    permissions: [
      {
        actions: [
${AZURE_CORE_ACTIONS.map((a) => `          ${bicep(a)}`).join('\n')}
        ]
        notActions: []
      }
    ]
    assignableScopes: [
      ${scopeId}
    ]
  }
}
`
    : '';
  const assignments = input.roles.map((role, i) => {
    const definition = role === AZURE_CORE_ROLE ? 'coreRole.id' : BUILT_IN_ROLE_IDS[role] ? roleIdOf(bicep(BUILT_IN_ROLE_IDS[role])) : roleIdOf(`roleId${unknown.indexOf(role) + 1}`);
    return `
// ${role.replace(/[\r\n]+/g, ' ')}
resource assignment${i} 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(${scopeId}, principalId, ${definition})
  properties: {
    roleDefinitionId: ${definition}
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}
`;
  });
  return `// Roles for the AlphaSwarm app's service principal. Deploy in the customer's tenant, after admin consent: deploy-roles.sh.
targetScope = '${mg ? 'managementGroup' : 'subscription'}'

${params.join('\n')}${core}${assignments.join('')}`;
}

/** The commands that look up the principal (and any role id Bicep cannot name) and deploy the file. */
export function azureBicepDeploy(input: AzureBicepInput): string {
  const unknown = lookedUp(input.roles);
  const scope = 'managementGroup' in input.at ? `/providers/Microsoft.Management/managementGroups/${input.at.managementGroup}` : `/subscriptions/${input.at.subscription}`;
  const lookups = unknown.map((role, i) => `ROLE_ID_${i + 1}=$(az role definition list --name ${shellQuote(role)} --scope ${shellQuote(scope)} --query '[0].name' -o tsv)\n`).join('');
  const parameters = ['principalId="$SP_OBJECT_ID"', ...unknown.map((_, i) => `roleId${i + 1}="$ROLE_ID_${i + 1}"`)].join(' ');
  const location = DEPLOYMENT_LOCATION[input.cloud];
  const deploy =
    'managementGroup' in input.at
      ? `az deployment mg create --management-group-id ${shellQuote(input.at.managementGroup)} --name alphaswarm-roles --location ${location} \\\n  --template-file ${BICEP_FILE} --parameters ${parameters}\n`
      : `az account set --subscription ${shellQuote(input.at.subscription)}\naz deployment sub create --name alphaswarm-roles --location ${location} \\\n  --template-file ${BICEP_FILE} --parameters ${parameters}\n`;
  return `# The app's service principal in this tenant (it exists once admin consent is granted):\nSP_OBJECT_ID=$(az ad sp show --id ${input.appClientId} --query id -o tsv)\n${lookups}${deploy}`;
}
