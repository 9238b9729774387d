import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type * as Keyring from '@napi-rs/keyring';

/** Where the data key lives: the OS keychain in the app and CLI; an in-memory vault in tests. */
export interface KeyVault {
  readonly description: string;
  get(account: string): string | undefined;
  set(account: string, value: string): void;
  delete(account: string): void;
  /** Every account this vault holds for the app (to find a key saved under an earlier name). */
  accounts?(): readonly string[];
}

export class KeychainUnavailable extends Error {
  constructor(
    readonly operation: string,
    cause: unknown,
  ) {
    super(`The OS keychain could not ${operation}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'KeychainUnavailable';
  }
}

type KeyringModule = typeof Keyring;
let keyring: KeyringModule | Error | undefined;

/**
 * The native keychain binding, loaded on first use rather than at import: a build that lacks this
 * platform's binding (an Intel Mac packaged on an arm64 runner, say) must still start and say that
 * secrets are unavailable, instead of failing while the main process loads.
 */
function loadKeyring(): KeyringModule {
  if (keyring === undefined) {
    try {
      keyring = createRequire(import.meta.url)('@napi-rs/keyring') as KeyringModule;
    } catch (error) {
      keyring = error instanceof Error ? error : new Error(String(error));
    }
  }
  if (keyring instanceof Error) throw new KeychainUnavailable('be loaded (this build has no keychain binding for this computer)', keyring);
  return keyring;
}

/**
 * The OS keychain through @napi-rs/keyring (macOS Keychain, Windows Credential Manager, Secret
 * Service on Linux). On Linux it is pinned to the Secret Service: the kernel keyring it would fall
 * back to forgets everything at logout, which would silently lose every stored secret.
 */
export class OsKeychain implements KeyVault {
  readonly description: string;

  constructor(private readonly service: string) {
    this.description =
      process.platform === 'darwin' ? 'macOS Keychain' : process.platform === 'win32' ? 'Windows Credential Manager' : 'Secret Service (GNOME Keyring / KWallet)';
  }

  private entry(account: string): Keyring.Entry {
    return new (loadKeyring().Entry)(this.service, account, { linux: { store: 'secret-service' } });
  }

  get(account: string): string | undefined {
    try {
      return this.entry(account).getPassword() ?? undefined;
    } catch (error) {
      throw error instanceof KeychainUnavailable ? error : new KeychainUnavailable('be read', error);
    }
  }

  set(account: string, value: string): void {
    try {
      this.entry(account).setPassword(value);
    } catch (error) {
      throw error instanceof KeychainUnavailable ? error : new KeychainUnavailable('store the key', error);
    }
  }

  delete(account: string): void {
    try {
      this.entry(account).deletePassword();
    } catch (error) {
      throw error instanceof KeychainUnavailable ? error : new KeychainUnavailable('delete the key', error);
    }
  }

  accounts(): readonly string[] {
    try {
      return loadKeyring()
        .findCredentials(this.service)
        .map((c) => c.account);
    } catch {
      // Searching is a recovery aid only; a keychain that cannot list is not an error here.
      return [];
    }
  }
}

/** An in-memory vault: tests and benchmarks, so they never need (or touch) an OS keychain. */
export class MemoryKeyVault implements KeyVault {
  readonly description = 'in-memory key vault (tests)';
  private readonly entries = new Map<string, string>();
  get(account: string): string | undefined {
    return this.entries.get(account);
  }
  set(account: string, value: string): void {
    this.entries.set(account, value);
  }
  delete(account: string): void {
    this.entries.delete(account);
  }
  accounts(): readonly string[] {
    return [...this.entries.keys()];
  }
}

export const DATA_KEY_PREFIX = 'data-key:';

/**
 * One data key per data folder, so two folders (or a test's temp folder) never share secrets. The
 * folder must already be normalised (see `normalizeDataDir`): `dir/` and `dir` are one folder.
 */
export function dataKeyAccount(dataDir: string): string {
  return `${DATA_KEY_PREFIX}${createHash('sha256').update(dataDir).digest('hex').slice(0, 16)}`;
}

export const AUDIT_MARK_PREFIX = 'audit-checkpoint:';

/** The keychain entry remembering the latest signed audit checkpoint of a data folder's log. */
export function auditMarkAccount(dataDir: string): string {
  return `${AUDIT_MARK_PREFIX}${createHash('sha256').update(dataDir).digest('hex').slice(0, 16)}`;
}
