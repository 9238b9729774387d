import * as oauth from 'oauth4webapi';
import { AppError } from '../../shared/domain/errors.js';
import type { DevicePublicJwk } from '../bundles/device-key.js';
import type { Clock } from '../platform/clock.js';
import type { Settings } from '../settings.js';
import { type Bearer, type PlatformAuth, signInChanged } from './platform-auth.js';
import { networkReason, requestOptions, retryAfterMs, unreachable } from './platform-http.js';

/** The largest answer read from the platform (a receipt for a very large bundle fits). */
const MAX_ANSWER_BYTES = 8 * 1024 * 1024;

/** How a send ended, as docs/platform-api.md §4 sorts the answers. */
export type SendAnswer =
  | { readonly kind: 'receipt'; readonly text: string }
  /** 400, 409, 413 (and a 403 other than device_not_enrolled): permanent, never retried. */
  | { readonly kind: 'refused'; readonly status: number; readonly error: string; readonly message: string }
  | { readonly kind: 'not_enrolled' }
  /** No answer, 5xx, 429, or a sign-in that needs the engineer: kept in the outbox and retried. */
  | { readonly kind: 'retry'; readonly status: number | null; readonly message: string; readonly retryAfterMs?: number; readonly signIn?: boolean; readonly hint?: string };

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

/** Plain text from the platform for a person: no control or format characters, bounded. */
export function plainMessage(value: unknown, max = 2000): string {
  return typeof value === 'string' ? value.replace(/[\p{Cc}\p{Cf}]/gu, ' ').trim().slice(0, max) : '';
}

function errorBody(text: string): { error: string; message: string } {
  try {
    const body = JSON.parse(text) as { error?: unknown; message?: unknown; error_description?: unknown };
    return { error: plainMessage(body.error, 64) || 'error', message: plainMessage(body.message) || plainMessage(body.error_description) };
  } catch {
    return { error: 'error', message: '' };
  }
}

/**
 * The platform's /v1 API with the engineer's bearer token: a 401 refreshes the token and retries
 * once; a second 401 is "sign in again". Requests go through oauth4webapi's resource request.
 */
export class PlatformApi {
  constructor(
    private readonly auth: PlatformAuth,
    private readonly settings: Settings,
    private readonly clock: Clock,
  ) {}

  private async once(bearer: Bearer, method: string, path: string, headers: Record<string, string>, body: string | null, signal: AbortSignal): Promise<Answer> {
    // Built from the token's issuer, checked against the current URL with nothing awaited between.
    const base = this.auth.requestBase(bearer);
    const url = new URL(`${base.href.replace(/\/+$/, '')}${path}`);
    let response: Response;
    try {
      response = await oauth.protectedResourceRequest(bearer.token, method, url, new Headers(headers), body, requestOptions(base, signal, this.settings.int('ALPHASWARM_ADMIN_HTTP_TIMEOUT_MS')));
    } catch (error) {
      // A WWW-Authenticate challenge (401, or 403 insufficient_scope) is an answer, not a failure.
      if (error instanceof oauth.WWWAuthenticateChallengeError) response = error.response;
      else throw error;
    }
    const length = Number(response.headers.get('content-length') ?? '0');
    if (length > MAX_ANSWER_BYTES) throw new AppError('cloud_error', `The platform answered with ${length} bytes, more than this app reads.`, 'Tell the platform team; nothing was marked delivered.');
    const text = response.bodyUsed ? '' : await response.text();
    return { status: response.status, headers: response.headers, text: text.slice(0, MAX_ANSWER_BYTES) };
  }

  /**
   * One request; on 401 a fresh token and one retry (network failures are thrown as they are). `signIn`: the sign-in the caller checked — a
   * token of any other (another process signed in meanwhile) is refused before anything is sent.
   */
  private async request(method: string, path: string, headers: Record<string, string>, body: string | null, signal: AbortSignal, signIn?: string): Promise<Answer> {
    const bearer = async (fresh: boolean) => {
      const b = await this.auth.accessToken(signal, fresh);
      if (signIn !== undefined && b.signIn !== signIn) throw signInChanged();
      return b;
    };
    const first = await this.once(await bearer(false), method, path, headers, body, signal);
    if (first.status !== 401) return first;
    const second = await this.once(await bearer(true), method, path, headers, body, signal);
    if (second.status === 401) {
      throw new AppError('precondition_failed', 'The platform does not accept your sign-in any more.', 'Sign in again: Settings → Platform sign-in and delivery → Sign in (CLI: platform login). Nothing queued is lost.', { details: { reason: 'signed_out' } });
    }
    return second;
  }

  /** PUT /v1/devices/{kid} (§3): idempotent; 201 enrolled now, 200 already enrolled. */
  async enrol(jwk: DevicePublicJwk, signal: AbortSignal, signIn?: string): Promise<{ kid: string; enrolledAt: string; created: boolean }> {
    let a: Answer;
    try {
      a = await this.request('PUT', `/v1/devices/${jwk.kid}`, { 'content-type': 'application/json', accept: 'application/json' }, JSON.stringify(jwk), signal, signIn);
    } catch (error) {
      throw this.failure(error, signal, 'enrol this device');
    }
    if (a.status === 200 || a.status === 201) {
      let enrolledAt = new Date(this.clock.now()).toISOString();
      try {
        const body = JSON.parse(a.text) as { enrolled_at?: unknown };
        if (typeof body.enrolled_at === 'string' && !Number.isNaN(Date.parse(body.enrolled_at))) enrolledAt = new Date(body.enrolled_at).toISOString();
      } catch {
        // The status is what counts; the time is informative.
      }
      return { kid: jwk.kid, enrolledAt, created: a.status === 201 };
    }
    const { error, message } = errorBody(a.text);
    if (a.status === 409) {
      throw new AppError('cloud_denied', `The platform revoked this device key (${error})${message ? `: ${message}` : ''}.`, 'Make a new device key (Settings → Device signing key → Reset local vault; CLI: settings reset-vault), then send again.');
    }
    throw new AppError(a.status >= 500 ? 'cloud_unreachable' : 'cloud_error', `The platform refused to enrol this device (${a.status} ${error})${message ? `: ${message}` : ''}.`, 'Try again; if it repeats, tell the platform team what it said.');
  }

  /** POST /v1/bundles (§4) with the exact bytes and the bundle's jti as the idempotency key. */
  async send(body: string, jti: string, signal: AbortSignal, signIn?: string): Promise<SendAnswer> {
    let a: Answer;
    try {
      a = await this.request('POST', '/v1/bundles', { 'content-type': 'application/jose', 'idempotency-key': jti, accept: 'application/jose, application/json' }, body, signal, signIn);
    } catch (error) {
      if (signal.aborted) throw new AppError('cancelled', 'Stopped before the platform answered; the send stays in the outbox.', 'Flush the outbox when you are ready (CLI: outbox flush).');
      if (error instanceof AppError) {
        // Not signed in (or signed out by a refused refresh): queued until the engineer signs in.
        if (error.details?.reason === 'not_signed_in' || error.details?.reason === 'signed_out') return { kind: 'retry', status: 401, message: error.message, signIn: true };
        if (error.code === 'cloud_unreachable' || error.code === 'cloud_error') return { kind: 'retry', status: null, message: error.message };
        throw error;
      }
      return { kind: 'retry', status: null, message: `The platform could not be reached: ${networkReason(error)}.` };
    }
    if (a.status === 200) return { kind: 'receipt', text: a.text.trim() };
    const { error, message } = errorBody(a.text);
    if (a.status === 403 && error === 'device_not_enrolled') return { kind: 'not_enrolled' };
    // Another engineer is signed in than the one who exported it: it waits for theirs (§4).
    if (a.status === 403 && error === 'engineer_mismatch') {
      return {
        kind: 'retry',
        status: 403,
        message: `Not delivered under this sign-in: ${message || 'the bundle was exported by another engineer'}`,
        hint: 'Sign out, sign in as the engineer who exported it, then flush the outbox. It stays queued; if you did not start this sign-in, something else is driving the app.',
      };
    }
    if (a.status === 400 || a.status === 409 || a.status === 413 || a.status === 403) {
      const fallback = a.status === 413 ? 'The bundle is too large for the platform: send fewer connections at once (one org per push).' : '';
      return { kind: 'refused', status: a.status, error: a.status === 413 && error === 'error' ? 'too_large' : error, message: message || fallback || `The platform answered ${a.status}.` };
    }
    const after = retryAfterMs(a.headers.get('retry-after'), this.clock.now());
    return { kind: 'retry', status: a.status, message: `The platform answered ${a.status}${message ? `: ${message}` : ''}.`, ...(after !== undefined ? { retryAfterMs: after } : {}) };
  }

  /** GET /v1/profile (§6): the engineer's current profile as a compact JWS, or undefined (404 no_profile). */
  async profile(signal: AbortSignal, signIn?: string): Promise<string | undefined> {
    let a: Answer;
    try {
      a = await this.request('GET', '/v1/profile', { accept: 'application/jose' }, null, signal, signIn);
    } catch (error) {
      throw this.failure(error, signal, 'fetch your profile');
    }
    if (a.status === 200) return a.text.trim();
    if (a.status === 404) return undefined;
    const { error, message } = errorBody(a.text);
    throw new AppError(a.status >= 500 ? 'cloud_unreachable' : 'cloud_error', `The platform did not give your profile (${a.status} ${error})${message ? `: ${message}` : ''}.`, 'Try again later; the profile in use stays.');
  }

  private failure(error: unknown, signal: AbortSignal, what: string): AppError {
    if (error instanceof AppError) return error;
    if (signal.aborted) return new AppError('cancelled', `Stopped before the platform answered (trying to ${what}).`, 'Run it again when you are ready.');
    return unreachable(error, this.auth.baseUrl(), what);
  }
}
