import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Settings } from '../../main/settings.js';

const PATTERN = 'ALPHASWARM_ADMIN_AWS_ROLE_NAME_PATTERN';

/** The settings file as another process (a `settings set` in a terminal) leaves it. */
function otherProcessWrites(dir: string, pattern: string): void {
  writeFileSync(join(dir, 'settings.json'), JSON.stringify({ [PATTERN]: pattern }));
}

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'settings-op-'));
  otherProcessWrites(dir, 'first-{org_id}');
  return { dir, settings: new Settings({ ALPHASWARM_ADMIN_DATA_DIR: dir }) };
}

describe('settings read once per operation', () => {
  it('one operation reads one version of the file, even if another process changes it part-way', () => {
    const { dir, settings } = setup();
    const seen = settings.operation(() => {
      const before = settings.resolve(PATTERN).value;
      otherProcessWrites(dir, 'second-and-longer-{org_id}');
      return [before, settings.resolve(PATTERN).value];
    });
    expect(seen).toEqual(['first-{org_id}', 'first-{org_id}']);
  });

  it('the next operation, and any read outside one, sees the other process’s change', () => {
    const { dir, settings } = setup();
    settings.operation(() => settings.resolve(PATTERN));
    otherProcessWrites(dir, 'second-and-longer-{org_id}');
    expect(settings.operation(() => settings.resolve(PATTERN).value)).toBe('second-and-longer-{org_id}');
    otherProcessWrites(dir, 'third-{org_id}');
    expect(settings.resolve(PATTERN).value).toBe('third-{org_id}');
  });

  it('nested operations share the outer one’s reading, and it ends with the outer one', () => {
    const { dir, settings } = setup();
    settings.operation(() => {
      settings.resolve(PATTERN);
      otherProcessWrites(dir, 'second-and-longer-{org_id}');
      expect(settings.operation(() => settings.resolve(PATTERN).value)).toBe('first-{org_id}');
      expect(settings.resolve(PATTERN).value).toBe('first-{org_id}');
    });
    expect(settings.resolve(PATTERN).value).toBe('second-and-longer-{org_id}');
  });

  it('an operation that throws does not leave the file pinned', () => {
    const { dir, settings } = setup();
    expect(() =>
      settings.operation(() => {
        settings.resolve(PATTERN);
        throw new Error('the artifact could not be built');
      }),
    ).toThrow('the artifact could not be built');
    otherProcessWrites(dir, 'second-and-longer-{org_id}');
    expect(settings.resolve(PATTERN).value).toBe('second-and-longer-{org_id}');
  });
});
