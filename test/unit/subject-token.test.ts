import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { CommandTokenSource } from '../../main/oidc/command-source.js';
import { discoveryDocument, jwks } from '../../main/oidc/discovery.js';
import { SigningKeyTokenSource, loadSigningKey } from '../../main/oidc/signing-key.js';
import { TestClock } from '../support/clock.js';
import { ISSUER, issuerKey } from '../support/oidc.js';

describe('subject tokens from a local signing key', () => {
  it.each(['rsa', 'ec'] as const)('sign iss, sub, aud, iat, nbf, exp (minutes) and jti with a %s key', async (type) => {
    const { keyFile, jwks: published } = await issuerKey(type);
    const clock = new TestClock(Date.parse('2026-11-28T10:00:00Z'));
    const token = await new SigningKeyTokenSource(ISSUER, keyFile, clock).getToken({ audience: 'api://AzureADTokenExchange', subject: 'alphaswarm:org:acme-corp' });
    const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(published), { issuer: ISSUER, audience: 'api://AzureADTokenExchange', currentDate: new Date(clock.now()) });
    expect(protectedHeader).toMatchObject({ alg: type === 'rsa' ? 'RS256' : 'ES256', typ: 'JWT', kid: published.keys[0]!.kid });
    expect(payload.sub).toBe('alphaswarm:org:acme-corp');
    expect(payload.nbf).toBe(payload.iat);
    expect(payload.exp! - payload.iat!).toBe(300);
    expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('publishes the discovery document and JWKS an issuer needs', async () => {
    const { keyFile } = await issuerKey();
    const key = await loadSigningKey(keyFile);
    expect(discoveryDocument(ISSUER, key)).toMatchObject({ issuer: ISSUER, jwks_uri: 'https://alpha-swarm.ai/oidc/jwks.json', id_token_signing_alg_values_supported: ['RS256'] });
    const set = jwks(key);
    expect(set.keys[0]).toMatchObject({ kty: 'RSA', use: 'sig', alg: 'RS256', kid: key.kid });
    expect(set.keys[0]).not.toHaveProperty('d');
  });

  it('refuses a key it cannot sign with, saying which', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'badkey-'));
    writeFileSync(join(dir, 'k.pem'), 'not a key');
    await expect(loadSigningKey(join(dir, 'k.pem'))).rejects.toMatchObject({ code: 'config_invalid', message: expect.stringMatching(/not a PEM private key/) });
    await expect(loadSigningKey(join(dir, 'missing.pem'))).rejects.toMatchObject({ code: 'config_invalid', message: expect.stringMatching(/cannot be read/) });
  });
});

describe('subject tokens from the platform command', () => {
  async function commandPrinting(body: string) {
    const dir = mkdtempSync(join(tmpdir(), 'cmd-'));
    const file = join(dir, 'token.sh');
    writeFileSync(file, `#!/bin/sh\n${body}\n`);
    chmodSync(file, 0o755);
    return file;
  }

  it('passes audience and subject, and checks the token it prints is the one asked for', async () => {
    const { keyFile } = await issuerKey();
    const clock = new TestClock();
    const signer = new SigningKeyTokenSource(ISSUER, keyFile, clock);
    const good = await signer.getToken({ audience: 'aud-1', subject: 'alphaswarm:org:acme-corp' });
    const cmd = await commandPrinting(`[ "$ALPHASWARM_OIDC_AUDIENCE" = aud-1 ] && [ "$ALPHASWARM_OIDC_SUBJECT" = alphaswarm:org:acme-corp ] && echo '${good}'`);
    const source = new CommandTokenSource(ISSUER, cmd, clock);
    expect(await source.getToken({ audience: 'aud-1', subject: 'alphaswarm:org:acme-corp' })).toBe(good);
    await expect(source.getToken({ audience: 'aud-2', subject: 'alphaswarm:org:acme-corp' })).rejects.toMatchObject({ code: 'config_invalid' });
    const wrongSubject = new CommandTokenSource(ISSUER, await commandPrinting(`echo '${good}'`), clock);
    await expect(wrongSubject.getToken({ audience: 'aud-1', subject: 'alphaswarm:org:globex' })).rejects.toThrow(/subject is "alphaswarm:org:acme-corp"/);
    const json = new CommandTokenSource(ISSUER, await commandPrinting(`echo '{"version":1,"success":true,"token_type":"urn:ietf:params:oauth:token-type:jwt","id_token":"${good}"}'`), clock);
    expect(await json.getToken({ audience: 'aud-1', subject: 'alphaswarm:org:acme-corp' })).toBe(good);
    expect(decodeProtectedHeader(good).alg).toBe('RS256');
  });

  it('explains a failing command without quoting its output', async () => {
    const source = new CommandTokenSource(ISSUER, await commandPrinting('echo "secret-ish stdout"; echo "not signed in" >&2; exit 3'), new TestClock());
    const error = await source.getToken({ audience: 'a', subject: 's' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'config_invalid', message: expect.stringMatching(/exit code 3: not signed in/) });
    expect(JSON.stringify(error)).not.toContain('secret-ish');
  });
});
