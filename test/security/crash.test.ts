import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { connectionSecretName } from '../../main/credentials/integration-store.js';
import { dataKeyAccount } from '../../main/credentials/keychain.js';
import { Fernet } from '../../main/credentials/fernet.js';
import { normalizeDataDir } from '../../main/settings.js';
import { createHarness } from '../support/harness.js';
import { testKeychainService } from '../support/keychain.js';
import { vaultFor } from '../support/vaults.js';

function killMidDisconnect(mode: 'before' | 'after', env: Record<string, string>): Promise<void> {
  return new Promise((done, fail) => {
    // One process (node --import tsx), so the kill lands on the process that wrote the pending row.
    const child = spawn(process.execPath, ['--import', 'tsx', resolve('test/support/crash-child.ts'), mode], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.stdout.on('data', (d: Buffer) => {
      if (d.toString().includes('BLOCKED')) child.kill('SIGKILL');
    });
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? done() : fail(new Error(`child exited without being killed: ${err}`))));
  });
}

describe('a disconnect killed between its pending row and its outcome', () => {
  it.each([
    ['before the change', 'before' as const, true],
    ['after the change committed', 'after' as const, false],
  ])('%s leaves the record fully present or fully gone, and the orphan row closed as interrupted', async (_n, mode, present) => {
    const dataKey = Fernet.generateKey();
    const env = { ALPHASWARM_ADMIN_DATA_DIR: mkdtempSync(join(tmpdir(), 'crash-')), ALPHASWARM_ADMIN_KEYCHAIN_SERVICE: testKeychainService(), CRASH_TEST_DATA_KEY: dataKey };
    await killMidDisconnect(mode, env);
    vaultFor(env.ALPHASWARM_ADMIN_DATA_DIR).set(dataKeyAccount(normalizeDataDir(env.ALPHASWARM_ADMIN_DATA_DIR)), dataKey);
    const h = await createHarness({ dataDir: env.ALPHASWARM_ADMIN_DATA_DIR, keychainService: env.ALPHASWARM_ADMIN_KEYCHAIN_SERVICE });
    try {
      const record = h.services.integrations.get('cloudflare', 'crash-org', `token-${'a'.repeat(32)}`);
      const secretName = connectionSecretName({ cloud: 'cloudflare', orgId: 'crash-org', account: `token-${'a'.repeat(32)}` });
      expect(Boolean(record)).toBe(present);
      expect(h.services.secrets.has(secretName)).toBe(present);
      if (present) expect(h.services.secrets.read(secretName)).toMatchObject({ status: 'ok' });
      const rows = [...h.services.audit.all()].filter((r) => r.step === 'disconnect');
      expect(rows.map((r) => r.outcome)).toEqual(['pending', 'interrupted']);
      expect(rows[1]!.correlationId).toBe(rows[0]!.correlationId);
      expect(h.services.audit.verify().ok).toBe(true);
      // A second start closes nothing more.
      expect(h.services.audit.closeInterrupted()).toBe(0);
    } finally {
      h.close();
    }
  });
});
