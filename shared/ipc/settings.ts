import { z } from 'zod';
import { CLOUD_KINDS } from '../domain/cloud.js';
import { defineChannel, emptyInput } from './contract.js';

export const SETTING_SOURCES = ['environment', 'settings file', 'secret store', 'default', 'unset'] as const;

export const settingStatusSchema = z.strictObject({
  name: z.string(),
  label: z.string(),
  required: z.boolean(),
  secret: z.boolean(),
  source: z.enum(SETTING_SOURCES),
  /** Shown for non-secret settings only; a secret is never echoed, not even masked. */
  value: z.string().nullable(),
  problem: z.string().nullable(),
});
export type SettingStatus = z.infer<typeof settingStatusSchema>;

export const settingsStatusSchema = z.strictObject({
  dataDir: z.string(),
  settingsFile: z.string(),
  settingsFileProblem: z.string().nullable(),
  keychain: z.strictObject({ available: z.boolean(), detail: z.string() }),
  clouds: z.array(
    z.strictObject({
      cloud: z.enum(CLOUD_KINDS),
      ready: z.boolean(),
      identities: z.array(settingStatusSchema),
      endpoints: z.array(settingStatusSchema),
    }),
  ),
  general: z.array(settingStatusSchema),
});
export type SettingsStatus = z.infer<typeof settingsStatusSchema>;

export const status = defineChannel({
  domain: 'settings',
  method: 'status',
  input: emptyInput,
  output: settingsStatusSchema,
  summary: 'Which identities and endpoints are configured, and where each came from.',
});

export const settingsChannels = [status] as const;
