import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createServices } from '../../main/app/services.js';
import { MemoryKeyVault } from '../../main/credentials/keychain.js';
import { silentLogger } from '../../main/platform/logger.js';

const FULL = 2;

describe('what the app and the CLI save survives a power loss', () => {
  it.each(['app', 'cli'] as const)('%s: every commit is synced to disk (synchronous FULL in WAL mode), whatever the environment says', async (surface) => {
    const env = { ALPHASWARM_ADMIN_DATA_DIR: mkdtempSync(join(tmpdir(), 'durability-')), ALPHASWARM_ADMIN_SQLITE_SYNCHRONOUS: 'OFF', SQLITE_SYNCHRONOUS: 'OFF' };
    const services = await createServices({ env, surface, keyVault: new MemoryKeyVault(), logger: silentLogger });
    try {
      expect(services.db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(services.db.pragma('synchronous', { simple: true })).toBe(FULL);
    } finally {
      services.close();
    }
  });
});
