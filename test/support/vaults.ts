import { MemoryKeyVault } from '../../main/credentials/keychain.js';
import { normalizeDataDir } from '../../main/settings.js';

const vaults = new Map<string, MemoryKeyVault>();

/**
 * The in-memory key vault of one data folder, shared by every harness and in-process CLI run on
 * it, as the OS keychain would be. Only the keychain suite (test/keychain) uses a real keychain.
 */
export function vaultFor(dataDir: string): MemoryKeyVault {
  const key = normalizeDataDir(dataDir);
  let vault = vaults.get(key);
  if (!vault) {
    vault = new MemoryKeyVault();
    vaults.set(key, vault);
  }
  return vault;
}
