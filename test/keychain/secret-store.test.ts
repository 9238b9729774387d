import { Entry } from '@napi-rs/keyring';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dataKeyAccount } from '../../main/credentials/keychain.js';
import { spawnCli } from '../support/cli.js';
import { type Harness, createHarness } from '../support/harness.js';
import { keychainAvailable, testKeychainService } from '../support/keychain.js';

describe.skipIf(!keychainAvailable())('secret store under a real OS keychain', () => {
  let h: Harness;
  afterEach(() => h?.close());

  it('keeps the data key in the keychain and only Fernet tokens in SQLite', () => {
    h = createHarness();
    h.services.secrets.put('test/canary', 'canary-secret-value-0123');
    const key = new Entry(h.env.ALPHASWARM_ADMIN_KEYCHAIN_SERVICE!, dataKeyAccount(h.dataDir), { linux: { store: 'secret-service' } }).getPassword();
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}=$/);
    expect(h.services.secrets.read('test/canary')).toEqual({ status: 'ok', value: 'canary-secret-value-0123' });
    h.services.db.pragma('wal_checkpoint(TRUNCATE)');
    const file = readFileSync(join(h.dataDir, 'alphaswarm.db'));
    expect(file.includes(Buffer.from('canary-secret-value-0123'))).toBe(false);
    expect(file.includes(Buffer.from(key!))).toBe(false);
  });

  it('a corrupted ciphertext reads as "re-enter it", never a crash', () => {
    h = createHarness();
    h.services.secrets.put('test/x', 'value');
    h.services.db.prepare("UPDATE secrets SET token = substr(token, 1, 40) || 'AAAA' || substr(token, 45) WHERE name = 'test/x'").run();
    expect(h.services.secrets.read('test/x')).toEqual({ status: 'unreadable', reason: 'its ciphertext is corrupted' });
    expect(() => h.services.secrets.require('test/x', 'test secret')).toThrow(/cannot be read: its ciphertext is corrupted/);
    try {
      h.services.secrets.require('test/x', 'test secret');
    } catch (e) {
      expect(e).toMatchObject({ code: 'secret_missing', hint: 'Re-enter the test secret; the stored copy cannot be used.' });
    }
  });

  it('a keychain that lost its key reads as unreadable, and a new key is made for new secrets', () => {
    h = createHarness();
    h.services.secrets.put('test/old', 'value');
    new Entry(h.env.ALPHASWARM_ADMIN_KEYCHAIN_SERVICE!, dataKeyAccount(h.dataDir), { linux: { store: 'secret-service' } }).deletePassword();
    h = h.reopen();
    expect(h.services.secrets.read('test/old')).toMatchObject({ status: 'unreadable', reason: expect.stringMatching(/no longer holds the key/) });
    h.services.secrets.put('test/new', 'fresh');
    expect(h.services.secrets.read('test/new')).toEqual({ status: 'ok', value: 'fresh' });
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
