import { z } from 'zod';
import { UPDATE_CHANNELS } from '../settings-schema.js';
import { defineChannel, emptyInput } from './contract.js';

/**
 * The app's own updates. `off`: turned off or no feed; `unavailable`: this surface cannot update
 * itself (the CLI, the Chromium fallback); `ready`: downloaded and verified, waiting for the
 * engineer to restart; `refused`: a download failed verification and nothing was installed.
 */
export const UPDATE_STATES = ['off', 'unavailable', 'idle', 'checking', 'downloading', 'ready', 'refused', 'failed'] as const;

export const updateStatusSchema = z.strictObject({
  state: z.enum(UPDATE_STATES),
  currentVersion: z.string(),
  channel: z.enum(UPDATE_CHANNELS),
  feed: z.string().nullable(),
  /** The version offered, downloading, ready or refused. */
  version: z.string().nullable(),
  percent: z.number().min(0).max(100).nullable(),
  /** What the state means, in words, when it needs saying; and what to do. */
  message: z.string().nullable(),
  hint: z.string().nullable(),
  /** What a restart would interrupt right now (wizards, runs, sends): the prompt waits for them. */
  busy: z.array(z.string()),
  checkedAt: z.string().nullable(),
});
export type UpdateStatus = z.infer<typeof updateStatusSchema>;

export const status = defineChannel({
  domain: 'update',
  method: 'status',
  input: emptyInput,
  output: updateStatusSchema,
  summary: "The app's own update: off, up to date, downloading, ready to install, or refused.",
});

export const check = defineChannel({
  domain: 'update',
  method: 'check',
  input: emptyInput,
  output: updateStatusSchema,
  summary: 'Look for a newer version on the configured feed now, and download it (verified) if there is one.',
});

export const restart = defineChannel({
  domain: 'update',
  method: 'restart',
  // The version the engineer saw on the prompt: a newer download since then is not installed unseen.
  input: z.strictObject({ version: z.string().regex(/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/, 'is not a version').max(64) }),
  output: z.strictObject({ restarting: z.literal(true), version: z.string() }),
  summary: 'Restart into the downloaded update, unless the app is in the middle of something.',
});

export const updateChannels = [status, check, restart] as const;
