import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Settings } from '../../main/settings.js';
import { AppError } from '../../shared/domain/errors.js';

function withFile(content: string | undefined, env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'settings-'));
  if (content !== undefined) writeFileSync(join(dir, 'settings.json'), content);
  return new Settings({ ALPHASWARM_ADMIN_DATA_DIR: dir, ...env });
}

describe('settings', () => {
  it('reads the environment first, then the settings file, then defaults', () => {
    const s = withFile(JSON.stringify({ ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID: '222233334444', ALPHASWARM_ADMIN_AWS_ROLE_NAME_PATTERN: 'from-file-{org_id}' }), {
      ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID: '111122223333',
    });
    expect(s.resolve('ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID')).toMatchObject({ value: '111122223333', source: 'environment' });
    expect(s.resolve('ALPHASWARM_ADMIN_AWS_ROLE_NAME_PATTERN')).toMatchObject({ value: 'from-file-{org_id}', source: 'settings file' });
    expect(s.resolve('ALPHASWARM_ADMIN_AZURE_CLOUD')).toMatchObject({ value: 'AzureCloud', source: 'default' });
  });

  it('names the missing variable and where to set it', () => {
    const s = withFile(undefined);
    try {
      s.require('ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('config_missing');
      // In words on screen; the variable is a detail.
      expect((e as AppError).message).toContain("AlphaSwarm's AWS partner account id is not set");
      expect((e as AppError).details).toMatchObject({ variable: 'ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID' });
      expect((e as AppError).hint).toMatch(/profile|Settings/);
    }
  });

  it('refuses an invalid value, naming it', () => {
    const s = withFile(undefined, { ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID: '1234' });
    expect(() => s.require('ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID')).toThrow(/ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID must be a 12-digit/);
  });

  it('never reads a secret from the settings file', () => {
    const s = withFile(JSON.stringify({ ALPHASWARM_ADMIN_CLOUD_AWS_EXTERNAL_ID_SECRET: 'x'.repeat(40) }));
    expect(s.resolve('ALPHASWARM_ADMIN_CLOUD_AWS_EXTERNAL_ID_SECRET').source).toBe('unset');
    expect(s.file.problem()).toMatch(/secret and is never read from the settings file/);
  });

  it('ignores a broken settings file and says why', () => {
    const s = withFile('{ not json');
    expect(s.file.problem()).toMatch(/not valid JSON/);
    expect(s.resolve('ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID').source).toBe('unset');
    expect(withFile(JSON.stringify({ SOMETHING_ELSE: 'x' })).file.problem()).toMatch(/unknown section "SOMETHING_ELSE"/);
  });

  it('reports status without secret values', () => {
    const s = withFile(undefined, { ALPHASWARM_ADMIN_CLOUD_AWS_EXTERNAL_ID_SECRET: 'super-secret-hmac-key-value' });
    const status = s.status({ available: true, detail: 'ok' }, ['aws'], {
      profile: { state: 'none', jti: null, engineer: null, issuedAt: null, expiresAt: null, keyFingerprint: null, orgIds: [], settings: [], message: null, trust: { mode: 'none', fingerprints: [], pinnedAt: null } },
      externalIds: { source: 'key', detail: '' },
      orgRoleNames: [],
      azureApps: [],
      unreadableSecrets: 0,
    });
    expect(JSON.stringify(status)).not.toContain('super-secret-hmac-key-value');
    const secret = status.clouds[0]!.identities.find((i) => i.name === 'ALPHASWARM_ADMIN_CLOUD_AWS_EXTERNAL_ID_SECRET');
    expect(secret).toMatchObject({ source: 'environment', value: null, secret: true });
    expect(status.clouds[0]!.ready).toBe(false);
  });
});
