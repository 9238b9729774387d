import { createHash } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import { AppError } from '../../shared/domain/errors.js';
import { type Clock, isoAt } from '../platform/clock.js';
import { Fernet, InvalidFernetToken } from './fernet.js';
import { DATA_KEY_PREFIX, type KeyVault, KeychainUnavailable } from './keychain.js';

export type SecretRead =
  | { readonly status: 'ok'; readonly value: string }
  | { readonly status: 'missing' }
  | { readonly status: 'unreadable'; readonly reason: string };

/** Names of the only secrets that ever exist locally. */
export const SECRET_NAMES = {
  mfaSeed: 'mfa/seed',
  mfaPendingSeed: 'mfa/pending-seed',
  externalIdKey: 'setting/ALPHASWARM_ADMIN_CLOUD_AWS_EXTERNAL_ID_SECRET',
  deviceSigningKey: 'device/signing-key',
} as const;

function keyId(key: string): string {
  return createHash('sha256').update(`alphaswarm-data-key-id:${key}`).digest('hex').slice(0, 16);
}

export function keychainError(error: KeychainUnavailable, vault: KeyVault): AppError {
  return new AppError(
    'keychain_unavailable',
    `The OS keychain (${vault.description}) is not available, so nothing secret can be stored or read. ${error.message}`,
    process.platform === 'linux'
      ? 'Start and unlock a Secret Service (GNOME Keyring or KWallet) in your desktop session, then retry. AlphaSwarm never falls back to storing secrets in plaintext.'
      : 'Unlock your keychain, then retry. AlphaSwarm never falls back to storing secrets in plaintext.',
  );
}

/**
 * Secrets encrypted at rest as Fernet tokens in SQLite, under a data key held by the OS keychain.
 * There is no plaintext fallback: without the keychain, storing is refused.
 */
export class SecretStore {
  private cachedKey: string | undefined;
  private readonly selectRow: Statement;
  private readonly upsertRow: Statement;
  private readonly deleteRow: Statement;
  /** A write that changes nothing: it takes the database's write lock, which other processes wait on. */
  private readonly takeWriteLock: Statement;

  constructor(
    private readonly db: Database,
    private readonly vault: KeyVault,
    private readonly keyAccount: string,
    private readonly clock: Clock,
  ) {
    this.selectRow = db.prepare('SELECT token, key_id FROM secrets WHERE name = ?');
    this.upsertRow = db.prepare(
      `INSERT INTO secrets (name, token, key_id, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT(name) DO UPDATE SET token = excluded.token, key_id = excluded.key_id, updated_at = excluded.updated_at`,
    );
    this.deleteRow = db.prepare('DELETE FROM secrets WHERE name = ?');
    this.takeWriteLock = db.prepare('DELETE FROM secrets WHERE 0');
  }

  /**
   * Runs `work` holding this data folder's write lock: inside the caller's transaction when there is
   * one (the lock then lasts until it commits), else in its own immediate transaction. Two processes
   * making the same thing for the first time take turns, and the second sees what the first made.
   */
  private underWriteLock<T>(work: () => T): T {
    if (this.db.inTransaction) {
      this.takeWriteLock.run();
      return work();
    }
    return this.db.transaction(work).immediate();
  }

  /** Whether the keychain answers at all (reading the data key, which may not exist yet). */
  probe(): { available: boolean; detail: string } {
    try {
      this.vault.get(this.keyAccount);
      return { available: true, detail: `${this.vault.description} is available.` };
    } catch (error) {
      return { available: false, detail: error instanceof Error ? error.message : String(error) };
    }
  }

  private loadKey(): string | undefined {
    if (this.cachedKey) return this.cachedKey;
    try {
      this.cachedKey = this.vault.get(this.keyAccount) ?? this.recoverKey();
    } catch (error) {
      if (error instanceof KeychainUnavailable) throw keychainError(error, this.vault);
      throw error;
    }
    return this.cachedKey;
  }

  /**
   * A data key saved under another spelling of this data folder (`dir/` vs `dir`, before paths were
   * normalised) is found again by the key id the secrets carry, and copied to this folder's name.
   */
  private recoverKey(): string | undefined {
    const wanted = new Set((this.db.prepare('SELECT DISTINCT key_id FROM secrets').pluck().all() as string[]));
    if (wanted.size === 0 || !this.vault.accounts) return undefined;
    for (const account of this.vault.accounts()) {
      if (!account.startsWith(DATA_KEY_PREFIX) || account === this.keyAccount) continue;
      const candidate = this.vault.get(account);
      if (candidate && wanted.has(keyId(candidate))) {
        this.vault.set(this.keyAccount, candidate);
        return candidate;
      }
    }
    return undefined;
  }

  private keyForWriting(): string {
    const existing = this.loadKey();
    if (existing) return existing;
    // Another process (the app beside a CLI) may be making the first key right now: the last
    // keychain write would win and the other's secrets could never be read again.
    return this.underWriteLock(() => {
      const madeMeanwhile = this.loadKey();
      return madeMeanwhile ?? this.createKey();
    });
  }

  private createKey(): string {
    const created = Fernet.generateKey();
    try {
      this.vault.set(this.keyAccount, created);
      // Read it back: a keychain that accepts writes but cannot return them would lose data.
      if (this.vault.get(this.keyAccount) !== created) {
        throw new KeychainUnavailable('keep the key (it did not read back)', 'mismatch');
      }
    } catch (error) {
      if (error instanceof KeychainUnavailable) throw keychainError(error, this.vault);
      throw error;
    }
    this.cachedKey = created;
    return created;
  }

  /** Encrypt and store. Call inside a transaction to make it atomic with the record it belongs to. */
  put(name: string, value: string): void {
    const key = this.keyForWriting();
    const token = new Fernet(key).encrypt(value, this.clock.now() / 1000);
    this.upsertRow.run(name, token, keyId(key), isoAt(this.clock));
  }

  /**
   * The stored secret, or — when there is none — the one `make` gives, stored (and `created` run)
   * under the write lock, so that two processes asking at once end up with the same value.
   */
  readOrCreate(name: string, make: () => string, created: () => void): Exclude<SecretRead, { status: 'missing' }> & { readonly made: boolean } {
    return this.underWriteLock(() => {
      const read = this.read(name);
      if (read.status !== 'missing') return { ...read, made: false };
      const value = make();
      this.put(name, value);
      created();
      return { status: 'ok' as const, value, made: true };
    });
  }

  read(name: string): SecretRead {
    const row = this.selectRow.get(name) as { token: string; key_id: string } | undefined;
    if (!row) return { status: 'missing' };
    const key = this.loadKey();
    if (!key || keyId(key) !== row.key_id) {
      return { status: 'unreadable', reason: 'the OS keychain no longer holds the key it was encrypted with' };
    }
    try {
      // No TTL: stored secrets do not expire by age, and (as in Python's implementation) a timestamp
      // is only judged when a TTL is asked for — a secret written while the clock ran fast stays readable.
      return { status: 'ok', value: new Fernet(key).decrypt(row.token, { nowSec: this.clock.now() / 1000 }).toString('utf8') };
    } catch (error) {
      if (error instanceof InvalidFernetToken) return { status: 'unreadable', reason: 'its ciphertext is corrupted' };
      throw error;
    }
  }

  /** The secret's value, or a `secret_missing` error that says to re-enter it. */
  require(name: string, what: string): string {
    const r = this.read(name);
    if (r.status === 'ok') return r.value;
    throw new AppError(
      'secret_missing',
      r.status === 'missing' ? `The ${what} is not stored on this device.` : `The ${what} cannot be read: ${r.reason}.`,
      r.status === 'missing'
        ? `Set up the ${what} again.`
        : `The stored copy cannot be used. Settings → Reset local vault (CLI: settings reset-vault) drops what cannot be read and lists what to set up again.`,
    );
  }

  /** Names of the secrets this laptop can no longer read (the keychain lost, or never had, their key). */
  unreadable(): string[] {
    const rows = this.db.prepare('SELECT name, key_id FROM secrets ORDER BY name').all() as { name: string; key_id: string }[];
    if (rows.length === 0) return [];
    let key: string | undefined;
    try {
      key = this.loadKey();
    } catch {
      return [];
    }
    const id = key ? keyId(key) : undefined;
    return rows.filter((r) => r.key_id !== id).map((r) => r.name);
  }

  has(name: string): boolean {
    return this.selectRow.get(name) !== undefined;
  }

  delete(name: string): void {
    this.deleteRow.run(name);
  }
}
