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

/** Secret settings that may be imported into the encrypted store (instead of the environment). */
export const IMPORTABLE_SECRETS = ['ALPHASWARM_ADMIN_CLOUD_AWS_EXTERNAL_ID_SECRET'] as const;

export const importSecret = defineChannel({
  domain: 'settings',
  method: 'importSecret',
  // A device-level secret: step-up is taken for the platform tenant.
  input: z.strictObject({
    orgId: z.literal('__platform__'),
    name: z.enum(IMPORTABLE_SECRETS),
    value: z.string().min(16, 'An HMAC key is at least 16 characters.').max(4096, 'That is far too long for a key.'),
  }),
  output: z.strictObject({ name: z.string(), fingerprint: z.string(), shadowedByEnvironment: z.boolean() }),
  stepUp: true,
  audit: { step: 'secret_import', mode: 'outcome' },
  summary: 'Store a secret setting encrypted under the OS keychain.',
});

export const settingsChannels = [status, importSecret] as const;
