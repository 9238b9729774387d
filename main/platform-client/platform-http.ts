import * as oauth from 'oauth4webapi';
import { AppError } from '../../shared/domain/errors.js';

/** Waits `ms`, or rejects when `signal` aborts. The app uses timers; tests move their clock instead. */
export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

export const systemSleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });

/**
 * The options every platform request takes: the caller's signal and a deadline, and plain http
 * only for a loopback base URL (the setting already refused it outside test mode).
 */
export function requestOptions(base: URL, signal: AbortSignal, timeoutMs: number): { signal: AbortSignal; [oauth.allowInsecureRequests]?: boolean } {
  const deadline = AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]);
  return base.protocol === 'http:' ? { signal: deadline, [oauth.allowInsecureRequests]: true } : { signal: deadline };
}

/** The network failure behind a fetch error, in words: DNS, refused, reset, TLS, timeout. */
export function networkReason(error: unknown): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string; name?: string } };
  if (e?.name === 'TimeoutError' || e?.cause?.name === 'TimeoutError') return 'no answer in time';
  const code = e?.cause?.code ?? '';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'its name does not resolve (offline, or DNS)';
  if (code === 'ECONNREFUSED') return 'nothing answers there (offline, or the platform is down)';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') return 'the connection was dropped';
  if (/certificate|TLS|SSL/i.test(`${code} ${e?.cause?.message ?? ''}`)) return 'its TLS certificate is not trusted';
  return (e?.cause?.message ?? e?.message ?? 'network error').slice(0, 200);
}

export function unreachable(error: unknown, base: URL, what: string): AppError {
  return new AppError('cloud_unreachable', `The platform at ${base.origin} could not be reached to ${what}: ${networkReason(error)}.`, 'Check the network (or ALPHASWARM_ADMIN_PLATFORM_URL), then try again.');
}

/**
 * Retry-After (RFC 9110 §10.2.3): delay-seconds or an HTTP date, as milliseconds from `nowMs`.
 * Anything else is ignored (undefined); a date in the past is 0.
 */
export function retryAfterMs(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined;
  const v = value.trim();
  if (/^\d{1,9}$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  if (Number.isNaN(at) || !/GMT$/.test(v)) return undefined;
  return Math.max(0, at - nowMs);
}
