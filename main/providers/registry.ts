import type { CloudKind } from '../../shared/domain/cloud.js';
import { AppError } from '../../shared/domain/errors.js';
import type { CloudProvider } from './base.js';

// Inputs and outputs are validated by the IPC contracts before and after a provider runs.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyProvider = CloudProvider<CloudKind, any, any, any, any, any, any>;

/** The providers this build carries, by cloud. */
export class ProviderRegistry {
  private readonly byKind = new Map<CloudKind, AnyProvider>();

  constructor(providers: readonly AnyProvider[]) {
    for (const p of providers) this.byKind.set(p.kind, p);
  }

  get(cloud: CloudKind): AnyProvider {
    const provider = this.byKind.get(cloud);
    if (!provider) throw new AppError('bad_request', `Connecting ${cloud} is not available in this build.`, 'Choose another cloud.');
    return provider;
  }

  kinds(): CloudKind[] {
    return [...this.byKind.keys()];
  }
}
