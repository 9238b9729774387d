import type { CloudKind } from '../../shared/domain/cloud.js';
import type { AnyPermissions } from '../../shared/ipc/cloud-types.js';
import type { CloudProvider } from './base.js';
import type { AwsProvider } from './cloud-aws.js';
import type { AzureProvider } from './cloud-azure.js';
import type { CloudflareProvider } from './cloud-cloudflare.js';
import type { GcpProvider } from './cloud-gcp.js';

/** The providers this build carries, one per cloud, each with its own precise types. */
export interface ProviderMap {
  readonly aws: AwsProvider;
  readonly azure: AzureProvider;
  readonly gcp: GcpProvider;
  readonly cloudflare: CloudflareProvider;
}

// Inputs and outputs are validated by the IPC contracts before and after a provider runs.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyProvider = CloudProvider<CloudKind, any, any, any, any, AnyPermissions, any>;

export class ProviderRegistry {
  constructor(private readonly byKind: ProviderMap) {}

  /** The provider for one cloud, typed for that cloud. */
  of<C extends CloudKind>(cloud: C): ProviderMap[C] {
    return this.byKind[cloud];
  }

  get(cloud: CloudKind): AnyProvider {
    return this.byKind[cloud];
  }

  kinds(): CloudKind[] {
    return Object.keys(this.byKind) as CloudKind[];
  }
}
