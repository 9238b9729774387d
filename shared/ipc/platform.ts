import { z } from 'zod';
import { CLOUD_KINDS } from '../domain/cloud.js';
import { DELIVERY_STATES } from './clouds/common.js';
import { defineChannel, emptyInput } from './contract.js';
import { otpCodeSchema } from './mfa.js';
import { orgIdSchema } from './schemas.js';

/** Sign-in as the window and the CLI see it: never a token, only whether and since when. */
const signInStateSchema = z.strictObject({
  signedIn: z.boolean(),
  platformUrl: z.string().nullable(),
  scope: z.string().nullable(),
  signedInAt: z.string().nullable(),
});

const enrolmentSchema = z.strictObject({ kid: z.string(), enrolled: z.boolean(), enrolledAt: z.string().nullable() });

export const status = defineChannel({
  domain: 'platform',
  method: 'status',
  input: emptyInput,
  output: z.strictObject({
    configured: z.boolean(),
    configuredUrl: z.string().nullable(),
    signIn: signInStateSchema,
    /** Who the platform profile in use names (the token itself says nothing about the engineer). */
    engineer: z.strictObject({ name: z.string(), email: z.string() }).nullable(),
    device: enrolmentSchema,
    outbox: z.strictObject({ queued: z.number().int(), refused: z.number().int(), delivered: z.number().int() }),
    /** The profile in use, and the app's own refreshes of it (while signed in, within 7 days of its end). */
    profile: z.strictObject({
      expiresAt: z.string().nullable(),
      refreshDue: z.boolean(),
      lastAutomatic: z.strictObject({ at: z.string(), outcome: z.enum(['refreshed', 'unchanged', 'failed']), message: z.string() }).nullable(),
    }),
  }),
  summary: 'Whether this laptop is signed in to the platform, its device enrolment, the outbox counts, and the profile refreshes the app made on its own.',
});

const flowIdSchema = z.string().uuid();

export const startSignIn = defineChannel({
  domain: 'platform',
  method: 'startSignIn',
  input: emptyInput,
  output: z.strictObject({
    flowId: flowIdSchema,
    userCode: z.string(),
    verificationUri: z.string(),
    verificationUriComplete: z.string().nullable(),
    expiresAt: z.string(),
    intervalSec: z.number().int(),
  }),
  summary: 'Start the device sign-in (RFC 8628): the user code to approve in a browser, and where.',
});

export const finishSignIn = defineChannel({
  domain: 'platform',
  method: 'finishSignIn',
  input: z.strictObject({ flowId: flowIdSchema }),
  output: signInStateSchema,
  audit: { step: 'platform_sign_in', mode: 'pending-outcome' },
  summary: 'Wait until the engineer approves (or refuses) the code; the refresh token goes to the OS keychain only.',
});

export const cancelSignIn = defineChannel({
  domain: 'platform',
  method: 'cancelSignIn',
  input: z.strictObject({ flowId: flowIdSchema }),
  output: z.strictObject({ cancelled: z.boolean() }),
  summary: 'Stop waiting for a sign-in.',
});

export const openSignInPage = defineChannel({
  domain: 'platform',
  method: 'openSignInPage',
  // The page names the waiting sign-in, never a URL: main opens the address the platform gave for it.
  input: z.strictObject({ flowId: flowIdSchema }),
  output: z.strictObject({ opened: z.literal(true) }),
  summary: 'Open the platform’s sign-in page for a waiting sign-in in the system browser (https only).',
});

export const signOut = defineChannel({
  domain: 'platform',
  method: 'signOut',
  input: emptyInput,
  output: z.strictObject({ revoked: z.boolean(), wasSignedIn: z.boolean() }),
  audit: { step: 'platform_sign_out', mode: 'pending-outcome' },
  summary: 'Revoke the refresh token at the platform (RFC 7009) and forget both tokens on this laptop.',
});

const connectionDeliverySchema = z.strictObject({
  credentialKey: z.string(),
  orgId: z.string(),
  cloud: z.enum(CLOUD_KINDS),
  identifier: z.string(),
  state: z.enum(DELIVERY_STATES),
  reason: z.string().nullable(),
});

/** One send as it ended (or waits): what the engineer needs to know, and what to do. */
export const sendResultSchema = z.strictObject({
  jti: z.string(),
  state: z.enum(['delivered', 'refused', 'queued']),
  attempts: z.number().int(),
  receiptJti: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  /** Why it was refused, or why it waits (the last error). */
  reason: z.string().nullable(),
  hint: z.string().nullable(),
  /** A receipt came back but failed verification: nothing is marked delivered. */
  receiptRejected: z.boolean(),
  nextAttemptAt: z.string().nullable(),
  connections: z.array(connectionDeliverySchema),
});
export type SendResult = z.infer<typeof sendResultSchema>;

export const push = defineChannel({
  domain: 'platform',
  method: 'push',
  // Leaves the laptop with every chosen org's connections: step-up for the platform tenant, as Export.
  input: z.strictObject({ orgId: z.literal('__platform__'), orgIds: z.array(orgIdSchema).min(1).max(1000) }),
  output: sendResultSchema,
  stepUp: true,
  summary: 'Export the chosen orgs’ bundle exactly as Export does and send it to the platform; queued in the outbox when it cannot be delivered now.',
});

export const outboxItemSchema = z.strictObject({
  jti: z.string(),
  state: z.enum(['queued', 'delivered', 'refused']),
  orgIds: z.array(z.string()),
  connections: z.number().int(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  createdAt: z.string(),
  receiptJti: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  reason: z.string().nullable(),
});

export const outboxList = defineChannel({
  domain: 'outbox',
  method: 'list',
  input: emptyInput,
  output: z.strictObject({ items: z.array(outboxItemSchema) }),
  summary: 'Every send in the outbox: its state, attempts, last error and next try.',
});

export const outboxFlush = defineChannel({
  domain: 'outbox',
  method: 'flush',
  input: emptyInput,
  output: z.strictObject({ results: z.array(sendResultSchema) }),
  summary: 'Try every queued send now (past any Retry-After the platform asked for).',
});

export const refreshProfile = defineChannel({
  domain: 'platform',
  method: 'refreshProfile',
  // A profile that changes what a file import would need a code for (a protected setting, an org's
  // role name, the engineer) needs one here too: main shows it, and the code is spent on it.
  input: z.strictObject({ code: otpCodeSchema.optional() }),
  output: z.strictObject({
    changed: z.boolean(),
    jti: z.string().nullable(),
    issuedAt: z.string().nullable(),
    expiresAt: z.string().nullable(),
    message: z.string(),
  }),
  audit: { step: 'profile_refresh', mode: 'pending-outcome' },
  summary: 'Fetch your current platform profile and import it, verified exactly as an import (a downgrade is refused).',
});

export const platformChannels = [status, startSignIn, finishSignIn, cancelSignIn, openSignInPage, signOut, push, outboxList, outboxFlush, refreshProfile] as const;
