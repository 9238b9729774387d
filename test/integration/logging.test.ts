import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileLogger } from '../../main/platform/logger.js';
import { expectOwnerOnly } from '../support/file-access.js';
import { createHarness } from '../support/harness.js';
import { ipc } from '../support/contracts.js';

const scratch = () => mkdtempSync(join(tmpdir(), 'alphaswarm-log-'));
const canaries = () => ({
  cf: `cfut_${'Zx9'.repeat(12)}`,
  jwt: `eyJhbGciOiJFZERTQSJ9.${'eyJzdWIiOiJ4In0'.repeat(2)}.${'c2ln'.repeat(8)}`,
  otp: 'otpauth://totp/AlphaSwarm:jane?secret=JBSWY3DPEHPK3PXPJBSWY3DP&issuer=AlphaSwarm',
  aws: 'AKIAIOSFODNN7EXAMPLE',
  awsSecret: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  legacy: 'Zx9_Qw8-Er7_Ty6-Ui5_Op4-As3_Df2-Gh1_Jk0x',
  google: `ya29.${'a0AfB_byC'.repeat(4)}`,
  originCa: `v1.0-${'0123456789abcdef-'.repeat(3)}`,
  urlCreds: 'hunter2pass',
  pem: '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7',
});
const settle = () => new Promise((r) => setTimeout(r, 200));

describe('logs a person can use', () => {
  it('levels: below the threshold nothing is written (or even loaded); at or above, JSON lines', async () => {
    const dir = scratch();
    const quiet = fileLogger(dir, { level: 'warn' });
    quiet.info('ipc', { channel: 'cloud:list' });
    quiet.flush();
    expect(existsSync(join(dir, 'logs', 'main.log'))).toBe(false);
    quiet.warn('audit checkpoint skipped', { reason: 'no keychain' });
    quiet.flush();
    await settle();
    const line = JSON.parse(readFileSync(join(dir, 'logs', 'main.log'), 'utf8').trim()) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 'warn', msg: 'audit checkpoint skipped', reason: 'no keychain' });
    expectOwnerOnly(join(dir, 'logs', 'main.log'), 0o600);
  });

  it('rotates by size and keeps a bounded number of old files', async () => {
    const dir = scratch();
    const log = fileLogger(dir, { level: 'info', maxBytes: 4_000, keep: 2 });
    for (let i = 0; i < 400; i++) log.info('ipc', { channel: 'cloud:list', i, padding: 'x'.repeat(40) });
    log.flush();
    await settle();
    const files = readdirSync(join(dir, 'logs')).sort();
    expect(files).toEqual(['main.1.log', 'main.2.log', 'main.log']);
    for (const f of files) expect(statSync(join(dir, 'logs', f)).size).toBeLessThan(4_000 + 200);
  });

  it('redacts secret-shaped values in messages and fields, and fields named like secrets (canary)', async () => {
    const dir = scratch();
    const c = canaries();
    const log = fileLogger(dir, { level: 'info' });
    log.error(`the SDK answered for ${c.cf} and ${c.jwt}`, { detail: `Authorization: Bearer ${c.jwt}`, token: 'plain-looking', link: c.otp, key: c.aws });
    log.error(`proxy https://engineer:${c.urlCreds}@proxy.example/ said ${c.awsSecret} ${c.legacy} ${c.google} ${c.originCa}`, { cut: c.pem.slice(0, 60) });
    log.flush();
    await settle();
    const text = readFileSync(join(dir, 'logs', 'main.log'), 'utf8');
    for (const value of [...Object.values(c).map((v) => (v.startsWith('-----BEGIN') ? 'MIIEvQIBADAN' : v)), 'plain-looking']) expect(text).not.toContain(value);
    expect(text).toContain('[redacted]');
  });

  it('the window’s own errors reach the log through diagnostics:report', async () => {
    const h = await createHarness({ fileLog: true });
    await h.ok(ipc.diagnostics.report, { kind: 'render', message: 'TypeError: x is undefined', stack: 'at Wizard (app.js:1:1)' });
    h.services.logger.flush();
    await settle();
    expect(readFileSync(h.services.logger.path!, 'utf8')).toContain('renderer render error');
    h.close();
  });

  it.each(['exception', 'rejection'])('an uncaught %s is logged with its stack (redacted), said in one line, and ends the process', async (mode) => {
    const dir = scratch();
    const canary = canaries().cf;
    const child = spawn(process.execPath, ['--import', 'tsx', resolve('test/support/crash-logging-child.ts'), mode], { env: { ...process.env, CRASH_DATA_DIR: dir, CRASH_CANARY: canary } });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number>((done) => child.on('close', (c) => done(c ?? -1)));
    expect(code).toBe(70);
    expect(stderr).toMatch(/^error: Unexpected failure \(unhandled rejection|uncaught exception\)/);
    expect(stderr).toContain(join(dir, 'logs', 'main.log'));
    const text = readFileSync(join(dir, 'logs', 'main.log'), 'utf8');
    expect(text).toMatch(/"stack":"Error: /);
    expect(text + stderr).not.toContain(canary);
  });
});
