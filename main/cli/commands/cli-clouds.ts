import { CLOUDS, CLOUD_BY_KIND, type CliField } from '../../../shared/clouds/index.js';
import type { CloudDescriptor } from '../../../shared/clouds/descriptor.js';
import { CLOUD_KINDS, type CloudKind } from '../../../shared/domain/cloud.js';
import { STEP_CHANNELS, type StepChannels } from '../../../shared/ipc/cloud-onboarding.js';
import { type TestCloud, carriedKind, stepChannelsWith } from '../../providers/test-clouds.js';
import type { OptionSpec } from './option-spec.js';

/** A flag as parseArgs declares it: a secret's stdin switch and a boolean are switches. */
function optionOf(field: CliField): OptionSpec[string] {
  return field.type === 'string' ? { type: 'string' } : { type: 'boolean', default: false };
}

/** Every cloud's flags of one kind (the same flag shared by two clouds is declared once). */
export function flagsOf(pick: (cloud: CloudDescriptor) => readonly CliField[], clouds: readonly CloudDescriptor[] = CLOUDS): OptionSpec {
  const flags: OptionSpec = {};
  for (const cloud of clouds) for (const field of pick(cloud)) flags[field.flag] = optionOf(field);
  return flags;
}

/** Flags declared only to refuse them with a reason: a secret on the command line lands in shell history. */
export function refusedSecretFlags(clouds: readonly CloudDescriptor[]): OptionSpec {
  return Object.fromEntries(clouds.flatMap((c) => c.cli.target.filter((f) => f.type === 'stdin').map((f) => [f.field, { type: 'string' as const }])));
}
/**
 * The clouds the CLI offers, with their flags and step channels: this build's, or (a test's
 * `runCli(argv, { testClouds })`) those and the test's own — see main/providers/test-clouds.ts.
 */
export interface CliClouds {
  readonly kinds: readonly CloudKind[];
  readonly steps: StepChannels;
  descriptor(cloud: CloudKind): CloudDescriptor;
  /** The flags a test cloud adds to the commands of steps 3–5 and of step 2. */
  readonly extraFlags: { readonly target: OptionSpec; readonly bootstrap: OptionSpec };
}

export const BUILD_CLOUDS: CliClouds = {
  kinds: CLOUD_KINDS,
  steps: STEP_CHANNELS,
  descriptor: (cloud) => CLOUD_BY_KIND[cloud],
  extraFlags: { target: {}, bootstrap: {} },
};

export function cliCloudsWith(testClouds: readonly TestCloud[]): CliClouds {
  if (testClouds.length === 0) return BUILD_CLOUDS;
  const byKind = new Map(testClouds.map((c) => [c.descriptor.kind, c.descriptor]));
  const descriptors = testClouds.map((c) => c.descriptor);
  return {
    kinds: [...CLOUD_KINDS, ...testClouds.map(carriedKind)],
    steps: stepChannelsWith(testClouds),
    descriptor: (cloud) => byKind.get(cloud) ?? CLOUD_BY_KIND[cloud],
    extraFlags: { target: { ...flagsOf((c) => c.cli.target, descriptors), ...refusedSecretFlags(descriptors) }, bootstrap: flagsOf((c) => c.cli.bootstrap, descriptors) },
  };
}

