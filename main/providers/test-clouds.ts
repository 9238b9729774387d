import type { CloudDescriptor } from '../../shared/clouds/descriptor.js';
import { type CloudKind, isCloudKind } from '../../shared/domain/cloud.js';
import { STEP_CHANNELS, type StepChannels } from '../../shared/ipc/cloud-onboarding.js';
import { cloudStepChannels } from '../../shared/ipc/cloud-steps.js';
import { type CloudContract, PRODUCTION_CONTRACTS } from '../../shared/ipc/clouds/index.js';
import type { CloudProvider } from './base.js';

/** What steps 3–5 name, for any cloud. */
export interface AnyTarget {
  readonly cloud: string;
  readonly orgId: string;
}

/**
 * A cloud this build does not carry, brought by a test to prove that a cloud is one module: its
 * descriptor, its contract and its provider, and nothing else (docs/adding-a-cloud.md). Only
 * `createServices({ testClouds })` and `runCli(argv, { testClouds })` take one, and only tests pass
 * it: no setting, environment variable or file can add a cloud to the app or the CLI.
 *
 * A test cloud travels main's own types as a `CloudKind`: main's any-cloud layers (the router, the
 * onboarding service, the integration store) only carry its kind along and look it up through the
 * provider registry, and everything it sends or returns is parsed by its own contract at the router.
 * The conversions that say so are the few in this file.
 */
export interface TestCloud {
  readonly descriptor: CloudDescriptor;
  readonly contract: CloudContract<string>;
  readonly provider: CloudProvider<string, AnyTarget, AnyTarget, unknown, unknown, unknown, unknown>;
}

/** A test cloud's kind, as main's any-cloud layers carry it (see TestCloud). */
export function carriedKind(cloud: TestCloud): CloudKind {
  return cloud.descriptor.kind as CloudKind;
}

/** The step channels the router registers: this build's, or over this build's clouds and the test's. */
export function stepChannelsWith(testClouds: readonly TestCloud[]): StepChannels {
  if (testClouds.length === 0) return STEP_CHANNELS;
  // The same channels and names, each schema a union with the test clouds' own (see TestCloud).
  return cloudStepChannels([...PRODUCTION_CONTRACTS, ...testClouds.map((c) => c.contract)]) as unknown as StepChannels;
}

/** Whether a stored or sent value names a cloud of this process: this build's, or a test's. */
export function cloudGuardWith(testClouds: readonly TestCloud[]): (value: string) => value is CloudKind {
  if (testClouds.length === 0) return isCloudKind;
  const kinds = new Set(testClouds.map((c) => c.descriptor.kind));
  return (value: string): value is CloudKind => isCloudKind(value) || kinds.has(value);
}
