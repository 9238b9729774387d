import { z } from 'zod';
import { defineChannel, emptyInput } from './contract.js';
import { orgIdSchema } from './schemas.js';

/** The org the window is presenting, or null: what the header, the title and every list follow. */
export const presentingStateSchema = z.strictObject({
  presenting: z.strictObject({ orgId: z.string(), displayName: z.string() }).nullable(),
});
export type PresentingState = z.infer<typeof presentingStateSchema>;

export const presentingStatus = defineChannel({
  domain: 'presenting',
  method: 'status',
  input: emptyInput,
  output: presentingStateSchema,
  summary: 'Which organisation the window is presenting ("On a call with <org>"), if any.',
});

export const presentingEnter = defineChannel({
  domain: 'presenting',
  method: 'enter',
  input: z.strictObject({ orgId: orgIdSchema }),
  output: presentingStateSchema,
  audit: { step: 'presenting_start', mode: 'pending-outcome' },
  summary: 'Show only this organisation in the window (every list, count and export) until presenting is left.',
});

export const presentingLeave = defineChannel({
  domain: 'presenting',
  method: 'leave',
  // The org being left, so the audit row sits under it and a stale window cannot leave another's.
  input: z.strictObject({ orgId: orgIdSchema }),
  output: presentingStateSchema,
  audit: { step: 'presenting_stop', mode: 'pending-outcome' },
  summary: 'Stop presenting: the window shows every organisation again.',
});

export const presentingChannels = [presentingStatus, presentingEnter, presentingLeave] as const;
