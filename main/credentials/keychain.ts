import { createHash } from 'node:crypto';
import { Entry } from '@napi-rs/keyring';

/** Where the data key lives: the OS keychain in the app, CLI and tests alike. */
export interface KeyVault {
  readonly description: string;
  get(account: string): string | undefined;
  set(account: string, value: string): void;
  delete(account: string): void;
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

  private entry(account: string): Entry {
    return new Entry(this.service, account, { linux: { store: 'secret-service' } });
  }

  get(account: string): string | undefined {
    try {
      return this.entry(account).getPassword() ?? undefined;
    } catch (error) {
      throw new KeychainUnavailable('be read', error);
    }
  }

  set(account: string, value: string): void {
    try {
      this.entry(account).setPassword(value);
    } catch (error) {
      throw new KeychainUnavailable('store the key', error);
    }
  }

  delete(account: string): void {
    try {
      this.entry(account).deletePassword();
    } catch (error) {
      throw new KeychainUnavailable('delete the key', error);
    }
  }
}

/** One data key per data folder, so two folders (or a test's temp folder) never share secrets. */
export function dataKeyAccount(dataDir: string): string {
  return `data-key:${createHash('sha256').update(dataDir).digest('hex').slice(0, 16)}`;
}
