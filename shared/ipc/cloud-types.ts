import type { z } from 'zod';
import type { CloudKind } from '../domain/cloud.js';
import type * as aws from './clouds/aws.js';
import type * as azure from './clouds/azure.js';
import type * as cloudflare from './clouds/cloudflare.js';
import type * as gcp from './clouds/gcp.js';
import type { bootstrapInput, bootstrapOutput, enumerateOutput, identityOutput, permissionsOutput, targetInput } from './cloud-onboarding.js';

/**
 * Every cloud's shapes, derived from its zod contracts: what goes in (`…In`, as the caller writes
 * it) and what comes out (as it arrives, parsed). One map, so a provider, a handler and a wizard
 * step for one cloud all speak the same types without a cast.
 */
export interface CloudTypes {
  aws: {
    bootstrapIn: z.input<typeof aws.awsBootstrapInput>;
    bootstrap: z.output<typeof aws.awsBootstrapOutput>;
    targetIn: z.input<typeof aws.awsTargetInput>;
    target: z.output<typeof aws.awsTargetInput>;
    identity: z.output<typeof aws.awsIdentityOutput>;
    permissions: z.output<typeof aws.awsPermissionsOutput>;
    enumeration: z.output<typeof aws.awsEnumerateOutput>;
  };
  azure: {
    bootstrapIn: z.input<typeof azure.azureBootstrapInput>;
    bootstrap: z.output<typeof azure.azureBootstrapOutput>;
    targetIn: z.input<typeof azure.azureTargetInput>;
    target: z.output<typeof azure.azureTargetInput>;
    identity: z.output<typeof azure.azureIdentityOutput>;
    permissions: z.output<typeof azure.azurePermissionsOutput>;
    enumeration: z.output<typeof azure.azureEnumerateOutput>;
  };
  gcp: {
    bootstrapIn: z.input<typeof gcp.gcpBootstrapInput>;
    bootstrap: z.output<typeof gcp.gcpBootstrapOutput>;
    targetIn: z.input<typeof gcp.gcpTargetInput>;
    target: z.output<typeof gcp.gcpTargetInput>;
    identity: z.output<typeof gcp.gcpIdentityOutput>;
    permissions: z.output<typeof gcp.gcpPermissionsOutput>;
    enumeration: z.output<typeof gcp.gcpEnumerateOutput>;
  };
  cloudflare: {
    bootstrapIn: z.input<typeof cloudflare.cloudflareBootstrapInput>;
    bootstrap: z.output<typeof cloudflare.cloudflareBootstrapOutput>;
    targetIn: z.input<typeof cloudflare.cloudflareTargetInput>;
    target: z.output<typeof cloudflare.cloudflareTargetInput>;
    identity: z.output<typeof cloudflare.cloudflareIdentityOutput>;
    permissions: z.output<typeof cloudflare.cloudflarePermissionsOutput>;
    enumeration: z.output<typeof cloudflare.cloudflareEnumerateOutput>;
  };
}

export type CloudType<C extends CloudKind, K extends keyof CloudTypes['aws']> = CloudTypes[C][K];

/** A permissions result, whichever cloud it is from. */
export type AnyPermissions = CloudTypes[CloudKind]['permissions'];

type Of<U, C extends CloudKind> = Extract<U, { cloud: C }>;

/**
 * The same shapes as `CloudTypes[C]`, written as "the member of the channel's union for cloud C".
 * For a generic C, TypeScript can only relate a narrowed channel result (`isFor`) to this form,
 * so code generic over the cloud (the wizard) uses it and never casts.
 */
export interface CloudOut<C extends CloudKind> {
  bootstrapIn: Of<z.input<typeof bootstrapInput>, C>;
  bootstrap: Of<z.output<typeof bootstrapOutput>, C>;
  targetIn: Of<z.input<typeof targetInput>, C>;
  identity: Of<z.output<typeof identityOutput>, C>;
  permissions: Of<z.output<typeof permissionsOutput>, C>;
  enumeration: Of<z.output<typeof enumerateOutput>, C>;
}
