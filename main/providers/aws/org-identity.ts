import { createHash } from 'node:crypto';
import { AppError } from '../../../shared/domain/errors.js';
import type { ProfileStatus } from '../../../shared/ipc/settings.js';
import type { ActiveProfile } from '../../profile/profile-service.js';
import type { Settings } from '../../settings.js';
import { externalIdFor, keyFingerprint } from './external-id.js';
import { roleNameFromPattern } from './role-name.js';

const KEY = 'ALPHASWARM_ADMIN_CLOUD_AWS_EXTERNAL_ID_SECRET';

/** An org's external id, and what it came from. */
export interface OrgExternalId {
  readonly value: string;
  readonly source: 'profile' | 'key';
  /** Which key or profile entry made it (stored with a connection; a change means rotation). */
  readonly fingerprint: string;
}

export interface OrgRoleName {
  readonly name: string;
  readonly source: 'profile' | 'settings file' | 'pattern';
  /** The pattern made a name over IAM's 64 characters, so the org id's short form was used. */
  readonly shortened: boolean;
}

/** Read by this class: the profile in use, and its state (to say why it is not used). */
export interface ProfileView {
  active(): ActiveProfile | undefined;
  status(): ProfileStatus;
}

/** Fingerprint of an external id given by a profile: it identifies the id without spelling it out. */
export function profileIdFingerprint(externalId: string): string {
  return `p-${createHash('sha256').update(`alphaswarm-external-id:${externalId}`).digest('hex').slice(0, 14)}`;
}

/**
 * Where an org's AWS external id and role name come from. A platform profile gives the ids of the
 * orgs assigned to this engineer; the HMAC key (the platform's own admin machines) derives any org's.
 * When both exist and disagree, nothing is picked: the engineer is shown both.
 */
export class AwsOrgIdentity {
  constructor(
    private readonly settings: Settings,
    private readonly profiles: ProfileView,
  ) {}

  private key(): string | undefined {
    return this.settings.optional(KEY);
  }

  /** The org's external id, or undefined when neither source has one (no error). */
  tryExternalId(orgId: string): OrgExternalId | undefined {
    try {
      return this.externalId(orgId);
    } catch {
      return undefined;
    }
  }

  externalId(orgId: string): OrgExternalId {
    const fromProfile = this.profiles.active()?.orgs.get(orgId)?.externalId;
    const key = this.key();
    const derived = key === undefined ? undefined : externalIdFor(key, orgId);
    if (fromProfile !== undefined && derived !== undefined && fromProfile !== derived) {
      const profile = this.profiles.active()!;
      throw new AppError(
        'config_invalid',
        `The external id for ${orgId} differs between your platform profile (${fromProfile}, profile ${profile.jti}) and the HMAC key on this laptop (${derived}, key ${keyFingerprint(key!)}). Nothing was chosen.`,
        `Ask the platform team which is right: either import a profile that agrees with the key, or remove ${KEY} from this laptop.`,
        { details: { orgId, profileExternalId: fromProfile, keyExternalId: derived, profileJti: profile.jti, keyFingerprint: keyFingerprint(key!) } },
      );
    }
    if (fromProfile !== undefined) return { value: fromProfile, source: 'profile', fingerprint: profileIdFingerprint(fromProfile) };
    if (derived !== undefined) return { value: derived, source: 'key', fingerprint: keyFingerprint(key!) };
    const status = this.profiles.status();
    const why =
      status.state === 'expired'
        ? ` (your platform profile expired on ${status.expiresAt}; its orgs are no longer available)`
        : status.state === 'untrusted'
          ? ' (your platform profile is signed by a key this laptop no longer trusts)'
          : '';
    throw new AppError(
      'config_missing',
      `${orgId} is not assigned to you${why}: import a profile that includes it, or set ${KEY}.`,
      status.state === 'none'
        ? 'Import your platform profile (Settings → Import platform profile…, or "settings import-profile FILE"); the platform team issues it.'
        : 'Ask the platform team for a current profile that assigns this org to you, then import it.',
      { details: { orgId, variable: KEY } },
    );
  }

  /** An org's own role name — from the profile, else the settings file — if it has one. */
  private ownRoleName(orgId: string): { readonly name: string; readonly source: 'profile' | 'settings file' } | undefined {
    const fromProfile = this.profiles.active()?.orgs.get(orgId)?.awsRoleName;
    if (fromProfile) return { name: fromProfile, source: 'profile' };
    const fromFile = this.settings.orgOverrides(orgId).awsRoleName;
    return fromFile ? { name: fromFile, source: 'settings file' } : undefined;
  }

  /** Every org with a role name of its own (Settings lists them), by the same precedence as roleName. */
  ownRoleNames(): { orgId: string; roleName: string; source: 'profile' | 'settings file' }[] {
    const orgIds = new Set([...(this.profiles.active()?.orgs.keys() ?? []), ...Object.keys(this.settings.file.read().orgs)]);
    return [...orgIds]
      .flatMap((orgId) => {
        const own = this.ownRoleName(orgId);
        return own ? [{ orgId, roleName: own.name, source: own.source }] : [];
      })
      .sort((a, b) => a.orgId.localeCompare(b.orgId));
  }

  roleName(orgId: string): OrgRoleName {
    const own = this.ownRoleName(orgId);
    if (own) return { ...own, shortened: false };
    const { name, shortened } = roleNameFromPattern(this.settings.require('ALPHASWARM_ADMIN_AWS_ROLE_NAME_PATTERN'), orgId);
    return { name, source: 'pattern', shortened };
  }

  /** Where external ids come from on this laptop, for Settings and the first-run checklist. */
  sources(): { source: 'profile' | 'key' | 'both' | 'none'; detail: string } {
    const profile = this.profiles.active();
    let key: string | undefined;
    try {
      key = this.key();
    } catch {
      key = undefined;
    }
    const orgs = profile ? `your platform profile (${profile.orgs.size} org${profile.orgs.size === 1 ? '' : 's'} assigned to ${profile.engineer.email})` : '';
    if (profile && key) return { source: 'both', detail: `From ${orgs}, and the HMAC key for any other org; where both give an id they must agree.` };
    if (profile) return { source: 'profile', detail: `From ${orgs}. Other orgs cannot be set up on this laptop.` };
    if (key) return { source: 'key', detail: `Derived from the HMAC key (${keyFingerprint(key)}) for any org: a platform admin machine.` };
    return { source: 'none', detail: 'No platform profile is imported and no HMAC key is set, so no org can be set up for AWS yet.' };
  }
}
