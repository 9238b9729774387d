import { AZURE_CLOUDS, AZURE_CLOUD_NAMES, type AzureCloudName } from '../../../../shared/domain/azure.js';

/** The cloud chosen in step 2; none chosen: this laptop's setting (main resolves it). */
export function cloudPayload(values: Readonly<Record<string, string>>): { azureCloud?: AzureCloudName } {
  const chosen = AZURE_CLOUD_NAMES.find((c) => c === values.azureCloud);
  return chosen ? { azureCloud: chosen } : {};
}

/** Step 2's choice of the customer's Azure cloud, each with its hosts. */
export const azureCloudOption = {
  name: 'azureCloud',
  label: "The customer's Azure cloud",
  choices: [
    { value: 'configured', label: 'As this laptop is set up', help: 'The Azure cloud in Settings (Azure public unless changed).' },
    { value: 'AzureCloud', label: AZURE_CLOUDS.AzureCloud.label, help: 'login.microsoftonline.com, management.azure.com, portal.azure.com.' },
    { value: 'AzureUSGovernment', label: AZURE_CLOUDS.AzureUSGovernment.label, help: 'login.microsoftonline.us, management.usgovcloudapi.net, portal.azure.us.' },
    { value: 'AzureChinaCloud', label: AZURE_CLOUDS.AzureChinaCloud.label, help: 'login.chinacloudapi.cn, management.chinacloudapi.cn, portal.azure.cn.' },
  ],
};
