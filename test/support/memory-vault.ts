import type { KeyVault } from '../../main/credentials/keychain.js';

/** For benchmarks only: a key vault in memory, so a benchmark does not need a Secret Service. */
export class MemoryKeyVault implements KeyVault {
  readonly description = 'in-memory (benchmark)';
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
}
