import { type KeyObject, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { AppError } from '../../shared/domain/errors.js';
import type { AuditLog } from '../audit/audit-log.js';
import { SECRET_NAMES, type SecretStore } from '../credentials/secret-store.js';
import { DEVICE_KEYS, type PinnedKey, ed25519Thumbprint, parsePinnedKeys } from '../jws/pinned-keys.js';
import { signCompactJws } from '../jws/sign-jws.js';
import { type Clock, isoAt } from '../platform/clock.js';

/** The public half as a JWK: what the platform pins to trust this device's bundles. */
export interface DevicePublicJwk {
  readonly kty: 'OKP';
  readonly crv: 'Ed25519';
  readonly x: string;
  readonly kid: string;
  readonly alg: 'EdDSA';
  readonly use: 'sig';
}

export interface DeviceKeyInfo {
  readonly jwk: DevicePublicJwk;
  /** RFC 7638 SHA-256 thumbprint of the public key; also the `kid` of every bundle. */
  readonly fingerprint: string;
  readonly createdAt: string;
}

interface StoredKey {
  readonly x: string;
  readonly d: string;
  readonly createdAt: string;
}

/** The public key as the file the platform pins (what "Save as a file" and `device key --out` write). */
export function publicJwkText(jwk: DevicePublicJwk): string {
  return `${JSON.stringify(jwk, null, 2)}\n`;
}

export function issuerFor(fingerprint: string): string {
  return `urn:alphaswarm:device:${fingerprint}`;
}

/**
 * This laptop's Ed25519 signing key, created on first use. The private half lives only in the
 * secret store (encrypted under the OS keychain); it is never returned, logged or exported.
 */
export class DeviceKey {
  private loaded: { info: DeviceKeyInfo; privateKey: KeyObject } | undefined;

  constructor(
    private readonly secrets: SecretStore,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly actor: () => string,
  ) {}

  async info(): Promise<DeviceKeyInfo> {
    return (await this.load()).info;
  }

  /** The public half as a trusted key, to check what this device signed (its audit checkpoints). */
  async pinned(): Promise<PinnedKey> {
    const [key] = await parsePinnedKeys(JSON.stringify((await this.load()).info.jwk), "this device's key", DEVICE_KEYS);
    return key!;
  }

  /** A compact JWS signed with this device's key (EdDSA), kid = its thumbprint. */
  async signJws(typ: string, payload: unknown): Promise<string> {
    const { info, privateKey } = await this.load();
    return signCompactJws({ alg: 'EdDSA', typ, kid: info.fingerprint }, payload, privateKey);
  }

  private async load(): Promise<{ info: DeviceKeyInfo; privateKey: KeyObject }> {
    if (this.loaded) return this.loaded;
    const read = this.secrets.read(SECRET_NAMES.deviceSigningKey);
    let stored: StoredKey;
    if (read.status === 'ok') stored = JSON.parse(read.value) as StoredKey;
    else if (read.status === 'missing') stored = await this.create();
    else throw unreadableKey(read.reason);
    const privateKey = createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', x: stored.x, d: stored.d }, format: 'jwk' });
    const fingerprint = await ed25519Thumbprint(stored.x);
    this.loaded = {
      privateKey,
      info: { fingerprint, createdAt: stored.createdAt, jwk: { kty: 'OKP', crv: 'Ed25519', x: stored.x, kid: fingerprint, alg: 'EdDSA', use: 'sig' } },
    };
    return this.loaded;
  }

  /**
   * A new key, unless another process (the app beside a CLI, `xargs -P`) made one first: then
   * that one is used, so no checkpoint is ever signed by a key that was thrown away.
   */
  private async create(): Promise<StoredKey> {
    const { privateKey } = generateKeyPairSync('ed25519');
    const jwk = privateKey.export({ format: 'jwk' }) as { x: string; d: string };
    // The public half must re-derive from the private one before anything relies on it.
    const x = (createPublicKey(privateKey).export({ format: 'jwk' }) as { x: string }).x;
    if (x !== jwk.x) throw new Error('Ed25519 key generation produced an inconsistent key');
    const fingerprint = await ed25519Thumbprint(jwk.x);
    const made: StoredKey = { x: jwk.x, d: jwk.d, createdAt: isoAt(this.clock) };
    const result = this.secrets.readOrCreate(
      SECRET_NAMES.deviceSigningKey,
      () => JSON.stringify(made),
      () =>
        this.audit.append({
          actor: this.actor(),
          orgId: null,
          cloud: null,
          step: 'device_key',
          outcome: 'succeeded',
          detail: { action: 'created', fingerprint, algorithm: 'Ed25519' },
        }),
    );
    if (result.status !== 'ok') throw unreadableKey(result.reason);
    return result.made ? made : (JSON.parse(result.value) as StoredKey);
  }
}

function unreadableKey(reason: string): AppError {
  return new AppError(
    'secret_missing',
    `This device's signing key cannot be read: ${reason}.`,
    'Bundles this device signed before stay verifiable with the public key the platform pinned. To sign new ones: Settings → Reset local vault (CLI: settings reset-vault), then give the platform the new key that is made.',
  );
}
