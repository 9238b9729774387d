import { generate, generateSecret, generateURI, verify } from 'otplib';

/** RFC 6238 with the parameters every authenticator app supports: SHA-1, 6 digits, 30 seconds. */
export const TOTP_PERIOD = 30;

export function newSeed(): string {
  return generateSecret({ length: 20 });
}

export function otpauthUri(seed: string, issuer: string, label: string): string {
  return generateURI({ issuer, label, secret: seed });
}

export function timeStepAt(epochSec: number): number {
  return Math.floor(epochSec / TOTP_PERIOD);
}

/** The time step the code belongs to, within ±1 step of now, or undefined when it matches none. */
export async function matchingTimeStep(seed: string, code: string, epochSec: number): Promise<number | undefined> {
  const result = await verify({ secret: seed, token: code, epoch: Math.floor(epochSec), epochTolerance: TOTP_PERIOD });
  return result.valid && 'timeStep' in result ? result.timeStep : undefined;
}

export async function codeAt(seed: string, epochSec: number): Promise<string> {
  return generate({ secret: seed, epoch: Math.floor(epochSec) });
}
