import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KeyVault } from '../../main/credentials/keychain.js';

/**
 * A keychain several test processes share, as the OS keychain is shared by the app and a CLI: one
 * file per account, each write atomic, the last writer winning — exactly a keychain's guarantees.
 */
export class FileKeyVault implements KeyVault {
  readonly description = 'a test keychain in files';

  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  private file(account: string): string {
    return join(this.dir, `${createHash('sha256').update(account).digest('hex')}.json`);
  }

  get(account: string): string | undefined {
    try {
      return (JSON.parse(readFileSync(this.file(account), 'utf8')) as { value: string }).value;
    } catch {
      return undefined;
    }
  }

  set(account: string, value: string): void {
    const temp = join(this.dir, `.${randomBytes(8).toString('hex')}`);
    writeFileSync(temp, JSON.stringify({ account, value }));
    renameSync(temp, this.file(account));
  }

  delete(account: string): void {
    rmSync(this.file(account), { force: true });
  }

  accounts(): readonly string[] {
    return readdirSync(this.dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => (JSON.parse(readFileSync(join(this.dir, f), 'utf8')) as { account: string }).account);
  }
}
