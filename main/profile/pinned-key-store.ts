import { existsSync, readFileSync } from 'node:fs';
import type { Database } from 'better-sqlite3';
import { AppError } from '../../shared/domain/errors.js';
import { PLATFORM_KEYS, type PinnedKey, TrustKeyError, parsePinnedKeys } from '../jws/pinned-keys.js';
import { type Clock, isoAt } from '../platform/clock.js';
import type { Settings } from '../settings.js';

const SETTING = 'ALPHASWARM_ADMIN_PLATFORM_PROFILE_KEYS';
const PURPOSE = 'platform-profile';

export interface ProfileTrust {
  /** Where the keys come from: the setting (configured), this laptop's first import, or nowhere yet. */
  readonly mode: 'configured' | 'first-use' | 'none';
  readonly keys: readonly PinnedKey[];
  readonly pinnedAt: string | null;
}

/**
 * The keys platform profiles must be signed by: ALPHASWARM_ADMIN_PLATFORM_PROFILE_KEYS when set
 * (a JWK or JWK Set, inline or a file path), otherwise the key the first import pinned.
 */
export class PinnedKeyStore {
  constructor(
    private readonly db: Database,
    private readonly settings: Settings,
    private readonly clock: Clock,
  ) {}

  async trust(): Promise<ProfileTrust> {
    const configured = this.settings.optional(SETTING);
    if (configured !== undefined) return { mode: 'configured', keys: await configuredKeys(configured), pinnedAt: null };
    const rows = this.db.prepare('SELECT jwk, pinned_at FROM pinned_keys WHERE purpose = ? ORDER BY pinned_at').all(PURPOSE) as { jwk: string; pinned_at: string }[];
    if (rows.length === 0) return { mode: 'none', keys: [], pinnedAt: null };
    const keys = (await Promise.all(rows.map((r) => parsePinnedKeys(r.jwk, 'a pinned profile key', PLATFORM_KEYS)))).flat();
    return { mode: 'first-use', keys, pinnedAt: rows[0]!.pinned_at };
  }

  /** Pin a key on first use. Call inside the import's transaction. */
  pin(key: PinnedKey, how: 'accepted-fingerprint' | 'trusted-key-file'): void {
    this.db.prepare('INSERT OR IGNORE INTO pinned_keys (purpose, kid, jwk, how, pinned_at) VALUES (?, ?, ?, ?, ?)').run(PURPOSE, key.kid, JSON.stringify(key.jwk), how, isoAt(this.clock));
  }
}

async function configuredKeys(value: string): Promise<PinnedKey[]> {
  const inline = value.trimStart().startsWith('{');
  let text = value;
  if (!inline) {
    if (!existsSync(value)) throw invalid(`names a file that does not exist (${value}).`);
    try {
      text = readFileSync(value, 'utf8');
    } catch (error) {
      throw invalid(`names a file that cannot be read (${(error as Error).message}).`);
    }
  }
  try {
    return await parsePinnedKeys(text, inline ? SETTING : value, PLATFORM_KEYS);
  } catch (error) {
    if (error instanceof TrustKeyError) throw invalid(error.message);
    throw error;
  }
}

function invalid(message: string): AppError {
  return new AppError('config_invalid', `${SETTING} ${message}`, `Set ${SETTING} to the platform's public profile key (a JWK or a JWK Set), inline or as the path of a file holding it.`, {
    details: { variable: SETTING },
  });
}

/**
 * The one public key an engineer was handed to trust (`--trust-key FILE`): a JWK, or a JWK Set
 * holding exactly one key. Bad input is refused before anything is verified or stored.
 */
export async function trustedKeyFromText(text: string): Promise<PinnedKey> {
  let keys: PinnedKey[];
  try {
    keys = await parsePinnedKeys(text, 'The key to trust', PLATFORM_KEYS);
  } catch (error) {
    if (error instanceof TrustKeyError) throw new AppError('bad_request', error.message, "Use the platform's public profile key exactly as the platform team gave it (a JWK file).");
    throw error;
  }
  if (keys.length !== 1) {
    throw new AppError('bad_request', `The key to trust is a set of ${keys.length} keys; a profile is signed by one.`, 'Give the one public key that signs profiles, or set ALPHASWARM_ADMIN_PLATFORM_PROFILE_KEYS to the whole set.');
  }
  return keys[0]!;
}
