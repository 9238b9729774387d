import type { CloudKind } from '../../../../shared/domain/cloud.js';
import { awsUi } from './aws.js';
import { azureUi } from './azure.js';
import { cloudflareUi } from './cloudflare.js';
import { gcpUi } from './gcp.js';
import type { CloudUi } from './types.js';

export const CLOUD_UIS: { readonly [C in CloudKind]: CloudUi<C> } = { aws: awsUi, azure: azureUi, gcp: gcpUi, cloudflare: cloudflareUi };
