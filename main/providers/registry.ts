import type { RunSignIns } from './run-sign-ins.js';
import { tierOf } from '../../shared/domain/tiers.js';
import type { z } from 'zod';
import type { AuditDetail } from '../../shared/domain/audit.js';
import { CLOUD_BY_KIND } from '../../shared/clouds/index.js';
import type { CloudDescriptor } from '../../shared/clouds/descriptor.js';
import { CLOUD_KINDS, type CloudKind } from '../../shared/domain/cloud.js';
import type { bootstrapInput, bootstrapOutput, enumerateOutput, identityOutput, permissionsOutput, TargetInput } from '../../shared/ipc/cloud-onboarding.js';
import type { CleanupStep } from '../../shared/ipc/clouds/common.js';
import type { StoredConnection } from '../credentials/integration-store.js';
import type { SecretRead } from '../credentials/secret-store.js';
import { type CleanupCheck, type CloudProvider, type ConnectionDescription, type HealthOutcome, type PreparedConnection, cancelledError } from './base.js';
import type { AwsProvider } from './cloud-aws.js';
import type { AzureProvider } from './cloud-azure.js';
import type { CloudflareProvider } from './cloud-cloudflare.js';
import type { GcpProvider } from './cloud-gcp.js';
import { type AnyTarget, type TestCloud, carriedKind } from './test-clouds.js';

/** The providers this build carries, one per cloud, each with its own precise types. */
export interface ProviderMap {
  readonly aws: AwsProvider;
  readonly azure: AzureProvider;
  readonly gcp: GcpProvider;
  readonly cloudflare: CloudflareProvider;
}

export type BootstrapArgs = z.output<typeof bootstrapInput>;
export type AnyBootstrap = z.input<typeof bootstrapOutput>;
export type AnyIdentity = z.input<typeof identityOutput>;
export type AnyPermissionsResult = z.input<typeof permissionsOutput>;
export type AnyEnumeration = z.input<typeof enumerateOutput>;

/** One target's operations, bound to the provider of its cloud: the caller never names a cloud type. */
export interface BoundTarget {
  readonly cloud: CloudKind;
  readonly orgId: string;
  accountOf(): string;
  knownAccountOf(): string | undefined;
  precheck(): void;
  validateIdentity(signal: AbortSignal, run?: RunSignIns): Promise<AnyIdentity>;
  validatePermissions(signal: AbortSignal): Promise<AnyPermissionsResult>;
  enumerate(signal: AbortSignal): Promise<AnyEnumeration>;
  prepareConnection(existing: StoredConnection | undefined, signal: AbortSignal): Promise<PreparedConnection>;
  auditTarget(): AuditDetail;
}

/** What every provider does with a saved connection: the same types for every cloud. */
export interface StoredOps {
  describe(stored: StoredConnection): ConnectionDescription;
  cleanup(stored: StoredConnection): CleanupStep[];
  revalidate(stored: StoredConnection, secret: SecretRead | undefined, signal: AbortSignal): Promise<HealthOutcome>;
  verifyCleanup(stored: StoredConnection, secret: SecretRead | undefined, signal: AbortSignal): Promise<CleanupCheck>;
  forget(orgId: string): void;
}

/** A call that failed because its signal aborted reads as cancelled (or timed out), not as the SDK's abort error. */
async function cancellable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (signal.aborted) throw cancelledError(signal);
    throw error;
  }
}

function bind<C extends CloudKind, BI, T extends { cloud: C; orgId: string }, B, I extends AnyIdentity, P extends AnyPermissionsResult, E extends AnyEnumeration>(
  provider: CloudProvider<C, BI, T, B, I, P, E>,
  given: T,
): BoundTarget {
  const target = provider.normaliseTarget?.(given) ?? given;
  return {
    cloud: target.cloud,
    orgId: target.orgId,
    accountOf: () => provider.accountOf(target),
    knownAccountOf: () => provider.knownAccountOf(target),
    precheck: () => provider.precheck(target),
    validateIdentity: (signal, run) => cancellable(provider.validateIdentity(target, signal, run), signal),
    validatePermissions: (signal) => cancellable(provider.validatePermissions(target, signal), signal),
    enumerate: (signal) => cancellable(provider.enumerate(target, signal), signal),
    // The tier step 4 checked rides along to the saved row, for every cloud alike.
    prepareConnection: async (existing, signal) => ({ ...(await cancellable(provider.prepareConnection(target, existing, signal), signal)), tier: tierOf(target) }),
    auditTarget: () => provider.auditTarget(target),
  };
}

/** A test cloud's target, bound the same way; its results are checked by its own contract at the router (see TestCloud). */
function bindTest(cloud: TestCloud, target: AnyTarget): BoundTarget {
  const { provider } = cloud;
  return {
    cloud: carriedKind(cloud),
    orgId: target.orgId,
    accountOf: () => provider.accountOf(target),
    knownAccountOf: () => provider.knownAccountOf(target),
    precheck: () => provider.precheck(target),
    validateIdentity: (signal, run) => cancellable(provider.validateIdentity(target, signal, run), signal) as Promise<AnyIdentity>,
    validatePermissions: (signal) => cancellable(provider.validatePermissions(target, signal), signal) as Promise<AnyPermissionsResult>,
    enumerate: (signal) => cancellable(provider.enumerate(target, signal), signal) as Promise<AnyEnumeration>,
    prepareConnection: (existing, signal) => cancellable(provider.prepareConnection(target, existing, signal), signal),
    auditTarget: () => provider.auditTarget(target),
  };
}

/**
 * The providers, reached three ways without a cast: `of(cloud)` for one cloud's own API, `target(t)`
 * for a target of any cloud (each case narrows by its `cloud` tag), `stored(cloud)` for what all
 * clouds do alike with a saved connection.
 */
export class ProviderRegistry {
  private readonly tests: ReadonlyMap<string, TestCloud>;

  /** `testClouds`: clouds a test brings besides this build's (see TestCloud); none in the app or the CLI. */
  constructor(
    private readonly byKind: ProviderMap,
    testClouds: readonly TestCloud[] = [],
  ) {
    this.tests = new Map(testClouds.map((c) => [c.descriptor.kind, c]));
  }

  private testCloud(cloud: string): TestCloud {
    const found = this.tests.get(cloud);
    // The router parsed the input against the registered clouds' contracts: an unknown cloud cannot get here.
    if (!found) throw new Error(`No provider for the cloud "${cloud}".`);
    return found;
  }

  /** A cloud's descriptor: its words and credential-key form, for this build's clouds and a test's. */
  descriptor(cloud: CloudKind): CloudDescriptor {
    return Object.hasOwn(CLOUD_BY_KIND, cloud) ? CLOUD_BY_KIND[cloud] : this.testCloud(cloud).descriptor;
  }

  /** The provider for one cloud, typed for that cloud. */
  of<C extends CloudKind>(cloud: C): ProviderMap[C] {
    return this.byKind[cloud];
  }

  target(target: TargetInput): BoundTarget {
    switch (target.cloud) {
      case 'aws':
        return bind(this.byKind.aws, target);
      case 'azure':
        return bind(this.byKind.azure, target);
      case 'gcp':
        return bind(this.byKind.gcp, target);
      case 'cloudflare':
        return bind(this.byKind.cloudflare, target);
      default:
        return this.testTarget(target);
    }
  }

  bootstrap(input: BootstrapArgs, existing: readonly StoredConnection[]): AnyBootstrap {
    switch (input.cloud) {
      case 'aws':
        return this.byKind.aws.bootstrap(input, existing);
      case 'azure':
        return this.byKind.azure.bootstrap(input, existing);
      case 'gcp':
        return this.byKind.gcp.bootstrap(input, existing);
      case 'cloudflare':
        return this.byKind.cloudflare.bootstrap(input, existing);
      default:
        return this.testBootstrap(input, existing);
    }
  }

  /**
   * Only a test cloud's target reaches here. `never`: each of this build's clouds must have its
   * own case above, or the call in `default` does not compile.
   */
  private testTarget(target: never): BoundTarget {
    const test: AnyTarget = target;
    return bindTest(this.testCloud(test.cloud), test);
  }

  private testBootstrap(input: never, existing: readonly StoredConnection[]): AnyBootstrap {
    const test: AnyTarget = input;
    return this.testCloud(test.cloud).provider.bootstrap(test, existing) as AnyBootstrap;
  }

  stored(cloud: CloudKind): StoredOps {
    return Object.hasOwn(this.byKind, cloud) ? this.byKind[cloud] : this.testCloud(cloud).provider;
  }

  kinds(): CloudKind[] {
    return CLOUD_KINDS.filter((c) => c in this.byKind);
  }
}
