import { SETTINGS_BY_NAME, isProfileSetting } from '../../shared/settings-schema.js';
import { PLATFORM_KEYS, type PinnedKey, TrustKeyError, parsePinnedKeys } from '../jws/pinned-keys.js';
import { JwsRejected, type StrictJwsOptions, readStrictHeader, verifyStrictJws } from '../jws/verify-jws.js';
import { MAX_PROFILE_BYTES, MAX_PROFILE_LIFETIME_SEC, PROFILE_TYP, type ProfilePayload, profilePayloadSchema } from './profile-format.js';

/** Clock difference tolerated between the platform and the laptop. */
const CLOCK_SKEW_SEC = 60;

const REISSUE = 'Ask the platform team to issue your profile again and import the file unchanged.';

export const PROFILE_JWS_OPTIONS: StrictJwsOptions = {
  typ: PROFILE_TYP,
  what: 'profile',
  maxBytes: MAX_PROFILE_BYTES,
  redoHint: REISSUE,
  unknownKeyHint:
    "This profile is signed by a key this laptop does not trust. If the platform rotated its key, set ALPHASWARM_ADMIN_PLATFORM_PROFILE_KEYS in the environment the app starts with (or your managed deployment's) to the platform's new public key, then import again.",
  allowEmbeddedJwk: true,
};

export interface ProfileClaimsOptions {
  readonly nowSec: number;
  /** The platform's identity (ALPHASWARM_ADMIN_PLATFORM_AUDIENCE): the only acceptable `iss`. */
  readonly issuer: string;
}

export interface VerifiedProfile {
  readonly kid: string;
  readonly alg: string;
  readonly payload: ProfilePayload;
}

const fmt = (sec: number) => new Date(sec * 1000).toISOString();

/** The signer's own public key, when the profile carries one: usable only to show it for trust on first use. */
export async function embeddedKey(file: string): Promise<PinnedKey | undefined> {
  const { header } = readStrictHeader(file, PROFILE_JWS_OPTIONS);
  if (header.jwk === undefined) return undefined;
  let keys: PinnedKey[];
  try {
    keys = await parsePinnedKeys(JSON.stringify(header.jwk), 'The key in the profile header', PLATFORM_KEYS);
  } catch (error) {
    throw new JwsRejected('bad_header', error instanceof TrustKeyError ? error.message : 'The key in the profile header is not a public JWK.', REISSUE);
  }
  const key = keys[0]!;
  if (key.kid !== header.kid) throw new JwsRejected('bad_header', `The key in the profile header has thumbprint ${key.kid}, but the header's kid says ${header.kid}.`, REISSUE);
  return key;
}

/**
 * A profile, verified as strictly as a bundle: signature by a pinned key (algorithm from the key),
 * then every claim — issuer, lifetime, and settings that are known, non-secret and valid.
 */
export async function verifyProfile(file: string, pinned: readonly PinnedKey[], options: ProfileClaimsOptions): Promise<VerifiedProfile> {
  const embedded = await embeddedKey(file);
  const verified = await verifyStrictJws(file, pinned, PROFILE_JWS_OPTIONS);
  if (embedded && embedded.kid !== verified.key.kid) throw new JwsRejected('bad_header', 'The key in the profile header is not the key that signed it.', REISSUE);
  const parsed = profilePayloadSchema.safeParse(verified.payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new JwsRejected('bad_payload', `The profile's content is not valid: ${issue.path.join('.') || 'payload'}: ${issue.message}.`, REISSUE);
  }
  const payload = parsed.data;
  for (const [name, value] of Object.entries(payload.settings)) {
    const def = SETTINGS_BY_NAME.get(name);
    if (!def) throw new JwsRejected('bad_payload', `The profile sets ${name}, which this version of the app does not know.`, 'Update the app, or ask the platform team for a profile without it.');
    if (def.secret) throw new JwsRejected('bad_payload', `The profile carries ${name}, a secret. A profile never holds secrets, so it is refused as a whole.`, 'Report this to the platform team: secrets must never be put in profiles.');
    if (!isProfileSetting(def)) throw new JwsRejected('bad_payload', `The profile sets ${name}, which only you may set on this laptop (environment or Settings).`, REISSUE);
    const problem = def.problem?.(value.trim());
    if (problem) throw new JwsRejected('bad_payload', `The profile's ${name} ${problem}.`, REISSUE);
  }
  if (payload.iss !== options.issuer) throw new JwsRejected('wrong_issuer', `The profile was issued by "${payload.iss}", not by "${options.issuer}".`, 'Check ALPHASWARM_ADMIN_PLATFORM_AUDIENCE, or ask for a profile from your platform.');
  if (payload.exp <= payload.iat || payload.exp - payload.iat > MAX_PROFILE_LIFETIME_SEC) {
    throw new JwsRejected('lifetime_too_long', `The profile claims to be valid from ${fmt(payload.iat)} to ${fmt(payload.exp)}; a profile is valid for at most ${MAX_PROFILE_LIFETIME_SEC / 86400} days.`, REISSUE);
  }
  if (payload.exp <= options.nowSec - CLOCK_SKEW_SEC) throw new JwsRejected('expired', `The profile expired at ${fmt(payload.exp)}.`, 'Ask the platform team for a current profile.');
  if (payload.iat > options.nowSec + CLOCK_SKEW_SEC) {
    throw new JwsRejected('not_yet_valid', `The profile was issued in the future (${fmt(payload.iat)}); check this laptop's clock.`, 'Set the clock automatically, then import again.');
  }
  return { kid: verified.key.kid, alg: verified.header.alg, payload };
}
