import { z } from 'zod';
import { roleNameProblem } from '../domain/aws.js';
import { RESET_VAULT_CONFIRMATION } from '../domain/vault.js';
import { CLOUD_KINDS } from '../domain/cloud.js';
import { THEMES } from '../settings-file.js';
import { SETTING_CLASSES, type SettingClass } from '../settings-schema.js';
import { otpCodeSchema } from './mfa.js';
import { defineChannel, emptyInput } from './contract.js';
import { orgIdSchema } from './schemas.js';

export const SETTING_SOURCES = ['managed', 'environment', 'profile', 'settings file', 'secret store', 'default', 'unset'] as const;

export const settingStatusSchema = z.strictObject({
  name: z.string(),
  label: z.string(),
  /** What it is, in words ("AlphaSwarm's AWS partner account id"). */
  purpose: z.string(),
  example: z.string().nullable(),
  required: z.boolean(),
  secret: z.boolean(),
  source: z.enum(SETTING_SOURCES),
  /** Shown for non-secret settings only; a secret is never echoed, not even masked. */
  value: z.string().nullable(),
  defaultValue: z.string().nullable(),
  problem: z.string().nullable(),
  /** Why the field cannot be edited here, if it cannot: the environment wins, the profile wins, … */
  lockedBy: z.enum(['managed', 'environment', 'profile', 'environment-only', 'secret']).nullable(),
  /** The kind of trust decision this setting is (see docs/SECURITY.md). */
  class: z.enum(Object.keys(SETTING_CLASSES) as [SettingClass, ...SettingClass[]]),
  /** Changing it needs a step-up code, and main shows the change in its own dialog. */
  stepUp: z.boolean(),
});
export type SettingStatus = z.infer<typeof settingStatusSchema>;

export const profileStatusSchema = z.strictObject({
  /** none: never imported; active; expired: no longer used; untrusted: its key is no longer pinned. */
  state: z.enum(['none', 'active', 'expired', 'untrusted']),
  jti: z.string().nullable(),
  engineer: z.strictObject({ name: z.string(), email: z.string() }).nullable(),
  issuedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  keyFingerprint: z.string().nullable(),
  orgIds: z.array(z.string()),
  settings: z.array(z.string()),
  /** What the state means for the engineer, when it needs saying. */
  message: z.string().nullable(),
  trust: z.strictObject({ mode: z.enum(['configured', 'first-use', 'none']), fingerprints: z.array(z.string()), pinnedAt: z.string().nullable() }),
});
export type ProfileStatus = z.infer<typeof profileStatusSchema>;

export const settingsStatusSchema = z.strictObject({
  dataDir: z.string(),
  settingsFile: z.string(),
  settingsFileProblem: z.string().nullable(),
  /** What the IT department pushed: where from, which settings it sets, and what could not be applied. */
  managed: z.strictObject({ origin: z.string().nullable(), settings: z.array(z.string()), problems: z.array(z.string()) }),
  keychain: z.strictObject({ available: z.boolean(), detail: z.string() }),
  theme: z.enum(THEMES),
  profile: profileStatusSchema,
  /** Where AWS external ids come from on this laptop. */
  externalIds: z.strictObject({ source: z.enum(['profile', 'key', 'both', 'none']), detail: z.string() }),
  orgRoleNames: z.array(z.strictObject({ orgId: z.string(), roleName: z.string(), source: z.enum(['profile', 'settings file']) })),
  /** The Azure apps the profile's orgs use (each org's own, or the global one): Entra allows 20 orgs per app. */
  azureApps: z.array(z.strictObject({ clientId: z.string(), global: z.boolean(), orgIds: z.array(z.string()), overLimit: z.boolean() })),
  /** Secrets that can no longer be read (a wiped keychain): Reset local vault is the way forward. */
  unreadableSecrets: z.number().int().nonnegative(),
  clouds: z.array(
    z.strictObject({
      cloud: z.enum(CLOUD_KINDS),
      ready: z.boolean(),
      /** What stops this cloud, in words; the variable name is a detail. */
      missing: z.array(z.strictObject({ name: z.string(), purpose: z.string(), problem: z.string().nullable() })),
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
  summary: 'Every setting with its source, the platform profile, and which clouds are ready.',
});

const settingName = z.string().regex(/^ALPHASWARM_ADMIN_[A-Z0-9_]{1,64}$/, 'is not a setting name (ALPHASWARM_ADMIN_…)');

export const set = defineChannel({
  domain: 'settings',
  method: 'set',
  // `code`: a step-up code, needed for every class but `preference`; main shows the change itself.
  input: z.strictObject({ name: settingName, value: z.string().max(65536), code: otpCodeSchema.optional() }),
  output: settingStatusSchema,
  audit: { step: 'settings_change', mode: 'pending-outcome' },
  summary: 'Change one non-secret setting in the settings file (validated first; a trust decision needs a code and main’s own confirmation).',
});

export const unset = defineChannel({
  domain: 'settings',
  method: 'unset',
  input: z.strictObject({ name: settingName, code: otpCodeSchema.optional() }),
  output: settingStatusSchema,
  audit: { step: 'settings_change', mode: 'pending-outcome' },
  summary: 'Remove one setting from the settings file (its default, if any, applies again).',
});

export const setOrgRoleName = defineChannel({
  domain: 'settings',
  method: 'setOrgRoleName',
  input: z.strictObject({
    orgId: orgIdSchema,
    roleName: z
      .string()
      .refine((v) => roleNameProblem(v) === undefined, 'must be an IAM role name: 1–64 of letters, digits and + = , . @ _ -')
      .nullable(),
    // The role an org's trust policy and artifacts name: an identity decision, as the pattern is.
    code: otpCodeSchema.optional(),
  }),
  output: z.strictObject({ orgId: z.string(), roleName: z.string(), source: z.enum(['profile', 'settings file', 'pattern']) }),
  audit: { step: 'settings_change', mode: 'pending-outcome' },
  summary: 'Give one org its own AWS role name (or go back to the pattern); like every identity setting it needs a step-up code and main’s own confirmation.',
});

export const setTheme = defineChannel({
  domain: 'settings',
  method: 'setTheme',
  input: z.strictObject({ theme: z.enum(THEMES) }),
  output: z.strictObject({ theme: z.enum(THEMES) }),
  summary: 'Light, dark, or follow the system.',
});

/** A profile's text, as the window read it from the chosen file. */
const profileText = z.string().min(1, 'The file is empty.').max(2 * 1024 * 1024, 'The file is larger than any profile (2 MB).');

export const profileInspectionSchema = z.strictObject({
  /** trusted: signed by a pinned key; first-use: no key pinned yet, confirm this one. */
  trust: z.enum(['trusted', 'first-use']),
  keyFingerprint: z.string(),
  jti: z.string(),
  engineer: z.strictObject({ name: z.string(), email: z.string() }),
  issuedAt: z.string(),
  expiresAt: z.string(),
  orgIds: z.array(z.string()),
  settings: z.array(z.string()),
  /** What importing changes: orgs added or dropped, external ids that differ from the profile in use. */
  changes: z.strictObject({ addedOrgs: z.array(z.string()), removedOrgs: z.array(z.string()), changedExternalIds: z.array(z.string()), changedAzureApps: z.array(z.string()) }),
  alreadyImported: z.boolean(),
});
export type ProfileInspection = z.infer<typeof profileInspectionSchema>;

/** The platform's public profile key as the engineer was given it (a JWK, or a JWK Set of one). */
const trustKeyText = z.string().min(2, 'The key file is empty.').max(256 * 1024, 'The key file is larger than any public key (256 KB).');

export const inspectProfile = defineChannel({
  domain: 'settings',
  method: 'inspectProfile',
  input: z.strictObject({
    text: profileText,
    /** For a profile that does not carry its signing key: the key to verify it with, on first use. */
    trustKey: trustKeyText.optional(),
  }),
  output: profileInspectionSchema,
  maxPayloadBytes: 3 * 1024 * 1024,
  summary: 'Verify a platform profile without importing it: who it is for, what it sets, whose key signed it.',
});

export const importProfile = defineChannel({
  domain: 'settings',
  method: 'importProfile',
  input: z
    .strictObject({
      text: profileText,
      /** Trust on first use: the fingerprint the engineer confirmed (must be the signing key's). */
      acceptFingerprint: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'is not a key fingerprint (43 base64url characters)').optional(),
      /**
       * Trust on first use with the platform's public key itself (a JWK, or a JWK Set of one), as
       * the engineer was given it: it verifies the profile even when the profile does not carry it.
       */
      trustKey: trustKeyText.optional(),
      /** Step-up code: needed when the key is pinned now, or a setting that is not a preference changes. */
      code: otpCodeSchema.optional(),
    })
    .refine((v) => v.acceptFingerprint === undefined || v.trustKey === undefined, { message: 'Give the key or its fingerprint, not both.', path: ['trustKey'] }),
  output: z.strictObject({ profile: profileStatusSchema, inspection: profileInspectionSchema }),
  maxPayloadBytes: 3 * 1024 * 1024,
  audit: { step: 'profile_import', mode: 'pending-outcome' },
  summary: 'Import a platform profile: verified, audited, and in use at once.',
});

export { RESET_VAULT_CONFIRMATION };

export const resetVault = defineChannel({
  domain: 'settings',
  method: 'resetVault',
  input: z.strictObject({ confirm: z.literal(RESET_VAULT_CONFIRMATION, { error: `Type ${RESET_VAULT_CONFIRMATION} to confirm.` }) }),
  output: z.strictObject({ dropped: z.array(z.string()), redo: z.array(z.string()) }),
  audit: { step: 'vault_reset', mode: 'pending-outcome' },
  summary: 'Drop the secrets this laptop can no longer read (a wiped keychain), and say what must be redone.',
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
    /** A code for this change alone (not an open step-up grant): the key decides every external id. */
    code: otpCodeSchema.optional(),
  }),
  output: z.strictObject({ name: z.string(), fingerprint: z.string(), shadowedByEnvironment: z.boolean() }),
  audit: { step: 'secret_import', mode: 'pending-outcome' },
  summary: 'Store a secret setting encrypted under the OS keychain.',
});

export const settingsChannels = [status, set, unset, setOrgRoleName, setTheme, inspectProfile, importProfile, resetVault, importSecret] as const;
