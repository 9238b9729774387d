/** RFC 6238 with the parameters every authenticator app supports: SHA-1, 6 digits, 30 seconds. */
export const TOTP_PERIOD = 30;

/** otplib, loaded on first use: only MFA steps need it, not every command. */
const otp = () => import('otplib');

export async function newSeed(): Promise<string> {
  return (await otp()).generateSecret({ length: 20 });
}

export async function otpauthUri(seed: string, issuer: string, label: string): Promise<string> {
  return (await otp()).generateURI({ issuer, label, secret: seed });
}

export function timeStepAt(epochSec: number): number {
  return Math.floor(epochSec / TOTP_PERIOD);
}

/** The time step the code belongs to, within ±1 step of now, or undefined when it matches none. */
export async function matchingTimeStep(seed: string, code: string, epochSec: number): Promise<number | undefined> {
  const result = await (await otp()).verify({ secret: seed, token: code, epoch: Math.floor(epochSec), epochTolerance: TOTP_PERIOD });
  return result.valid && 'timeStep' in result ? result.timeStep : undefined;
}

export async function codeAt(seed: string, epochSec: number): Promise<string> {
  return (await otp()).generate({ secret: seed, epoch: Math.floor(epochSec) });
}
