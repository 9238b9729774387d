// Found by the fifth attacker review of issue 24 (probes E1–E11), each with the behaviour that now holds.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Fernet } from '../../main/credentials/fernet.js';
import { dataKeyAccount } from '../../main/credentials/keychain.js';
import { normalizeDataDir } from '../../main/settings.js';
import { runTogether } from '../support/children.js';
import { ipc } from '../support/contracts.js';
import { FileKeyVault } from '../support/file-key-vault.js';
import { createHarness } from '../support/harness.js';
import { testKeychainService } from '../support/keychain.js';
import { vaultFor } from '../support/vaults.js';

const CHILD = 'test/security/support/concurrent-child.ts';

describe('E5 first keys made by several processes at once (the app beside CLIs)', () => {
  it('four processes storing their first secrets share one data key: every secret reads back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'first-data-key-'));
    const vaultDir = mkdtempSync(join(tmpdir(), 'shared-keychain-'));
    const runs = await runTogether(CHILD, 4, (i) => ['first-secret', String(i)], { ALPHASWARM_ADMIN_DATA_DIR: dir, CHILD_VAULT_DIR: vaultDir });
    for (const r of runs) expect(r, r.stderr).toMatchObject({ code: 0 });
    const h = await createHarness({ dataDir: dir, keyVault: new FileKeyVault(vaultDir) });
    for (let i = 0; i < 4; i++) expect(h.services.secrets.read(`child-${i}`)).toEqual({ status: 'ok', value: `value-of-child-${i}` });
    h.close();
  }, 120_000);

  it('three processes signing their first checkpoint use one device key: the log verifies and checkpoints go on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'first-device-key-'));
    const dataKey = Fernet.generateKey();
    const keychain = testKeychainService();
    const runs = await runTogether(CHILD, 3, (i) => ['first-device-key', String(i)], { ALPHASWARM_ADMIN_DATA_DIR: dir, ALPHASWARM_ADMIN_KEYCHAIN_SERVICE: keychain, CHILD_DATA_KEY: dataKey });
    for (const r of runs) expect(r, r.stderr.slice(-3000)).toMatchObject({ code: 0 });
    expect(new Set(runs.map((r) => (JSON.parse(r.stdout.trim()) as { fingerprint: string }).fingerprint)).size).toBe(1);
    vaultFor(dir).set(dataKeyAccount(normalizeDataDir(dir)), dataKey);
    const h = await createHarness({ dataDir: dir, keychainService: keychain });
    expect(await h.ok(ipc.audit.verify, {})).toMatchObject({ ok: true });
    const created = (await h.ok(ipc.audit.list, { limit: 100 })).rows.filter((r) => r.step === 'device_key');
    expect(created).toHaveLength(1);
    await expect(h.services.anchor.checkpoint()).resolves.toBeDefined();
    h.close();
  }, 120_000);
});
