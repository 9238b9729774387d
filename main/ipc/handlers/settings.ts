import { createHash } from 'node:crypto';
import type { AuditAnchor } from '../../audit/audit-anchor.js';
import type { AuditDetail } from '../../../shared/domain/audit.js';
import { AppError } from '../../../shared/domain/errors.js';
import * as contract from '../../../shared/ipc/settings.js';
import { type IntegrationStore, type StoredConnection, connectionSecretName } from '../../credentials/integration-store.js';
import { SECRET_NAMES, type SecretStore } from '../../credentials/secret-store.js';
import type { MfaService } from '../../mfa/mfa-service.js';
import type { ProfileService } from '../../profile/profile-service.js';
import { trustedKeyFromText } from '../../profile/pinned-key-store.js';
import { keyFingerprint } from '../../providers/aws/external-id.js';
import type { AwsOrgIdentity } from '../../providers/aws/org-identity.js';
import type { AzureOrgApps } from '../../providers/azure/org-app.js';
import type { ProviderRegistry } from '../../providers/registry.js';
import type { Settings } from '../../settings.js';
import type { CallerContext, IpcRouter } from '../router.js';
import { type ChangePrompt, changePrompt, orgRoleNamePrompt, secretImportPrompt } from '../../settings/change-prompt.js';
import { type ProtectedChange, confirmProtected, profileGate } from './protected-change.js';
import { SETTINGS_BY_NAME, SETTING_CLASSES } from '../../../shared/settings-schema.js';

export interface SettingsDeps {
  readonly settings: Settings;
  readonly secrets: SecretStore;
  readonly providers: ProviderRegistry;
  readonly profiles: ProfileService;
  readonly awsIdentity: AwsOrgIdentity;
  readonly azureApps: AzureOrgApps;
  readonly mfa: MfaService;
  readonly integrations: IntegrationStore;
  /** A dropped device key retires the audit checkpoints it signed. */
  readonly anchor: AuditAnchor;
}

/** Everything Settings shows, resolved now. */
export function settingsStatus(d: SettingsDeps): contract.SettingsStatus {
  return d.settings.status(d.secrets.probe(), d.providers.kinds(), {
    profile: d.profiles.status(),
    externalIds: d.awsIdentity.sources(),
    orgRoleNames: d.awsIdentity.ownRoleNames(),
    azureApps: d.azureApps.appsInUse(),
    unreadableSecrets: d.secrets.unreadable().length,
  });
}

/** What each unreadable secret was, in words, and what to do about it. */
function describeLoss(name: string, connection: StoredConnection | undefined): { dropped: string; redo: string } {
  if (name === SECRET_NAMES.mfaSeed || name === SECRET_NAMES.mfaPendingSeed) return { dropped: 'the step-up MFA enrolment', redo: 'Set up step-up MFA again (Settings → Step-up MFA), and remove the old entry from your authenticator app.' };
  if (name === SECRET_NAMES.deviceSigningKey) return { dropped: "this laptop's bundle-signing key", redo: 'A new device key is made on the next export: give its public key (Settings → Device signing key) to the platform to pin.' };
  if (name === SECRET_NAMES.externalIdKey) return { dropped: 'the imported external-id HMAC key', redo: 'Import the HMAC key again (settings import-secret), or rely on your platform profile.' };
  if (connection) return { dropped: `the ${connection.cloud} token of ${connection.orgId} (${connection.account})`, redo: `Paste the ${connection.cloud} token of ${connection.orgId} again (its connection is kept and marked).` };
  if (name.startsWith('cleanup/')) return { dropped: 'a removed token kept for "verify cleanup"', redo: 'Check that cleanup by hand in the vendor console.' };
  return { dropped: name, redo: 'Set it up again.' };
}

export function registerSettings(router: IpcRouter, d: SettingsDeps): void {
  const { settings, secrets, profiles } = d;
  router.handle(contract.status, () => settingsStatus(d));

  const changed = (input: { name: string; value?: string; code?: string }): AuditDetail => {
    // Only a known setting that is no secret is written in words (cut for the row); for anything
    // else — a secret given to the wrong command, a misspelt name — only its hash and length.
    const def = SETTINGS_BY_NAME.get(input.name);
    const shown = def !== undefined && !def.secret;
    return {
      name: shown ? input.name : `(not a setting: ${createHash('sha256').update(input.name).digest('hex').slice(0, 12)})`,
      ...(input.value !== undefined
        ? { ...(shown ? { value: input.value.slice(0, 512) } : {}), valueSha256: createHash('sha256').update(input.value.trim()).digest('hex'), valueLength: input.value.trim().length }
        : { value: null }),
      ...(input.code !== undefined ? { stepUp: 'code' } : {}),
    };
  };
  const confirmed = (what: ProtectedChange, code: string | undefined, caller: CallerContext, prompt: () => ChangePrompt) => confirmProtected(d.mfa, what, code, caller, prompt);
  const change = async (name: string, value: string | undefined, code: string | undefined, caller: CallerContext) => {
    const plan = settings.planChange(name, value);
    if (plan.stepUp) await confirmed({ setting: name, why: SETTING_CLASSES[plan.def.class], terminal: `settings set ${name} VALUE --otp CODE` }, code, caller, () => changePrompt(plan));
    return settings.describe((await settings.apply(plan)).def);
  };
  // Checked before the pending row: a refused change (a secret's name, a typo) leaves no row at all.
  router.handle(contract.set, (input, caller) => change(input.name, input.value, input.code, caller), { auditDetail: changed, precheck: (input) => void settings.planChange(input.name, input.value) });
  router.handle(contract.unset, (input, caller) => change(input.name, undefined, input.code, caller), { auditDetail: changed, precheck: (input) => void settings.planChange(input.name, undefined) });

  /** A per-org role name change that can take effect, checked before a code is asked for. */
  const planRoleName = (orgId: string, roleName: string | null | undefined) => {
    const before = d.awsIdentity.roleName(orgId);
    if (before.source === 'profile') {
      throw new AppError('precondition_failed', `The AWS role name of ${orgId} comes from your platform profile, which wins over Settings, so a name set here would not be used.`, 'Ask the platform team for a profile with the name you need, then import it. Nothing was changed.', { field: 'roleName' });
    }
    const after = roleName ?? undefined;
    const current = settings.orgOverrides(orgId).awsRoleName;
    if (after === undefined && current === undefined) throw new AppError('bad_request', `${orgId} has no AWS role name of its own in Settings, so there is nothing to remove.`, 'Nothing was changed.', { field: 'roleName' });
    if (after !== undefined && after === current) throw new AppError('bad_request', `${orgId} already has the AWS role name ${after}.`, 'Nothing was changed.', { field: 'roleName' });
    settings.file.assertWritable();
    return { before, after };
  };

  router.handle(
    contract.setOrgRoleName,
    async (input, caller) => {
      const { before, after } = planRoleName(input.orgId, input.roleName);
      await confirmed({ setting: `the AWS role name of ${input.orgId}`, why: SETTING_CLASSES.identity, terminal: `settings role-name ${input.orgId} NAME --otp CODE` }, input.code, caller, () =>
        orgRoleNamePrompt({ orgId: input.orgId, before: before.name, beforeSource: before.source, after, pattern: settings.optional('ALPHASWARM_ADMIN_AWS_ROLE_NAME_PATTERN') ?? 'alphaswarm-broker-{org_id}' }),
      );
      await settings.setOrgRoleName(input.orgId, after);
      const role = d.awsIdentity.roleName(input.orgId);
      return { orgId: input.orgId, roleName: role.name, source: role.source };
    },
    { auditDetail: (input) => ({ name: 'aws_role_name', orgId: input.orgId, value: input.roleName }), precheck: (input) => void planRoleName(input.orgId, input.roleName) },
  );

  router.handle(contract.setTheme, async (input) => {
    await settings.setTheme(input.theme);
    return { theme: settings.theme() };
  });

  const trusted = async (trustKey: string | undefined) => (trustKey !== undefined ? { trustedKey: await trustedKeyFromText(trustKey) } : {});
  router.handle(contract.inspectProfile, async (input) => profiles.inspect(input.text, await trusted(input.trustKey)));
  router.handle(
    contract.importProfile,
    async (input, caller) =>
      profiles.import(input.text, { ...(input.acceptFingerprint ? { acceptFingerprint: input.acceptFingerprint } : {}), ...(await trusted(input.trustKey)) }, profileGate({ settings, mfa: d.mfa, integrations: d.integrations }, input.code, caller, 'settings import-profile FILE --otp CODE')),
    {
      // Never the profile's text: which file (its hash, in the pending row too), who it is for, whose key.
      auditDetail: (input, out): AuditDetail => ({
        profileSha256: createHash('sha256').update(input.text).digest('hex').slice(0, 32),
        ...(input.code !== undefined ? { stepUp: 'code' } : {}),
        ...(out ? { jti: out.inspection.jti, engineer: out.inspection.engineer.email, keyFingerprint: out.inspection.keyFingerprint, trust: out.inspection.trust, orgs: out.inspection.orgIds.length } : {}),
      }),
    },
  );

  router.handle(
    contract.resetVault,
    () => {
      const unreadable = secrets.unreadable();
      if (unreadable.length === 0) {
        const probe = secrets.probe();
        throw new AppError(
          'precondition_failed',
          probe.available ? 'Every secret on this laptop can still be read: there is nothing to reset.' : `The OS keychain is not available (${probe.detail}), so nothing can be judged unreadable.`,
          probe.available ? 'Nothing was changed.' : 'Unlock or start the keychain first; the reset is only for secrets whose key is gone.',
        );
      }
      // Each connection by the name its token is stored under: whose token each lost secret was.
      const bySecret = new Map(d.integrations.list().map((c) => [connectionSecretName(c), c]));
      const losses = unreadable.map((name) => describeLoss(name, bySecret.get(name)));
      for (const name of unreadable) secrets.delete(name);
      if (unreadable.includes(SECRET_NAMES.mfaSeed) || unreadable.includes(SECRET_NAMES.mfaPendingSeed)) d.mfa.resetEnrollment();
      if (unreadable.includes(SECRET_NAMES.deviceSigningKey)) d.anchor.retire();
      for (const name of unreadable) {
        const c = bySecret.get(name);
        if (c) d.integrations.updateStatus(c, 'check_failed', 'The stored token was lost with the old keychain key: paste it again (Connect → Cloudflare, step 3).', null);
      }
      return { dropped: losses.map((l) => l.dropped), redo: [...new Set(losses.map((l) => l.redo))] };
    },
    { auditDetail: (_input, out): AuditDetail => (out ? { dropped: out.dropped } : {}) },
  );

  router.handle(
    contract.importSecret,
    async (input, caller) => {
      await confirmed({ setting: input.name, why: SETTING_CLASSES.secret, terminal: `settings import-secret ${input.name} --otp CODE < key-file` }, input.code, caller, () =>
        secretImportPrompt({ name: input.name, fingerprint: keyFingerprint(input.value), replaces: secrets.has(SECRET_NAMES.externalIdKey) }),
      );
      secrets.put(SECRET_NAMES.externalIdKey, input.value);
      return { name: input.name, fingerprint: keyFingerprint(input.value), shadowedByEnvironment: (settings.env[input.name] ?? '').trim() !== '' };
    },
    // The fingerprint (never the key) in the pending row too: which key a change that stuck was.
    { auditDetail: (input) => ({ name: input.name, fingerprint: keyFingerprint(input.value), ...(input.code !== undefined ? { stepUp: 'code' } : {}) }) },
  );
}
