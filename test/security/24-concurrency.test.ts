import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Fernet } from '../../main/credentials/fernet.js';
import { runTogether } from '../support/children.js';
import { testKeychainService } from '../support/keychain.js';

const CHILD = 'test/security/support/concurrent-child.ts';

describe('24.19 eight first starts at once on a fresh data folder', () => {
  it('every one opens the same database, migrated once, and writes its row', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'first-starts-'));
    const runs = await runTogether(CHILD, 8, (i) => ['first-start', String(i)], {
      ALPHASWARM_ADMIN_DATA_DIR: dir,
      ALPHASWARM_ADMIN_KEYCHAIN_SERVICE: testKeychainService(),
      CHILD_DATA_KEY: Fernet.generateKey(),
    });
    for (const r of runs) expect(r, r.stderr).toMatchObject({ code: 0 });
    const identities = new Set(runs.map((r) => (JSON.parse(r.stdout.trim()) as { identity: string }).identity));
    expect(identities.size).toBe(1);
  }, 120_000);
});

describe('24.9 concurrent settings writers lose nothing', () => {
  it('10 processes × 5 rounds: all 50 changes are in the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'settings-writers-'));
    const runs = await runTogether(CHILD, 10, (i) => ['settings-writer', String(i)], { ALPHASWARM_ADMIN_DATA_DIR: dir, CHILD_ROUNDS: '5' });
    for (const r of runs) expect(r, r.stderr).toMatchObject({ code: 0 });
    const file = JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')) as { orgs: Record<string, { awsRoleName: string }> };
    const expected = Object.fromEntries(Array.from({ length: 10 }, (_, w) => Array.from({ length: 5 }, (_, r) => [`writer-${w}-round-${r}`, { awsRoleName: `Role${w}x${r}` }])).flat());
    expect(file.orgs).toEqual(expected);
  }, 180_000);
});
