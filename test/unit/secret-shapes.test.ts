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
