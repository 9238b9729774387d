import { createHash, randomUUID } from 'node:crypto';
import * as oauth from 'oauth4webapi';
import { AppError } from '../../shared/domain/errors.js';
import { secretEndpointProblem } from '../../shared/settings-schema.js';
import type { KeyVault } from '../credentials/keychain.js';
import { type Clock, isoAt } from '../platform/clock.js';
import type { Settings } from '../settings.js';
import { type Sleep, requestOptions, unreachable } from './platform-http.js';

/** docs/platform-api.md §2: a public client (no secret) asking for exactly these scopes. */
export const CLIENT_ID = 'alphaswarm-onboarding';
export const SCOPE = 'bundles:write profile:read';
/** RFC 8628 §3.2: `interval` defaults to 5 seconds; §3.5: `slow_down` adds 5 seconds, for good. */
const DEFAULT_INTERVAL_SEC = 5;
const SLOW_DOWN_SEC = 5;
/** An access token this close to its end is refreshed first, so a request never starts with a dying one. */
const EXPIRY_MARGIN_MS = 30_000;

const client: oauth.Client = { client_id: CLIENT_ID, token_endpoint_auth_method: 'none' };

/** What the keychain holds for a sign-in: the refresh token, and facts about it that are not secret. */
interface StoredSignIn {
  readonly refreshToken: string;
  readonly issuer: string;
  readonly scope: string;
  readonly signedInAt: string;
  /** Who the platform says this sign-in is (the engineer of the profile it served, verified); once known. */
  readonly engineer?: string;
  /** Tells one sign-in from the next (another process may sign in over this one), with `signedInAt`. */
  readonly id?: string;
}

/** Which sign-in a record is: its id, or when it began for a record made before ids. */
const signInKey = (stored: StoredSignIn): string => stored.id ?? stored.signedInAt;

/** What the engineer is shown to approve a sign-in on another device (never a token). */
export interface SignInStart {
  readonly flowId: string;
  readonly userCode: string;
  readonly verificationUri: string;
  readonly verificationUriComplete: string | null;
  readonly expiresAt: string;
  readonly intervalSec: number;
}

export interface SignInState {
  readonly signedIn: boolean;
  readonly platformUrl: string | null;
  readonly scope: string | null;
  readonly signedInAt: string | null;
}

interface DeviceFlow {
  readonly as: oauth.AuthorizationServer;
  /** Where the engineer approves: the complete address when the platform gave one (checked https). */
  readonly pageUrl: string;
  readonly deviceCode: string;
  readonly expiresAtMs: number;
  intervalSec: number;
  readonly cancel: AbortController;
}

/** The keychain account of one data folder's platform sign-in. */
export function signInAccount(dataDir: string): string {
  return `platform-sign-in:${createHash('sha256').update(dataDir).digest('hex').slice(0, 16)}`;
}

export function notSignedIn(): AppError {
  return new AppError('precondition_failed', 'You are not signed in to the platform.', 'Sign in first: Settings → Platform sign-in and delivery → Sign in (CLI: platform login). Anything waiting in the outbox is kept.', {
    details: { reason: 'not_signed_in' },
  });
}

function signedOut(why: string): AppError {
  return new AppError(
    'precondition_failed',
    `Your platform sign-in has ended (${why}), so this laptop signed you out. Nothing queued is lost.`,
    'Sign in again: Settings → Platform sign-in and delivery → Sign in (CLI: platform login), then flush the outbox.',
    { details: { reason: 'signed_out' } },
  );
}

/**
 * Sign-in to the platform: RFC 8414 discovery, the RFC 8628 device grant, refresh and RFC 7009
 * revocation, all through oauth4webapi. The refresh token lives only in the OS keychain, the access
 * token only in this object's memory; neither is ever returned, logged or audited.
 */
/** An access token and the platform that issued it: it is sent there and nowhere else. */
export interface Bearer {
  readonly token: string;
  readonly issuer: string;
  /** Which sign-in it was issued to (see signInKey): a request checked for one sign-in uses no other's. */
  readonly signIn: string;
}

/** A request checked for one sign-in met another (another process signed in meanwhile): nothing was sent. */
export function signInChanged(): AppError {
  return new AppError('precondition_failed', 'The platform sign-in changed while this was being sent (another sign-in took its place): nothing was sent.', 'Check who is signed in (Settings → Platform sign-in; CLI: platform status), then send again; the send stays in the outbox.', { details: { reason: 'sign_in_changed' } });
}

export class PlatformAuth {
  /** The access token in memory, for the sign-in it was issued to (never reused for another one). */
  private access: { token: string; expiresAtMs: number; platform: string; signIn: string } | undefined;
  private metadataCache: { base: string; as: oauth.AuthorizationServer } | undefined;
  private readonly flows = new Map<string, DeviceFlow>();
  /** One refresh at a time: concurrent sends share it (a rotated refresh token works only once). */
  private refreshing: Promise<Bearer> | undefined;

  constructor(
    private readonly settings: Settings,
    private readonly vault: KeyVault,
    private readonly account: string,
    private readonly clock: Clock,
    private readonly sleep: Sleep,
  ) {}

  /** The platform's base URL (ALPHASWARM_ADMIN_PLATFORM_URL), checked by its setting: https, or loopback http in test mode. */
  baseUrl(): URL {
    const value = this.settings.optional('ALPHASWARM_ADMIN_PLATFORM_URL');
    if (!value) {
      throw new AppError('config_missing', 'No platform URL is set, so this laptop cannot reach the platform.', 'Import your platform profile (it carries the URL), or set ALPHASWARM_ADMIN_PLATFORM_URL in Settings (CLI: settings set ALPHASWARM_ADMIN_PLATFORM_URL https://…).', {
        details: { variable: 'ALPHASWARM_ADMIN_PLATFORM_URL' },
      });
    }
    return new URL(value.replace(/\/+$/, ''));
  }

  private timeoutMs(): number {
    return this.settings.int('ALPHASWARM_ADMIN_HTTP_TIMEOUT_MS');
  }

  /** RFC 8414 metadata; its `issuer` must be the base URL (oauth4webapi refuses any other). */
  async metadata(signal: AbortSignal): Promise<oauth.AuthorizationServer> {
    const base = this.baseUrl();
    if (this.metadataCache?.base === base.href) return this.metadataCache.as;
    let as: oauth.AuthorizationServer;
    try {
      const response = await oauth.discoveryRequest(base, { algorithm: 'oauth2', ...requestOptions(base, signal, this.timeoutMs()) });
      as = await oauth.processDiscoveryResponse(base, response);
    } catch (error) {
      throw this.failure(error, signal, 'read the platform’s sign-in metadata');
    }
    for (const name of ['device_authorization_endpoint', 'token_endpoint', 'revocation_endpoint'] as const) {
      const url = as[name];
      if (url !== undefined && secretEndpointProblem(url, this.settings.testMode)) {
        throw new AppError('cloud_error', `The platform’s metadata names ${name} ${JSON.stringify(url)}, which is not https.`, 'Ask the platform team to publish https endpoints; nothing was sent.');
      }
    }
    this.metadataCache = { base: base.href, as };
    return as;
  }

  /** Ask the platform for a user code (RFC 8628 §3.1–3.2); the engineer approves it in a browser. */
  async startSignIn(signal: AbortSignal): Promise<SignInStart> {
    const as = await this.metadata(signal);
    let d: oauth.DeviceAuthorizationResponse;
    try {
      const response = await oauth.deviceAuthorizationRequest(as, client, oauth.None(), { scope: SCOPE }, requestOptions(this.baseUrl(), signal, this.timeoutMs()));
      d = await oauth.processDeviceAuthorizationResponse(as, client, response);
    } catch (error) {
      throw this.failure(error, signal, 'start the sign-in');
    }
    const verificationUri = d.verification_uri;
    if (secretEndpointProblem(verificationUri, this.settings.testMode) || !/^https?:\/\//.test(verificationUri)) {
      throw new AppError('cloud_error', 'The platform asked to open a sign-in page that is not https.', 'Ask the platform team to fix its verification_uri; nothing was opened.');
    }
    const complete = d.verification_uri_complete && !secretEndpointProblem(d.verification_uri_complete, this.settings.testMode) ? d.verification_uri_complete : null;
    const flowId = randomUUID();
    const intervalSec = d.interval ?? DEFAULT_INTERVAL_SEC;
    const expiresAtMs = this.clock.now() + d.expires_in * 1000;
    this.flows.set(flowId, { as, pageUrl: complete ?? verificationUri, deviceCode: d.device_code, expiresAtMs, intervalSec, cancel: new AbortController() });
    return { flowId, userCode: d.user_code, verificationUri, verificationUriComplete: complete, expiresAt: new Date(expiresAtMs).toISOString(), intervalSec };
  }

  /** The sign-in page of a waiting sign-in (checked https when it arrived), for main to open. */
  signInPage(flowId: string): string {
    const flow = this.flows.get(flowId);
    if (!flow) throw new AppError('not_found', 'That sign-in is not waiting any more.', 'Start the sign-in again.');
    return flow.pageUrl;
  }

  /** Stop waiting for a sign-in (the window's Cancel). */
  cancelSignIn(flowId: string): boolean {
    const flow = this.flows.get(flowId);
    flow?.cancel.abort();
    return flow !== undefined;
  }

  /**
   * Poll the token endpoint every `interval` (plus 5 s for each `slow_down`) until the engineer
   * approves, refuses, the code expires, or the wait is cancelled.
   */
  async finishSignIn(flowId: string, signal: AbortSignal): Promise<SignInState> {
    const flow = this.flows.get(flowId);
    if (!flow) throw new AppError('not_found', 'That sign-in is not waiting any more.', 'Start the sign-in again.');
    const stop = AbortSignal.any([signal, flow.cancel.signal]);
    const base = this.baseUrl();
    try {
      for (;;) {
        try {
          await this.sleep(flow.intervalSec * 1000, stop);
        } catch {
          throw new AppError('cancelled', 'The sign-in was cancelled; nothing was stored.', 'Sign in again when you are ready.');
        }
        if (this.clock.now() >= flow.expiresAtMs) throw expired();
        let tokens: oauth.TokenEndpointResponse;
        try {
          const response = await oauth.deviceCodeGrantRequest(flow.as, client, oauth.None(), flow.deviceCode, requestOptions(base, stop, this.timeoutMs()));
          tokens = await oauth.processDeviceCodeResponse(flow.as, client, response);
        } catch (error) {
          if (error instanceof oauth.ResponseBodyError) {
            if (error.error === 'authorization_pending') continue;
            if (error.error === 'slow_down') {
              flow.intervalSec += SLOW_DOWN_SEC;
              continue;
            }
            if (error.error === 'access_denied') throw new AppError('cloud_denied', 'The sign-in was refused at the platform’s sign-in page.', 'If that was not you, tell the platform team; otherwise sign in again and approve the code shown here.');
            if (error.error === 'expired_token') throw expired();
          }
          if (stop.aborted) throw new AppError('cancelled', 'The sign-in was cancelled; nothing was stored.', 'Sign in again when you are ready.');
          throw this.failure(error, stop, 'finish the sign-in');
        }
        if (!tokens.refresh_token) throw new AppError('cloud_error', 'The platform signed you in without a refresh token, so the sign-in would end within the hour.', 'Ask the platform team to issue refresh tokens to alphaswarm-onboarding.');
        this.holdWhileSending('change');
        const stored: StoredSignIn = { refreshToken: tokens.refresh_token, issuer: flow.as.issuer, scope: tokens.scope ?? SCOPE, signedInAt: isoAt(this.clock), id: randomUUID() };
        this.vault.set(this.account, JSON.stringify(stored));
        this.keepAccess(tokens, flow.as.issuer, signInKey(stored));
        return this.status();
      }
    } finally {
      this.flows.delete(flowId);
    }
  }

  /** The sign-in now (its platform and when it began) and who it was found to be, once known. */
  signedInAs(): { issuer: string; signedInAt: string; key: string; engineer: string | undefined } | undefined {
    const stored = this.stored();
    // A record made before sign-ins had ids may carry an engineer learnt with another sign-in's token:
    // it is asked again rather than trusted.
    return stored ? { issuer: stored.issuer, signedInAt: stored.signedInAt, key: signInKey(stored), engineer: typeof stored.engineer === 'string' && stored.id !== undefined ? stored.engineer : undefined } : undefined;
  }

  /** Remember who a sign-in is — only for that same sign-in (a newer one starts unknown again). */
  recordEngineer(signIn: { issuer: string; key: string }, engineer: string): void {
    const stored = this.stored();
    if (!stored || stored.issuer !== signIn.issuer || signInKey(stored) !== signIn.key) return;
    this.vault.set(this.account, JSON.stringify({ ...stored, engineer }));
  }

  status(): SignInState {
    const stored = this.stored();
    return { signedIn: stored !== undefined, platformUrl: stored?.issuer ?? null, scope: stored?.scope ?? null, signedInAt: stored?.signedInAt ?? null };
  }

  private stored(): StoredSignIn | undefined {
    const text = this.vault.get(this.account);
    if (!text) return undefined;
    try {
      const v = JSON.parse(text) as Partial<StoredSignIn>;
      if (typeof v.refreshToken === 'string' && typeof v.issuer === 'string' && typeof v.scope === 'string' && typeof v.signedInAt === 'string') return v as StoredSignIn;
    } catch {
      // unreadable: treated as signed out below
    }
    return undefined;
  }

  private keepAccess(tokens: oauth.TokenEndpointResponse, platform: string, signIn: string): void {
    const lifetimeSec = tokens.expires_in ?? 300;
    this.access = { token: tokens.access_token, expiresAtMs: this.clock.now() + lifetimeSec * 1000, platform, signIn };
  }

  /**
   * An access token for a request: the one in memory while it lives, else a refresh (the platform
   * may rotate the refresh token; the new one replaces it in the keychain). A refused refresh signs
   * the engineer out. `fresh` forces a refresh (after a 401).
   */
  async accessToken(signal: AbortSignal, fresh = false): Promise<Bearer> {
    const base = this.baseUrl();
    const stored = this.stored();
    if (!stored) {
      this.access = undefined;
      throw notSignedIn();
    }
    this.sameIssuer(base, stored.issuer);
    // Only a token of the stored sign-in: another process may have signed in over the one this
    // token came from, and a request with it would speak for the wrong account.
    if (!fresh && this.access && this.access.platform === stored.issuer && this.access.signIn === signInKey(stored) && this.access.expiresAtMs - EXPIRY_MARGIN_MS > this.clock.now()) return { token: this.access.token, issuer: stored.issuer, signIn: this.access.signIn };
    this.refreshing ??= this.refreshNow(base, stored, signal).finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async refreshNow(base: URL, stored: StoredSignIn, signal: AbortSignal): Promise<Bearer> {
    const as = await this.metadata(signal);
    const refresh = async (token: string) => {
      const response = await oauth.refreshTokenGrantRequest(as, client, oauth.None(), token, requestOptions(base, signal, this.timeoutMs()));
      return oauth.processRefreshTokenResponse(as, client, response);
    };
    let tokens: oauth.TokenEndpointResponse;
    // The sign-in whose refresh token was used: the new tokens are that sign-in's, and only its.
    let used = stored;
    try {
      tokens = await refresh(stored.refreshToken);
    } catch (error) {
      if (!(error instanceof oauth.ResponseBodyError) || error.error !== 'invalid_grant') throw this.failure(error, signal, 'renew your sign-in');
      // Another process (the app and a CLI) may have rotated the token a moment ago: use its new one.
      const again = this.stored();
      // Another sign-in in its place is not a rotation: never switch to it (the caller checked this one).
      if (again && signInKey(again) !== signInKey(stored)) throw signInChanged();
      if (again && again.refreshToken !== stored.refreshToken) {
        try {
          tokens = await refresh(again.refreshToken);
          used = again;
        } catch (retryError) {
          if (!(retryError instanceof oauth.ResponseBodyError) || retryError.error !== 'invalid_grant') throw this.failure(retryError, signal, 'renew your sign-in');
          this.forget();
          throw signedOut('the platform no longer accepts it: it expired or was revoked');
        }
      } else {
        this.forget();
        throw signedOut('the platform no longer accepts it: it expired or was revoked');
      }
    }
    // A rotated refresh token goes back only into its own sign-in's record (another process may have
    // signed in over it meanwhile: that record is left as it is).
    const current = this.stored();
    if (tokens.refresh_token && current && signInKey(current) === signInKey(used)) this.vault.set(this.account, JSON.stringify({ ...current, refreshToken: tokens.refresh_token }));
    this.keepAccess(tokens, used.issuer, signInKey(used));
    return { token: tokens.access_token, issuer: used.issuer, signIn: signInKey(used) };
  }

  /**
   * Just before a request leaves: the token is sent to its issuer, and only while the platform URL
   * still names it (the URL may have changed while the token was being refreshed).
   */
  requestBase(bearer: Bearer): URL {
    this.sameIssuer(this.baseUrl(), bearer.issuer);
    return new URL(bearer.issuer);
  }

  /**
   * Tokens go only to the platform that issued them: after the platform URL changed (a profile, a
   * setting), nothing is sent to the new one — neither the access token nor the refresh token.
   */
  private sameIssuer(base: URL, issuer: string): void {
    const here = base.href.replace(/\/+$/, '');
    if (here === issuer.replace(/\/+$/, '')) return;
    this.access = undefined;
    throw new AppError('precondition_failed', `You are signed in to ${issuer}, but the platform URL is now ${here}: nothing was sent to it.`, 'Sign out, then sign in to the platform you mean (Settings → Platform sign-in; CLI: platform logout, then platform login).', {
      details: { signedInTo: issuer, platformUrl: here },
    });
  }

  /**
   * Sign out: revoke the refresh token (RFC 7009) where the platform offers it, then forget both
   * tokens whatever the answer. Says whether the platform confirmed the revocation.
   */
  /**
   * Set by the app: whether a send is under way. The sign-in is not changed under one (a swap between
   * the send's recipient check and its requests would hand the bundle to whoever signed in).
   */
  sendsUnderWay: () => boolean = () => false;

  private holdWhileSending(what: string): void {
    if (this.sendsUnderWay()) {
      throw new AppError('conflict', `A send to the platform is under way, so the sign-in cannot ${what} now.`, 'Wait for it to end (Settings → Platform sign-in and delivery shows the outbox), then try again.', { details: { reason: 'send_under_way' } });
    }
  }

  async signOut(signal: AbortSignal): Promise<{ revoked: boolean; wasSignedIn: boolean }> {
    this.holdWhileSending('end');
    const stored = this.stored();
    if (!stored) {
      this.forget();
      return { revoked: false, wasSignedIn: false };
    }
    let revoked = false;
    try {
      // Revoked only at the platform that issued it; signed out on this laptop whatever the URL is now.
      this.sameIssuer(this.baseUrl(), stored.issuer);
      const as = await this.metadata(signal);
      if (as.revocation_endpoint) {
        const response = await oauth.revocationRequest(as, client, oauth.None(), stored.refreshToken, { additionalParameters: { token_type_hint: 'refresh_token' }, ...requestOptions(this.baseUrl(), signal, this.timeoutMs()) });
        await oauth.processRevocationResponse(response);
        revoked = true;
      }
    } catch {
      // Forgotten on this laptop all the same; the answer says the platform did not confirm.
    } finally {
      this.forget();
    }
    return { revoked, wasSignedIn: true };
  }

  /** Forget both tokens on this laptop (a refused refresh, a sign-out). */
  forget(): void {
    this.access = undefined;
    if (this.vault.get(this.account) !== undefined) this.vault.delete(this.account);
  }

  private failure(error: unknown, signal: AbortSignal, what: string): AppError {
    if (error instanceof AppError) return error;
    if (signal.aborted) return new AppError('cancelled', `Stopped before the platform answered (trying to ${what}).`, 'Run it again when you are ready.');
    if (error instanceof oauth.ResponseBodyError) {
      return new AppError('cloud_error', `The platform refused to ${what}: ${error.error}${error.error_description ? ` (${error.error_description.slice(0, 300)})` : ''}.`, 'Check ALPHASWARM_ADMIN_PLATFORM_URL, or tell the platform team what it said.');
    }
    if (error instanceof oauth.OperationProcessingError || error instanceof oauth.UnsupportedOperationError) {
      return new AppError('cloud_error', `The platform’s answer could not be used to ${what}: ${error.message}.`, 'Check that ALPHASWARM_ADMIN_PLATFORM_URL is your platform (its metadata must name itself as issuer).');
    }
    return unreachable(error, this.baseUrl(), what);
  }
}

function expired(): AppError {
  return new AppError('cloud_denied', 'The sign-in code expired before it was approved.', 'Start again: sign in and approve the new code within its time.');
}
