import { describe, expect, it } from 'vitest';
import { codeAt, matchingTimeStep, timeStepAt } from '../../main/mfa/totp.js';

// RFC 6238 Appendix B uses the ASCII seed "12345678901234567890" (SHA-1). In base32:
const RFC_SEED = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('TOTP (RFC 6238)', () => {
  // The RFC lists 8-digit codes; a 6-digit code is the same value modulo 10^6.
  it.each([
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ])('at T=%i matches the RFC vector %s', async (t, eight) => {
    expect(await codeAt(RFC_SEED, t)).toBe(eight.slice(-6));
  });

  it('accepts a code one step either side of now, and not two', async () => {
    const now = 1_800_000_000;
    const step = timeStepAt(now);
    expect(await matchingTimeStep(RFC_SEED, await codeAt(RFC_SEED, now), now)).toBe(step);
    expect(await matchingTimeStep(RFC_SEED, await codeAt(RFC_SEED, now - 30), now)).toBe(step - 1);
    expect(await matchingTimeStep(RFC_SEED, await codeAt(RFC_SEED, now + 30), now)).toBe(step + 1);
    expect(await matchingTimeStep(RFC_SEED, await codeAt(RFC_SEED, now - 60), now)).toBeUndefined();
    expect(await matchingTimeStep(RFC_SEED, await codeAt(RFC_SEED, now + 60), now)).toBeUndefined();
  });
});
