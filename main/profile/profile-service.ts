import type { Database } from 'better-sqlite3';
import { AppError } from '../../shared/domain/errors.js';
import type { ProfileInspection, ProfileStatus } from '../../shared/ipc/settings.js';
import type { PinnedKey } from '../jws/pinned-keys.js';
import { JwsRejected } from '../jws/verify-jws.js';
import { type Clock, isoAt } from '../platform/clock.js';
import type { ProfileSettings, Settings } from '../settings.js';
import { type PinnedKeyStore, type ProfileTrust } from './pinned-key-store.js';
import { type ProfilePayload, profilePayloadSchema } from './profile-format.js';
import { type VerifiedProfile, embeddedKey, verifyProfile } from './verify-profile.js';

/** An Entra app of the platform's: the client id MSAL and the customer use, the object id its federated credentials hang on. */
export interface AzureApp {
  readonly clientId: string;
  readonly objectId: string;
}

/** One org the profile assigns. */
export interface ProfileOrg {
  readonly externalId: string;
  readonly awsRoleName: string | undefined;
  /** The app holding this org's federated credential; undefined: the global setting's app. */
  readonly azureApp: AzureApp | undefined;
  /** What the profile says the platform has already done for this org (step 2 then skips it). */
  readonly platformReady: { readonly azure: boolean; readonly gcp: boolean };
}

/** The profile in use, as the rest of the app reads it. */
export interface ActiveProfile {
  readonly jti: string;
  readonly kid: string;
  readonly iat: number;
  readonly exp: number;
  readonly engineer: { readonly name: string; readonly email: string };
  readonly settings: Readonly<Record<string, string>>;
  readonly orgs: ReadonlyMap<string, ProfileOrg>;
}

interface StoredProfileRow {
  jti: string;
  iat: number;
  exp: number;
  kid: string;
  payload: string;
}

/** How a profile the window or CLI was given should be trusted, when no key is pinned yet. */
export interface TrustDecision {
  /** The fingerprint the engineer confirmed against what the platform told them. */
  readonly acceptFingerprint?: string;
  /** A public key file the engineer was given (`--trust-key FILE`), as text. */
  readonly trustedKey?: PinnedKey;
}

/** What an import would change, handed to the caller's gate after every check and before anything is stored. */
export interface ImportPlan {
  readonly inspection: ProfileInspection;
  /** The new profile's settings, as they would apply (trimmed). */
  readonly settings: Readonly<Record<string, string>>;
  /** The settings of the profile in use now (none when no trusted, unexpired profile applies). */
  readonly previous: Readonly<Record<string, string>>;
  /** The AWS role names the new profile gives its orgs, and those the profile in use gives. */
  readonly roleNames: Readonly<Record<string, string>>;
  readonly previousRoleNames: Readonly<Record<string, string>>;
  /** Who the newest stored profile is for, in use or not (expired, or its key no longer trusted). */
  readonly previousEngineer: { readonly name: string; readonly email: string } | undefined;
  /** The Azure app client ids the new profile gives its orgs, and those the profile in use gives. */
  readonly azureApps: Readonly<Record<string, string>>;
  readonly previousAzureApps: Readonly<Record<string, string>>;
}

/** Rejections become errors with the reason as `details.reason`, as `bundle verify` reports them. */
export function profileRejection(error: JwsRejected): AppError {
  return new AppError('bad_request', `The profile was refused (${error.reason}): ${error.message}`, error.hint, { details: { reason: error.reason } });
}

function azureAppOf(o: ProfilePayload['orgs'][number]): AzureApp | undefined {
  return o.azure_app_client_id !== undefined && o.azure_app_object_id !== undefined ? { clientId: o.azure_app_client_id, objectId: o.azure_app_object_id } : undefined;
}

function toActive(row: StoredProfileRow): ActiveProfile | undefined {
  let payload: ProfilePayload;
  try {
    payload = profilePayloadSchema.parse(JSON.parse(row.payload));
  } catch {
    return undefined;
  }
  return {
    jti: row.jti,
    kid: row.kid,
    iat: row.iat,
    exp: row.exp,
    engineer: payload.engineer,
    settings: Object.fromEntries(Object.entries(payload.settings).map(([k, v]) => [k, v.trim()])),
    orgs: new Map(
      payload.orgs.map((o) => [o.org_id, { externalId: o.aws_external_id, awsRoleName: o.aws_role_name, azureApp: azureAppOf(o), platformReady: { azure: o.azure_federated_credential_ready === true, gcp: o.gcp_binding_ready === true } }]),
    ),
  };
}

/**
 * Platform profiles: verified at import (signature by a pinned key, every claim), kept in the
 * database, and in use while unexpired and still signed by a trusted key. The newest (by `iat`)
 * wins; an older one is refused.
 */
export class ProfileService {
  private current: { profile: ActiveProfile | undefined; state: ProfileStatus['state']; trust: ProfileTrust } | undefined;

  constructor(
    private readonly db: Database,
    private readonly settings: Settings,
    private readonly keys: PinnedKeyStore,
    private readonly clock: Clock,
  ) {}

  private newest(): StoredProfileRow | undefined {
    return this.db.prepare('SELECT jti, iat, exp, kid, payload FROM platform_profiles ORDER BY iat DESC, imported_at DESC LIMIT 1').get() as StoredProfileRow | undefined;
  }

  /** Load the profile in use and the keys that decide whether it is still trusted. */
  async refresh(): Promise<void> {
    let trust: ProfileTrust;
    try {
      trust = await this.keys.trust();
    } catch {
      // A broken key setting is reported by settings status; no profile can be trusted meanwhile.
      trust = { mode: 'configured', keys: [], pinnedAt: null };
    }
    const row = this.newest();
    const profile = row ? toActive(row) : undefined;
    const state: ProfileStatus['state'] = !profile ? 'none' : !trust.keys.some((k) => k.kid === profile.kid) ? 'untrusted' : 'active';
    this.current = { profile, state, trust };
  }

  private loaded(): NonNullable<ProfileService['current']> {
    if (!this.current) throw new Error('ProfileService.refresh() must run before use');
    return this.current;
  }

  /** The profile whose settings and external ids apply now: trusted and not expired. */
  active(): ActiveProfile | undefined {
    const { profile, state } = this.loaded();
    if (state !== 'active' || !profile) return undefined;
    return profile.exp * 1000 > this.clock.now() ? profile : undefined;
  }

  /** What Settings reads from the profile. */
  settingsView(): ProfileSettings | undefined {
    return this.active()?.settings;
  }

  status(): ProfileStatus {
    const { profile, state, trust } = this.loaded();
    const expired = profile !== undefined && state === 'active' && profile.exp * 1000 <= this.clock.now();
    const shown: ProfileStatus['state'] = expired ? 'expired' : state;
    const when = (sec: number) => new Date(sec * 1000).toISOString();
    const messages: Record<ProfileStatus['state'], string | null> = {
      none: null,
      active: null,
      expired: profile ? `Your platform profile expired on ${when(profile.exp)}: its settings and external ids are no longer used. Ask the platform team for a current profile and import it.` : null,
      untrusted: "Your platform profile is signed by a key this laptop no longer trusts (ALPHASWARM_ADMIN_PLATFORM_PROFILE_KEYS changed): it is not used. Import a profile signed by a trusted key.",
    };
    return {
      state: shown,
      jti: profile?.jti ?? null,
      engineer: profile ? { ...profile.engineer } : null,
      issuedAt: profile ? when(profile.iat) : null,
      expiresAt: profile ? when(profile.exp) : null,
      keyFingerprint: profile?.kid ?? null,
      orgIds: profile ? [...profile.orgs.keys()].sort() : [],
      settings: profile ? Object.keys(profile.settings).sort() : [],
      message: messages[shown],
      trust: { mode: trust.mode, fingerprints: trust.keys.map((k) => k.kid), pinnedAt: trust.pinnedAt },
    };
  }

  /**
   * Who a profile the platform served is for, if it verifies with a key this laptop trusts (never
   * the key it carries): how a platform sign-in is told apart from another engineer's. Null otherwise.
   */
  async engineerOf(text: string): Promise<string | null> {
    const trust = await this.keys.trust();
    if (trust.mode === 'none') return null;
    try {
      const verified = await verifyProfile(text, trust.keys, { nowSec: Math.floor(this.clock.now() / 1000), issuer: this.issuer() });
      return verified.payload.engineer.email;
    } catch {
      return null;
    }
  }

  private issuer(): string {
    return this.settings.resolve('ALPHASWARM_ADMIN_PLATFORM_AUDIENCE', { withoutProfile: true }).value ?? 'https://alpha-swarm.ai/platform';
  }

  /**
   * Verify a profile with the keys this laptop trusts — or, when none is pinned yet, with the key
   * it carries (so its fingerprint can be shown and confirmed). Nothing is stored.
   */
  private async verify(text: string, decision: TrustDecision = {}): Promise<{ verified: VerifiedProfile; trust: 'trusted' | 'first-use'; key: PinnedKey }> {
    const trust = await this.keys.trust();
    const options = { nowSec: Math.floor(this.clock.now() / 1000), issuer: this.issuer() };
    try {
      if (trust.mode !== 'none') {
        const verified = await verifyProfile(text, trust.keys, options);
        return { verified, trust: 'trusted', key: trust.keys.find((k) => k.kid === verified.kid)! };
      }
      const carried = decision.trustedKey ?? (await embeddedKey(text));
      if (!carried) {
        throw new AppError(
          'precondition_failed',
          'This profile does not carry its signing key, and no platform key is trusted on this laptop yet.',
          "Get the platform's public profile key and import with it (in the window: Choose the platform's key…; CLI: --trust-key FILE), or set ALPHASWARM_ADMIN_PLATFORM_PROFILE_KEYS.",
          { details: { reason: 'key_required' } },
        );
      }
      const verified = await verifyProfile(text, [carried], options);
      return { verified, trust: 'first-use', key: carried };
    } catch (error) {
      if (error instanceof JwsRejected) throw profileRejection(error);
      throw error;
    }
  }

  private inspection(verified: VerifiedProfile, trust: 'trusted' | 'first-use'): ProfileInspection {
    const p = verified.payload;
    const previous = this.loaded().profile;
    const before = previous?.orgs ?? new Map<string, ProfileOrg>();
    const after = new Map(p.orgs.map((o) => [o.org_id, o.aws_external_id]));
    const appAfter = new Map(p.orgs.map((o) => [o.org_id, o.azure_app_client_id]));
    return {
      trust,
      keyFingerprint: verified.kid,
      jti: p.jti,
      engineer: { ...p.engineer },
      issuedAt: new Date(p.iat * 1000).toISOString(),
      expiresAt: new Date(p.exp * 1000).toISOString(),
      orgIds: [...after.keys()].sort(),
      settings: Object.keys(p.settings).sort(),
      changes: {
        addedOrgs: [...after.keys()].filter((o) => !before.has(o)).sort(),
        removedOrgs: [...before.keys()].filter((o) => !after.has(o)).sort(),
        changedExternalIds: [...after].filter(([o, id]) => before.has(o) && before.get(o)!.externalId !== id).map(([o]) => o).sort(),
        // Set, changed or dropped: the org's Azure connections (if any) then show as rotated.
        changedAzureApps: [...appAfter].filter(([o, app]) => before.has(o) && before.get(o)!.azureApp?.clientId !== app).map(([o]) => o).sort(),
      },
      alreadyImported: previous?.jti === p.jti,
    };
  }

  async inspect(text: string, decision: TrustDecision = {}): Promise<ProfileInspection> {
    const { verified, trust } = await this.verify(text, decision);
    return this.inspection(verified, trust);
  }

  /**
   * Import: verify, refuse a downgrade, pin the key on first use (only with the engineer's
   * confirmation), store. The router audits it with the jti, engineer and key fingerprint.
   */
  async import(text: string, decision: TrustDecision, gate: (plan: ImportPlan) => Promise<void>): Promise<{ profile: ProfileStatus; inspection: ProfileInspection }> {
    await this.refresh();
    const { verified, trust, key } = await this.verify(text, decision);
    const inspection = this.inspection(verified, trust);
    if (trust === 'first-use') {
      const confirmed = decision.trustedKey?.kid === key.kid || decision.acceptFingerprint === key.kid;
      if (!confirmed) {
        const given = decision.acceptFingerprint ?? decision.trustedKey?.kid;
        throw new AppError(
          'precondition_failed',
          given
            ? `The profile is signed by key ${key.kid}, not by the key you confirmed (${given}). Nothing was imported.`
            : `No platform key is trusted on this laptop yet. This profile is signed by key ${key.kid}: confirm that fingerprint with the platform team before trusting it.`,
          given
            ? 'Check the fingerprint with the platform team; import only a profile signed by the key they name.'
            : 'Compare the fingerprint with the one the platform team gave you, then import again confirming it (CLI: --accept-fingerprint FP, or --trust-key FILE).',
          { details: { fingerprint: key.kid, reason: 'trust_required' } },
        );
      }
    }
    const previous = this.newest();
    if (previous && previous.jti === verified.payload.jti) return { profile: this.status(), inspection };
    if (previous && verified.payload.iat <= previous.iat) {
      throw profileRejection(
        new JwsRejected(
          'downgrade',
          `This profile was issued at ${inspection.issuedAt}, before the one in use (${new Date(previous.iat * 1000).toISOString()}); an older profile never replaces a newer one.`,
          'Import the newest profile the platform issued you.',
        ),
      );
    }
    // Every check has passed: only now may the caller ask for a confirmation or spend a code.
    const settings = Object.fromEntries(Object.entries(verified.payload.settings).map(([k, v]) => [k, v.trim()]));
    const roleNames = Object.fromEntries(verified.payload.orgs.flatMap((o) => (o.aws_role_name !== undefined ? [[o.org_id, o.aws_role_name]] : [])));
    const previousRoleNames = Object.fromEntries([...(this.active()?.orgs ?? [])].flatMap(([org, o]) => (o.awsRoleName !== undefined ? [[org, o.awsRoleName]] : [])));
    // The engineer of the newest stored profile, even expired or no longer trusted: an expired
    // profile is exactly when a refresh runs, and who the app acts as is still theirs to change.
    const previousEngineer = previous ? toActive(previous)?.engineer : undefined;
    // An app is its client id and its object id together: moving either is moving the app.
    const app = (clientId: string, objectId: string) => `${clientId.toLowerCase()} (object ${objectId.toLowerCase()})`;
    const azureApps = Object.fromEntries(verified.payload.orgs.flatMap((o) => (o.azure_app_client_id !== undefined && o.azure_app_object_id !== undefined ? [[o.org_id, app(o.azure_app_client_id, o.azure_app_object_id)]] : [])));
    const previousAzureApps = Object.fromEntries([...(this.active()?.orgs ?? [])].flatMap(([org, o]) => (o.azureApp !== undefined ? [[org, app(o.azureApp.clientId, o.azureApp.objectId)]] : [])));
    await gate({ inspection, settings, previous: this.active()?.settings ?? {}, roleNames, previousRoleNames, previousEngineer, azureApps, previousAzureApps });
    this.db.transaction(() => {
      if (trust === 'first-use') this.keys.pin(key, decision.trustedKey ? 'trusted-key-file' : 'accepted-fingerprint');
      this.db
        .prepare('INSERT INTO platform_profiles (jti, iat, exp, kid, engineer_email, jws, payload, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(verified.payload.jti, verified.payload.iat, verified.payload.exp, verified.kid, verified.payload.engineer.email, text.trim(), JSON.stringify(verified.payload), isoAt(this.clock));
    }).immediate();
    await this.refresh();
    return { profile: this.status(), inspection };
  }
}
