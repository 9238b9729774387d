import { describe, expect, it } from 'vitest';
import { azureBicepDeploy, azureRolesBicep } from '../../shared/artifacts/azure-bicep.js';
import { bicep } from '../../shared/artifacts/bicep.js';

describe('bicep(): a Bicep string literal for any value', () => {
  it.each([
    ['plain', 'Reader', "'Reader'"],
    ['a quote', "it's", "'it\\'s'"],
    ['a backslash', 'a\\b', "'a\\\\b'"],
    ['interpolation stays literal', '${subscription().id}', "'\\${subscription().id}'"],
    ['a lone dollar is fine', 'cost $5', "'cost $5'"],
    ['line breaks and a tab', 'a\nb\r\tc', "'a\\nb\\r\\tc'"],
    ['other control characters', 'a\u0000b\u001bc\u007f', "'a\\u{0}b\\u{1b}c\\u{7f}'"],
    ['a closing quote and a comment', "x' // y", "'x\\' // y'"],
  ])('%s', (_name, value, literal) => {
    expect(bicep(value)).toBe(literal);
  });

  it('never leaves an unescaped quote, ${ or line break inside the literal', () => {
    const hostile = "'\n${x}\\'${'\r\u2028";
    const inner = bicep(hostile).slice(1, -1);
    expect(inner.replace(/\\\\/g, '')).not.toMatch(/(^|[^\\])'|(^|[^\\])\$\{|[\n\r]/);
  });
});

describe('the Bicep method for a role Bicep cannot name by id', () => {
  const input = { appClientId: '6a5f2f61-3c4c-4c8e-9a57-0f3b8b2d1e01', cloud: 'AzureUSGovernment' as const, roles: ['Reader', "Ops' Reader\n$(x)"], at: { managementGroup: 'corp(prod)' } };

  it('takes its id as a parameter, looked up by name at deploy time, quoted for the shell', () => {
    const file = azureRolesBicep(input);
    expect(file).toContain("targetScope = 'managementGroup'");
    expect(file).toContain(`@description('The id of the role "Ops\\' Reader\\n$(x)" in this tenant (deploy-roles.sh looks it up).')\nparam roleId1 string`);
    expect(file).toContain("roleDefinitionId: tenantResourceId('Microsoft.Authorization/roleDefinitions', roleId1)");
    expect(file).toContain("roleDefinitionId: tenantResourceId('Microsoft.Authorization/roleDefinitions', 'acdd72a7-3385-48ef-bd42-f606fba81ae7')");
    // The comment above each assignment stays on one line.
    expect(file).toContain("// Ops' Reader $(x)\nresource assignment1");
    const deploy = azureBicepDeploy(input);
    expect(deploy).toContain(`ROLE_ID_1=$(az role definition list --name 'Ops'\\'' Reader\n$(x)' --scope "/providers/Microsoft.Management/managementGroups/corp(prod)" --query '[0].name' -o tsv)`);
    expect(deploy).toContain('az deployment mg create --management-group-id "corp(prod)" --name alphaswarm-roles --location usgovvirginia');
    expect(deploy).toContain('--parameters principalId="$SP_OBJECT_ID" roleId1="$ROLE_ID_1"');
  });
});
