import { type KeyObject, createHash, createPublicKey, randomBytes, randomUUID, sign, verify } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FakeServer, randomId, readBody } from '../common/http.js';

/**
 * The AlphaSwarm platform as docs/platform-api.md (version 1) specifies it: RFC 8414 metadata, the
 * RFC 8628 device grant, refresh tokens, RFC 7009 revocation, device enrolment, bundle intake with
 * its own strict check of each bundle against the enrolled device key, idempotency and replay,
 * and receipts signed by a key the test controls. Written from the document, not from the app's
 * code: it verifies signatures with node:crypto directly.
 */

export const CLIENT_ID = 'alphaswarm-onboarding';
const SCOPES = ['bundles:write', 'profile:read'];
const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const BUNDLE_TYP = 'alphaswarm-bundle+jwt';
const RECEIPT_TYP = 'alphaswarm-receipt+jwt';
/** RFC 8628 §6.1: no vowels, no look-alikes. */
const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';

export interface ReceiptKey {
  readonly alg: 'EdDSA' | 'ES256';
  readonly kid: string;
  readonly privateKey: KeyObject;
}

/** How the next device authorization plays out, as the engineer at the browser would make it. */
export interface DeviceFlowScript {
  /** Polls answered `authorization_pending` before the outcome. */
  pendingPolls: number;
  outcome: 'approve' | 'deny' | 'expire';
  /** Answer `slow_down` to these poll numbers (1-based) even when the client kept the interval. */
  slowDownAt: number[];
}

interface DeviceAuthorization {
  readonly deviceCode: string;
  readonly userCode: string;
  readonly scope: string;
  readonly expiresAt: number;
  interval: number;
  polls: number;
  lastPollAt: number | undefined;
  readonly script: DeviceFlowScript;
  /** Set by approve()/deny(), or by the script once its pending polls are used. */
  decision: 'approved' | 'denied' | undefined;
  used: boolean;
}

interface Grant {
  readonly engineer: string;
  readonly scope: string;
}

interface Intake {
  readonly sha256: string;
  readonly receipt: string;
}

/** What a send answers instead of intake, once (tests queue these to inject failures). */
export interface InjectedAnswer {
  readonly status: number;
  readonly retryAfter?: string;
  readonly body?: unknown;
  /** Drop the connection without answering (a network failure). */
  readonly hangUp?: boolean;
}

export class PlatformFake extends FakeServer {
  /** The platform's identity: a bundle's `aud`, a receipt's `iss`. */
  audience = 'https://alpha-swarm.ai/platform';
  /** The platform's clock (ms); tests inject their own. */
  now: () => number = () => Date.now();
  /** Whether the metadata names a revocation endpoint. */
  revocation = true;
  engineer = 'jane@alpha-swarm.ai';
  deviceFlow: DeviceFlowScript = { pendingPolls: 1, outcome: 'approve', slowDownAt: [] };
  deviceCodeLifetimeSec = 900;
  pollIntervalSec = 5;
  accessTokenLifetimeSec = 3600;
  maxBundleBytes = 32 * 1024 * 1024;
  /** Connections the platform refuses, by credential key: they land in the receipt's `rejected`. */
  readonly refuse = new Map<string, { reason: string; message: string }>();
  /** Answers given instead of intake, first in first out. */
  readonly inject: InjectedAnswer[] = [];
  /** Rewrites a receipt's payload before it is signed: a platform that answers for another bundle. */
  tamperReceipt: ((payload: Record<string, unknown>) => Record<string, unknown>) | undefined;
  /** The engineer's current profile, as GET /v1/profile returns it. */
  profile: string | undefined;
  /** Profiles by engineer, as a platform of several engineers serves them (each token gets its own); else `profile`. */
  readonly profiles = new Map<string, string>();

  readonly devices = new Map<string, { jwk: { kty: 'OKP'; crv: 'Ed25519'; x: string }; engineer: string; enrolledAt: string; revoked: boolean }>();
  /** New intakes per bundle jti: a bundle delivered exactly once counts 1, however often it was sent. */
  readonly intakes = new Map<string, number>();
  readonly requests: { method: string; path: string; status: number }[] = [];
  readonly revoked: string[] = [];
  /** Every access and refresh token handed out: what a canary looks for where no token may be. */
  readonly issued: string[] = [];

  private readonly authorizations = new Map<string, DeviceAuthorization>();
  private readonly access = new Map<string, Grant & { expiresAt: number }>();
  private readonly refresh = new Map<string, Grant>();
  private readonly received = new Map<string, Intake>();

  constructor(public receiptKey: ReceiptKey) {
    super();
  }

  /** The engineer approves or denies at the verification page. */
  approve(userCode: string): void {
    this.decide(userCode, 'approved');
  }

  deny(userCode: string): void {
    this.decide(userCode, 'denied');
  }

  private decide(userCode: string, decision: 'approved' | 'denied'): void {
    const a = [...this.authorizations.values()].find((x) => x.userCode === userCode);
    if (!a) throw new Error(`no device authorization with user code ${userCode}`);
    a.decision = decision;
  }

  /** Every access token stops working (the next bearer request answers 401). */
  expireAccessTokens(): void {
    for (const t of this.access.values()) t.expiresAt = 0;
  }

  /** Every refresh token stops working (refresh answers invalid_grant): the sign-in is over. */
  expireRefreshTokens(): void {
    this.refresh.clear();
  }

  revokeDevice(kid: string): void {
    const d = this.devices.get(kid);
    if (d) d.revoked = true;
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    const answer = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
      this.requests.push({ method, path: url.pathname, status });
      const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
      const type = typeof body === 'string' ? 'application/jose' : 'application/json';
      res.writeHead(status, { ...(body === undefined ? {} : { 'content-type': type }), 'cache-control': 'no-store', ...headers });
      res.end(text);
    };
    if (!(await this.delay(res))) return;
    const route = `${method} ${url.pathname}`;
    if (route === 'GET /.well-known/oauth-authorization-server') return answer(200, this.metadata());
    if (route === 'POST /oauth/device') return this.deviceAuthorization(await form(req), answer);
    if (route === 'POST /oauth/token') return this.token(await form(req), answer);
    if (route === 'POST /oauth/revoke' && this.revocation) return this.revoke(await form(req), answer);
    const devicePath = /^\/v1\/devices\/([A-Za-z0-9_-]{1,64})$/.exec(url.pathname);
    if (devicePath && method === 'PUT') return this.enrol(req, devicePath[1]!, answer);
    if (route === 'POST /v1/bundles') return this.intake(req, res, answer);
    if (route === 'GET /v1/profile') {
      const grant = this.bearer(req, 'profile:read', answer);
      if (!grant) return;
      const profile = this.profiles.get(grant.engineer) ?? this.profile;
      return profile === undefined ? answer(404, { error: 'no_profile', message: 'The platform has no profile for you yet.' }) : answer(200, profile);
    }
    return answer(404, { error: 'not_found', message: `No ${route} here.` });
  }

  private metadata(): Record<string, unknown> {
    return {
      issuer: this.url,
      device_authorization_endpoint: `${this.url}/oauth/device`,
      token_endpoint: `${this.url}/oauth/token`,
      ...(this.revocation ? { revocation_endpoint: `${this.url}/oauth/revoke` } : {}),
      grant_types_supported: [DEVICE_GRANT, 'refresh_token'],
      scopes_supported: SCOPES,
      token_endpoint_auth_methods_supported: ['none'],
    };
  }

  private deviceAuthorization(params: URLSearchParams, answer: Answer): void {
    if (params.get('client_id') !== CLIENT_ID) return answer(400, { error: 'invalid_client', error_description: 'Unknown client.' });
    const scope = params.get('scope') ?? SCOPES.join(' ');
    if (!scope.split(' ').every((s) => SCOPES.includes(s))) return answer(400, { error: 'invalid_scope', error_description: `Scopes are ${SCOPES.join(', ')}.` });
    const userCode = `${randomId(USER_CODE_ALPHABET, 4)}-${randomId(USER_CODE_ALPHABET, 4)}`;
    const a: DeviceAuthorization = {
      deviceCode: randomBytes(32).toString('base64url'),
      userCode,
      scope,
      expiresAt: this.now() + this.deviceCodeLifetimeSec * 1000,
      interval: this.pollIntervalSec,
      polls: 0,
      lastPollAt: undefined,
      script: { ...this.deviceFlow, slowDownAt: [...this.deviceFlow.slowDownAt] },
      decision: undefined,
      used: false,
    };
    this.authorizations.set(a.deviceCode, a);
    answer(200, {
      device_code: a.deviceCode,
      user_code: userCode,
      verification_uri: `${this.url}/device`,
      verification_uri_complete: `${this.url}/device?user_code=${userCode}`,
      expires_in: this.deviceCodeLifetimeSec,
      interval: a.interval,
    });
  }

  private token(params: URLSearchParams, answer: Answer): void {
    const error = (code: string, description?: string) => answer(400, { error: code, ...(description ? { error_description: description } : {}) });
    if (params.get('client_id') !== CLIENT_ID) return error('invalid_client', 'Unknown client.');
    const grantType = params.get('grant_type');
    if (grantType === 'refresh_token') {
      const old = params.get('refresh_token') ?? '';
      const grant = this.refresh.get(old);
      if (!grant) return error('invalid_grant', 'The refresh token is not valid.');
      this.refresh.delete(old); // rotated: each refresh token works once
      return answer(200, this.issue(grant));
    }
    if (grantType !== DEVICE_GRANT) return error('unsupported_grant_type');
    const a = this.authorizations.get(params.get('device_code') ?? '');
    if (!a || a.used) return error('invalid_grant', 'Unknown or used device code.');
    const now = this.now();
    if (now >= a.expiresAt) return error('expired_token');
    a.polls += 1;
    const tooSoon = a.lastPollAt !== undefined && now - a.lastPollAt < a.interval * 1000;
    a.lastPollAt = now;
    if (tooSoon || a.script.slowDownAt.includes(a.polls)) {
      a.interval += 5; // RFC 8628 §3.5: the client must add 5 seconds, for good
      return error('slow_down');
    }
    if (a.decision === undefined && a.polls > a.script.pendingPolls) {
      if (a.script.outcome === 'expire') {
        a.used = true;
        return error('expired_token');
      }
      a.decision = a.script.outcome === 'approve' ? 'approved' : 'denied';
    }
    if (a.decision === undefined) return error('authorization_pending');
    a.used = true;
    if (a.decision === 'denied') return error('access_denied', 'The engineer refused the sign-in.');
    answer(200, this.issue({ engineer: this.engineer, scope: a.scope }));
  }

  private issue(grant: Grant): Record<string, unknown> {
    const accessToken = randomBytes(32).toString('base64url');
    const refreshToken = randomBytes(32).toString('base64url');
    this.access.set(accessToken, { ...grant, expiresAt: this.now() + this.accessTokenLifetimeSec * 1000 });
    this.refresh.set(refreshToken, grant);
    this.issued.push(accessToken, refreshToken);
    return { access_token: accessToken, token_type: 'Bearer', expires_in: this.accessTokenLifetimeSec, refresh_token: refreshToken, scope: grant.scope };
  }

  private revoke(params: URLSearchParams, answer: Answer): void {
    if (params.get('client_id') !== CLIENT_ID) return answer(401, { error: 'invalid_client' });
    const token = params.get('token') ?? '';
    // RFC 7009 §2.2: an unknown token is answered 200 too.
    const grant = this.refresh.get(token) ?? this.access.get(token);
    if (grant) {
      this.revoked.push(token);
      this.refresh.delete(token);
      this.access.delete(token);
      if (params.get('token_type_hint') !== 'access_token') for (const [t, g] of this.access) if (g.engineer === grant.engineer) this.access.delete(t);
    }
    answer(200);
  }

  private bearer(req: IncomingMessage, scope: string, answer: Answer): Grant | undefined {
    const m = /^Bearer ([A-Za-z0-9_-]+)$/.exec(req.headers.authorization ?? '');
    const grant = m ? this.access.get(m[1]!) : undefined;
    if (!grant || grant.expiresAt <= this.now()) {
      answer(401, { error: 'invalid_token', message: 'Sign in again.' }, { 'www-authenticate': 'Bearer error="invalid_token"' });
      return undefined;
    }
    if (!grant.scope.split(' ').includes(scope)) {
      answer(403, { error: 'insufficient_scope', message: `This needs the ${scope} scope.` }, { 'www-authenticate': `Bearer error="insufficient_scope", scope="${scope}"` });
      return undefined;
    }
    return grant;
  }

  private async enrol(req: IncomingMessage, kid: string, answer: Answer): Promise<void> {
    const grant = this.bearer(req, 'bundles:write', answer);
    if (!grant) return;
    let jwk: Record<string, unknown>;
    try {
      jwk = JSON.parse((await readBody(req, 64 * 1024)).toString('utf8')) as Record<string, unknown>;
    } catch {
      return answer(400, { error: 'invalid_key', message: 'The body is not a JSON JWK.' });
    }
    if (typeof jwk !== 'object' || jwk === null || 'd' in jwk) return answer(400, { error: 'invalid_key', message: 'Send the public JWK only.' });
    if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string' || !canonicalB64(jwk.x) || Buffer.from(jwk.x, 'base64url').length !== 32) {
      return answer(400, { error: 'invalid_key', message: 'A device key is an Ed25519 public JWK.' });
    }
    if (thumbprint(jwk.x) !== kid || (jwk.kid !== undefined && jwk.kid !== kid)) return answer(400, { error: 'invalid_key', message: 'The path is not the key\'s RFC 7638 thumbprint.' });
    const existing = this.devices.get(kid);
    if (existing?.revoked) return answer(409, { error: 'device_revoked', message: 'This device key was revoked. Make a new one.' });
    if (existing && existing.engineer === grant.engineer) return answer(200, { kid, enrolled_at: existing.enrolledAt });
    const enrolledAt = new Date(this.now()).toISOString();
    this.devices.set(kid, { jwk: { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, engineer: grant.engineer, enrolledAt, revoked: false });
    answer(201, { kid, enrolled_at: enrolledAt });
  }

  private async intake(req: IncomingMessage, res: ServerResponse, answer: Answer): Promise<void> {
    const grant = this.bearer(req, 'bundles:write', answer);
    if (!grant) return;
    const injected = this.inject.shift();
    if (injected?.hangUp) {
      this.requests.push({ method: 'POST', path: '/v1/bundles', status: 0 });
      res.destroy();
      return;
    }
    if (injected) return answer(injected.status, injected.body, injected.retryAfter !== undefined ? { 'retry-after': injected.retryAfter } : {});
    let raw: Buffer;
    try {
      raw = await readBody(req, this.maxBundleBytes);
    } catch {
      return answer(413, { error: 'too_large', message: `A bundle is at most ${this.maxBundleBytes} bytes.` });
    }
    const invalid = (message: string) => answer(400, { error: 'invalid_bundle', message });
    if ((req.headers['content-type'] ?? '').split(';')[0]!.trim() !== 'application/jose') return invalid('Send the bundle as application/jose.');
    const body = raw.toString('utf8');
    const checked = this.checkBundle(body, grant.engineer);
    if ('notEnrolled' in checked) return answer(403, { error: 'device_not_enrolled', message: 'Enrol this device key first (PUT /v1/devices/{kid}).' });
    if ('problem' in checked) return invalid(checked.problem);
    const { payload, kid } = checked;
    if (req.headers['idempotency-key'] !== payload.jti) return invalid('The Idempotency-Key is not the bundle\'s jti.');
    // §4: a bundle exported under a platform profile is the signed-in engineer's, or nobody's.
    const exporter = payload.bundle.exportedBy;
    if (exporter?.verified && exporter.engineer?.email.toLowerCase() !== grant.engineer.toLowerCase()) {
      return answer(403, { error: 'engineer_mismatch', message: `This bundle was exported by ${exporter.engineer?.email ?? 'another engineer'}, not by the engineer signed in (${grant.engineer}).` });
    }
    const sha256 = createHash('sha256').update(raw).digest('hex');
    const before = this.received.get(payload.jti);
    if (before) return before.sha256 === sha256 ? answer(200, before.receipt) : answer(409, { error: 'replay', message: 'This bundle id arrived before with other content.' });
    const keys = payload.bundle.connections.map((c) => c.credentialKey);
    let receiptPayload: Record<string, unknown> = {
      iss: this.audience,
      iat: Math.floor(this.now() / 1000),
      jti: randomUUID(),
      bundle_jti: payload.jti,
      bundle_sha256: sha256,
      device_kid: kid,
      accepted: keys.filter((k) => !this.refuse.has(k)),
      rejected: keys.filter((k) => this.refuse.has(k)).map((k) => ({ credential_key: k, ...this.refuse.get(k)! })),
    };
    if (this.tamperReceipt) receiptPayload = this.tamperReceipt(receiptPayload);
    const receipt = signJws({ alg: this.receiptKey.alg, typ: RECEIPT_TYP, kid: this.receiptKey.kid }, receiptPayload, this.receiptKey);
    this.received.set(payload.jti, { sha256, receipt });
    this.intakes.set(payload.jti, (this.intakes.get(payload.jti) ?? 0) + 1);
    answer(200, receipt);
  }

  /** The platform's own check of a bundle, from the document: strict shape, enrolled key, signature, claims. */
  private checkBundle(body: string, engineer: string): { payload: BundleClaims; kid: string } | { problem: string } | { notEnrolled: true } {
    const parts = body.split('.');
    if (parts.length !== 3 || !parts.every(canonicalB64)) return { problem: 'Not a compact JWS in canonical base64url.' };
    let header: Record<string, unknown>;
    let payload: BundleClaims;
    try {
      header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8')) as Record<string, unknown>;
      payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as BundleClaims;
    } catch {
      return { problem: 'The header or payload is not JSON.' };
    }
    for (const part of parts.slice(0, 2)) if (namesAKeyTwice(Buffer.from(part, 'base64url').toString('utf8'))) return { problem: 'The header or payload names a key twice.' };
    const members = Object.keys(header).sort().join(',');
    if (members !== 'alg,kid,typ') return { problem: `The header carries ${members}; a bundle's carries alg, typ and kid only.` };
    if (header.alg !== 'EdDSA' || String(header.typ).toLowerCase() !== BUNDLE_TYP) return { problem: 'Not an EdDSA alphaswarm-bundle+jwt.' };
    const kid = String(header.kid);
    const device = this.devices.get(kid);
    if (!device || device.revoked || device.engineer !== engineer) return { notEnrolled: true };
    const key = createPublicKey({ key: device.jwk, format: 'jwk' });
    if (!verify(null, Buffer.from(`${parts[0]}.${parts[1]}`), key, Buffer.from(parts[2]!, 'base64url'))) return { problem: 'The signature does not verify with the enrolled device key.' };
    const nowSec = Math.floor(this.now() / 1000);
    const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    if (payload.iss !== `urn:alphaswarm:device:${kid}`) return { problem: 'iss is not the signing device.' };
    if (!audiences.includes(this.audience)) return { problem: `The bundle is not for ${this.audience}.` };
    if (!(payload.exp > nowSec - 60) || !(Math.max(payload.nbf, payload.iat) <= nowSec + 60)) return { problem: 'The bundle is expired or not yet valid.' };
    if (typeof payload.jti !== 'string' || !Array.isArray(payload.bundle?.connections)) return { problem: 'The payload is not a version-2 bundle.' };
    return { payload, kid };
  }
}

type Answer = (status: number, body?: unknown, headers?: Record<string, string>) => void;

interface BundleClaims {
  iss: string;
  aud: string | string[];
  iat: number;
  nbf: number;
  exp: number;
  jti: string;
  bundle: { connections: { credentialKey: string }[]; exportedBy?: { verified?: boolean; engineer?: { email: string } | null } };
}

/** Whether valid JSON text names a key twice in one object: the platform's own scan, not the app's parser. */
function namesAKeyTwice(text: string): boolean {
  const objects: (Set<string> | null)[] = []; // null: an array
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      if (expectKey) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        const keys = objects.at(-1)!;
        if (keys.has(key)) return true;
        keys.add(key);
        expectKey = false;
      }
      i = end;
    } else if (c === '{') {
      objects.push(new Set());
      expectKey = true;
    } else if (c === '[') objects.push(null);
    else if (c === '}' || c === ']') objects.pop();
    else if (c === ',') expectKey = objects.at(-1) instanceof Set;
  }
  return false;
}

async function form(req: IncomingMessage): Promise<URLSearchParams> {
  return new URLSearchParams((await readBody(req, 64 * 1024)).toString('utf8'));
}

function canonicalB64(text: string): boolean {
  return /^[A-Za-z0-9_-]*$/.test(text) && Buffer.from(text, 'base64url').toString('base64url') === text;
}

/** RFC 7638 for an Ed25519 key, by hand. */
export function thumbprint(x: string): string {
  return createHash('sha256').update(`{"crv":"Ed25519","kty":"OKP","x":"${x}"}`).digest('base64url');
}

function signJws(header: Record<string, unknown>, payload: unknown, key: ReceiptKey): string {
  const input = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  const signature = key.alg === 'EdDSA' ? sign(null, Buffer.from(input), key.privateKey) : sign('sha256', Buffer.from(input), { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}
