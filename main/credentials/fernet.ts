import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Fernet (https://github.com/fernet/spec), byte-compatible with Python's `cryptography.fernet`, so
 * the platform's store reads what this app writes. AES-128-CBC + HMAC-SHA256, version 0x80.
 */
const VERSION = 0x80;
const MAX_CLOCK_SKEW_SEC = 60;
const HEADER = 1 + 8 + 16;
const MAC = 32;

export class InvalidFernetToken extends Error {
  constructor(reason: string) {
    super(`Invalid Fernet token: ${reason}`);
    this.name = 'InvalidFernetToken';
  }
}

/** Strict url-safe base64 with padding, as Python's urlsafe_b64decode(validate) would accept. */
function decodeBase64Url(text: string): Buffer | undefined {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9_-]*={0,2}$/.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64url');
  // Reject non-canonical encodings (stray bits in the last character).
  return bytes.toString('base64url') === text.replace(/=+$/, '') ? bytes : undefined;
}

function encodeBase64Url(bytes: Buffer): string {
  const unpadded = bytes.toString('base64url');
  return unpadded + '='.repeat((4 - (unpadded.length % 4)) % 4);
}

export class Fernet {
  private readonly signingKey: Buffer;
  private readonly encryptionKey: Buffer;

  constructor(key: string) {
    const bytes = decodeBase64Url(key);
    if (!bytes || bytes.length !== 32) throw new Error('A Fernet key is 32 bytes of url-safe base64.');
    this.signingKey = bytes.subarray(0, 16);
    this.encryptionKey = bytes.subarray(16);
  }

  static generateKey(): string {
    return encodeBase64Url(randomBytes(32));
  }

  encrypt(plaintext: string | Buffer, nowSec: number, iv: Buffer = randomBytes(16)): string {
    const header = Buffer.alloc(HEADER);
    header[0] = VERSION;
    header.writeBigUInt64BE(BigInt(Math.floor(nowSec)), 1);
    iv.copy(header, 9);
    const cipher = createCipheriv('aes-128-cbc', this.encryptionKey, iv);
    const body = Buffer.concat([header, cipher.update(plaintext), cipher.final()]);
    const mac = createHmac('sha256', this.signingKey).update(body).digest();
    return encodeBase64Url(Buffer.concat([body, mac]));
  }

  decrypt(token: string, options: { nowSec: number; ttlSec?: number }): Buffer {
    const bytes = decodeBase64Url(token);
    if (!bytes) throw new InvalidFernetToken('not url-safe base64');
    if (bytes.length < HEADER + 16 + MAC || (bytes.length - HEADER - MAC) % 16 !== 0) {
      throw new InvalidFernetToken('wrong length');
    }
    if (bytes[0] !== VERSION) throw new InvalidFernetToken('unknown version');
    const body = bytes.subarray(0, bytes.length - MAC);
    const expected = createHmac('sha256', this.signingKey).update(body).digest();
    if (!timingSafeEqual(expected, bytes.subarray(bytes.length - MAC))) throw new InvalidFernetToken('signature mismatch');
    const timestamp = Number(bytes.readBigUInt64BE(1));
    // As in the reference (Python's cryptography), the timestamp is only judged when a TTL is asked:
    // without one, a token stamped by a clock that ran fast must stay readable once it is corrected.
    if (options.ttlSec !== undefined) {
      if (timestamp > options.nowSec + MAX_CLOCK_SKEW_SEC) throw new InvalidFernetToken('timestamp is in the future');
      if (timestamp + options.ttlSec < options.nowSec) throw new InvalidFernetToken('expired');
    }
    const decipher = createDecipheriv('aes-128-cbc', this.encryptionKey, bytes.subarray(9, HEADER));
    try {
      return Buffer.concat([decipher.update(bytes.subarray(HEADER, bytes.length - MAC)), decipher.final()]);
    } catch {
      throw new InvalidFernetToken('bad padding');
    }
  }
}
