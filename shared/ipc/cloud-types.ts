import type { z } from 'zod';
import type { CloudKind } from '../domain/cloud.js';
import type { bootstrapInput, bootstrapOutput, enumerateOutput, identityOutput, permissionsOutput, targetInput } from './cloud-onboarding.js';

type Of<U, C extends CloudKind> = Extract<U, { cloud: C }>;

/**
 * Every cloud's shapes, derived from the channels' zod contracts: what goes in (`…In`, as the
 * caller writes it) and what comes out (parsed), as "the member of the channel's union for cloud
 * C". For a generic C, TypeScript can only relate a narrowed channel result (`isFor`) to this
 * form, so a handler and a wizard step for one cloud speak the same types without a cast.
 */
export interface CloudOut<C extends CloudKind> {
  bootstrapIn: Of<z.input<typeof bootstrapInput>, C>;
  bootstrap: Of<z.output<typeof bootstrapOutput>, C>;
  targetIn: Of<z.input<typeof targetInput>, C>;
  identity: Of<z.output<typeof identityOutput>, C>;
  permissions: Of<z.output<typeof permissionsOutput>, C>;
  enumeration: Of<z.output<typeof enumerateOutput>, C>;
}

/** A permissions result, whichever cloud it is from. */
export type AnyPermissions = CloudOut<CloudKind>['permissions'];
