import { describe, expect, it } from 'vitest';
import { externalIdFor, keyFingerprint } from '../../main/providers/aws/external-id.js';

describe('external id', () => {
  // Known answers computed independently: printf 'aws:<org>' | openssl dgst -sha256 -hmac <key>
  it.each([
    ['test-external-id-hmac-key-0123456789', 'acme-corp', 'a4d03fc1d9a96fb40f2b0cc8ba2cbe57d3da4de2b14256c867fc4361233bf1a3'],
    ['another-key-for-the-known-answer', '__platform__', '9c51b77f1937cf80f25d4e27fd469a44c01374a24afe627b60a207e67f1510b8'],
  ])('HMAC-SHA256(%s, "aws:%s") in lowercase hex', (key, org, expected) => {
    expect(externalIdFor(key, org)).toBe(expected);
  });

  it('differs per org and per key', () => {
    expect(externalIdFor('k'.repeat(32), 'a-org')).not.toBe(externalIdFor('k'.repeat(32), 'b-org'));
    expect(externalIdFor('k'.repeat(32), 'a-org')).not.toBe(externalIdFor('j'.repeat(32), 'a-org'));
  });

  it('has a fingerprint that names the key without revealing it', () => {
    const fp = keyFingerprint('test-external-id-hmac-key-0123456789');
    expect(fp).toMatch(/^[0-9a-f]{16}$/);
    expect(fp).not.toBe(keyFingerprint('test-external-id-hmac-key-0123456780'));
  });
});
