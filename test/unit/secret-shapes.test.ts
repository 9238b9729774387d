import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { containsCredential, redactCredentials } from '../../shared/domain/secret-shapes.js';

describe('credential shapes: secrets found, public ids left alone', () => {
  it('a key fingerprint (RFC 7638 thumbprint, base64url) is never taken for a secret, whatever its bytes', () => {
    // A thumbprint is 43 base64url characters: a run of 40 letters and digits between '_' or '-' once
    // read as an AWS secret key, and an audit row's fingerprint came out "[redacted]_Oo" now and then.
    for (let i = 0; i < 5000; i++) {
      const fingerprint = createHash('sha256').update(randomBytes(32)).digest('base64url');
      expect(redactCredentials(`keyFingerprint ${fingerprint}`)).toBe(`keyFingerprint ${fingerprint}`);
    }
    expect(containsCredential('5SIuhqaNeZ154EacUVcQHrsg1g2ud31B5CroAXU4_Oo')).toBe(false);
  });

  it('an AWS secret access key is found alone, in a sentence and after KEY=', () => {
    const key = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    for (const text of [key, `the key is ${key}.`, `AWS_SECRET_ACCESS_KEY=${key}`, `"${key}"`]) {
      expect(containsCredential(text)).toBe(true);
      expect(redactCredentials(text)).not.toContain(key);
    }
  });
});

describe('fifteenth review O-R1, O-R2', () => {
  const key = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
  it('an AWS secret key holding "/" or "+" is found next to "_" or "-" too', () => {
    for (const text of [`secret-${key}`, `aws_key_${key}`, `${key}-rotated`]) {
      expect(containsCredential(text)).toBe(true);
      expect(redactCredentials(text)).not.toContain(key);
    }
  });

  it('a token in coloured terminal output is found and redacted', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbHBoYXN3YXJtIn0.c2lnbmF0dXJlLXZhbHVlLWhlcmU';
    const coloured = `\u001b[31merror:\u001b[0m refused \u001b[33m${jwt}\u001b[0m and cfut_${'A'.repeat(40)}`;
    expect(containsCredential(coloured)).toBe(true);
    const out = redactCredentials(coloured);
    expect(out).not.toContain(jwt);
    expect(out).not.toContain('cfut_');
    expect(out).toContain('refused');
  });
});

describe('sixteenth review P-R1: escaped and wrapped credentials', () => {
  const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbHBoYXN3YXJtOm9yZzphY21lIn0.c2lnbmF0dXJlLXNpZ25hdHVyZS1zaWc';
  const CF = 'cfut_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789';
  const AKID = 'AKIAIOSFODNN7EXAMPLE';
  const KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

  // Each text as another program writes it: JSON.stringify (a JSON log line), a URL-encoded query, a wrapped terminal.
  it.each([
    ['JSON-escaped colour codes around a JWT', JSON.stringify({ msg: `refused \u001b[33m${JWT}\u001b[0m` }), JWT],
    ['a JSON-escaped newline before a JWT', JSON.stringify(`error:\n${JWT}`), JWT],
    ['a JSON-escaped tab before a cfut_ token', JSON.stringify(`token\t${CF}`), CF],
    ['a JSON-escaped newline before an AWS key id', JSON.stringify(`id:\n${AKID}`), AKID],
    ['a JSON-escaped newline before an AWS secret key', JSON.stringify({ k: `\n${KEY}` }), KEY],
    ['Python-style \\x1b colour codes', `refused \\x1b[33m${CF}\\x1b[0m`, CF],
    ['a URL-encoded token=<JWT>', `POST https://sts.example/v1/token?subject_token%3D${JWT} refused`, JWT],
    ['a JWT wrapped at 60 columns', `${JWT.slice(0, 60)}\n${JWT.slice(60)}`, JWT.slice(60)],
    ['a JWT wrapped with indentation', `token:\n  ${JWT.slice(0, 30)}\n  ${JWT.slice(30)}`, JWT.slice(30)],
    ['a cfut_ token wrapped after 12 characters', `${CF.slice(0, 12)}\r\n${CF.slice(12)}`, CF.slice(12)],
  ])('%s is found and cut', (_label, text, needle) => {
    expect(containsCredential(text)).toBe(true);
    const out = redactCredentials(text);
    expect(out).not.toContain(needle);
    expect(out).toContain('[redacted]');
  });

  it('what was around the credential is kept exactly, escapes and all', () => {
    expect(redactCredentials(JSON.stringify({ msg: `refused \u001b[33m${JWT}\u001b[0m` }))).toBe('{"msg":"refused \\u001b[33m[redacted]\\u001b[0m"}');
    expect(redactCredentials(`https://admin:p%40ss@proxy.example/x`)).toBe('https://[redacted]@proxy.example/x');
  });

  it('ordinary escaped text and paths are left alone', () => {
    for (const text of ['C:\\new\\table\\report.txt', JSON.stringify('line one\nline two\ttabbed'), 'name%20with%20spaces', 'first line\nsecond line']) {
      expect(containsCredential(text)).toBe(false);
      expect(redactCredentials(text)).toBe(text);
    }
  });
});
