import { Entry } from '@napi-rs/keyring';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OsKeychain, dataKeyAccount } from '../../main/credentials/keychain.js';
import { spawnCli } from '../support/cli.js';
import { type Harness, createHarness } from '../support/harness.js';
import { keychainAvailable, testKeychainService } from '../support/keychain.js';

/** A harness on the real OS keychain, under a throwaway service name. */
function keychainHarness(options: { dataDir?: string } = {}) {
  const keychainService = testKeychainService();
  return createHarness({ ...options, keychainService, keyVault: new OsKeychain(keychainService) });
}

describe.skipIf(!keychainAvailable())('secret store under a real OS keychain', () => {
  let h: Harness;
  afterEach(() => h?.close());

  it('keeps the data key in the keychain and only Fernet tokens in SQLite', async () => {
    h = await keychainHarness();
    h.services.secrets.put('test/canary', 'canary-secret-value-0123');
    const key = new Entry(h.env.ALPHASWARM_ADMIN_KEYCHAIN_SERVICE!, dataKeyAccount(h.dataDir), { linux: { store: 'secret-service' } }).getPassword();
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}=$/);
    expect(h.services.secrets.read('test/canary')).toEqual({ status: 'ok', value: 'canary-secret-value-0123' });
    h.services.db.pragma('wal_checkpoint(TRUNCATE)');
    const file = readFileSync(join(h.dataDir, 'alphaswarm.db'));
    expect(file.includes(Buffer.from('canary-secret-value-0123'))).toBe(false);
    expect(file.includes(Buffer.from(key!))).toBe(false);
  });

  it('a corrupted ciphertext reads as "re-enter it", never a crash', async () => {
    h = await keychainHarness();
    h.services.secrets.put('test/x', 'value');
    h.services.db.prepare("UPDATE secrets SET token = substr(token, 1, 40) || 'AAAA' || substr(token, 45) WHERE name = 'test/x'").run();
    expect(h.services.secrets.read('test/x')).toEqual({ status: 'unreadable', reason: 'its ciphertext is corrupted' });
    expect(() => h.services.secrets.require('test/x', 'test secret')).toThrow(/cannot be read: its ciphertext is corrupted/);
    try {
      h.services.secrets.require('test/x', 'test secret');
    } catch (e) {
      expect(e).toMatchObject({ code: 'secret_missing', hint: expect.stringMatching(/Reset local vault/) });
    }
  });

  it('a keychain that lost its key reads as unreadable, and a new key is made for new secrets', async () => {
    h = await keychainHarness();
    h.services.secrets.put('test/old', 'value');
    new Entry(h.env.ALPHASWARM_ADMIN_KEYCHAIN_SERVICE!, dataKeyAccount(h.dataDir), { linux: { store: 'secret-service' } }).deletePassword();
    h = await h.reopen();
    expect(h.services.secrets.read('test/old')).toMatchObject({ status: 'unreadable', reason: expect.stringMatching(/no longer holds the key/) });
    h.services.secrets.put('test/new', 'fresh');
    expect(h.services.secrets.read('test/new')).toEqual({ status: 'ok', value: 'fresh' });
  });

  it('finds the data key again when the data folder is spelt differently (dir/ and dir)', async () => {
    const base = mkdtempSync(join(tmpdir(), 'spelling-'));
    const service = testKeychainService();
    const vault = new OsKeychain(service);
    // A secret written by an earlier version, whose key was named after the raw spelling "dir/".
    h = await createHarness({ dataDir: base, keychainService: service, keyVault: vault });
    h.services.secrets.put('test/spelt', 'same folder');
    const key = vault.get(dataKeyAccount(h.dataDir))!;
    vault.delete(dataKeyAccount(h.dataDir));
    vault.set(dataKeyAccount(`${base}/`), key);
    h.close();
    for (const spelling of [`${base}/`, `${base}//`, base]) {
      h = await createHarness({ dataDir: spelling, keychainService: service, keyVault: vault });
      expect(h.dataDir).toBe(base);
      expect(h.services.secrets.read('test/spelt')).toEqual({ status: 'ok', value: 'same folder' });
      h.close();
    }
    h = await createHarness({ dataDir: base, keychainService: service, keyVault: vault });
  });
});

describe('without a keychain', () => {
  it('refuses to store a secret, says why, and writes nothing', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'nokeychain-'));
    const r = await spawnCli(['mfa', 'enroll', '--json'], {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ALPHASWARM_ADMIN_DATA_DIR: dataDir,
      ALPHASWARM_ADMIN_KEYCHAIN_SERVICE: testKeychainService(),
      DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus',
      XDG_RUNTIME_DIR: dataDir,
    });
    expect(r.code).toBe(2);
    expect(r.json()).toMatchObject({ error: { code: 'keychain_unavailable', hint: expect.stringMatching(/never falls back to storing secrets in plaintext/) } });
    const status = await spawnCli(['mfa', 'status', '--json'], { PATH: process.env.PATH, HOME: process.env.HOME, ALPHASWARM_ADMIN_DATA_DIR: dataDir, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' });
    expect(status.json()).toMatchObject({ enrolled: false, pendingEnrollment: false });
  });
});
