import { describeValue } from '../../../shared/domain/describe.js';
import { loadedCloudflare } from './sdk.js';
import { AppError } from '../../../shared/domain/errors.js';

/** Cloudflare SDK failures, as the user should read them. The token never appears in any of them. */
export function cloudflareFailure(error: unknown, what: string): AppError {
  const Cloudflare = loadedCloudflare();
  if (!Cloudflare) return new AppError('cloud_error', `The Cloudflare API could not be used ${what}.`, 'Retry; if it persists, reinstall the app.', { cause: error });
  if (error instanceof AppError) return error;
  if (error instanceof Cloudflare.APIConnectionTimeoutError) {
    return new AppError('cloud_unreachable', 'The Cloudflare API did not answer in time.', "Check the laptop's network or proxy, and ALPHASWARM_ADMIN_CLOUDFLARE_API_BASE if it is set; then retry.");
  }
  if (error instanceof Cloudflare.APIConnectionError) {
    return new AppError('cloud_unreachable', 'The Cloudflare API could not be reached.', "Check the laptop's network or proxy, and ALPHASWARM_ADMIN_CLOUDFLARE_API_BASE if it is set; then retry.");
  }
  if (error instanceof Cloudflare.APIError && isUnrecognisedToken(error)) {
    return new AppError(
      'cloud_denied',
      'Cloudflare does not recognise this token: it was mistyped, deleted, or rolled (rolling gives the token a new value).',
      'Copy the current value from the Cloudflare dashboard, or create a new token with the link from step 2, and paste it again.',
      { details: { ...answer(error), tokenRefused: 'true' } },
    );
  }
  if (error instanceof Cloudflare.PermissionDeniedError) {
    return new AppError('cloud_denied', `Cloudflare refused ${what}: ${codes(error)}`, 'Check the account id and that the token was created for it.', { details: answer(error) });
  }
  if (error instanceof Cloudflare.NotFoundError) {
    return new AppError('cloud_denied', `Cloudflare found nothing for ${what}: ${codes(error)}`, 'Check the account id (dashboard → account home → Account ID).', { field: 'accountId', details: answer(error) });
  }
  if (error instanceof Cloudflare.APIError) {
    const status: number = typeof error.status === 'number' ? error.status : 0;
    if (status >= 500) return new AppError('cloud_error', `The Cloudflare API had an internal error (HTTP ${status}).`, "This is on Cloudflare's side: retry in a minute.", { details: answer(error) });
    return new AppError('cloud_error', `Cloudflare refused ${what} (HTTP ${status}): ${codes(error)}`, 'Check the values above and retry.', { details: answer(error) });
  }
  return new AppError('cloud_error', `The Cloudflare API answered with something unexpected for ${what}.`, 'Check ALPHASWARM_ADMIN_CLOUDFLARE_API_BASE (or your proxy) points at api.cloudflare.com/client/v4; then retry.', {
    cause: error,
  });
}

/**
 * Cloudflare's codes for a credential it does not know at all (as opposed to one that may not do
 * something): 1000 "Invalid API Token", 9109 "Invalid access token". The HTTP status 401 says the
 * same (the SDK's AuthenticationError). Decided by these, never by the message's words.
 */
const UNRECOGNISED_TOKEN_CODES: ReadonlySet<number> = new Set([1000, 9109]);

function errorCodes(error: { errors?: unknown }): number[] {
  const errs = Array.isArray(error.errors) ? error.errors : [];
  return errs.flatMap((e: unknown) => (typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'number' ? [e.code] : []));
}

function isUnrecognisedToken(error: { status?: unknown; errors?: unknown }): boolean {
  return error.status === 401 || errorCodes(error).some((c) => UNRECOGNISED_TOKEN_CODES.has(c));
}

/** What Cloudflare answered, as facts on the error: the HTTP status and the envelope's codes. */
function answer(error: { status?: unknown; errors?: unknown }): Record<string, string | string[]> {
  return { httpStatus: typeof error.status === 'number' ? String(error.status) : 'none', cloudflareCodes: errorCodes(error).map(String) };
}

/** Whether a mapped failure is Cloudflare saying it does not know the token (rolled, revoked, mistyped). */
export function tokenRefused(error: unknown): boolean {
  return error instanceof AppError && error.details?.tokenRefused === 'true';
}

/** Cloudflare's own error codes and messages from the response envelope, or the HTTP status. */
function codes(error: { errors?: unknown; status?: unknown }): string {
  const errs = Array.isArray(error.errors) ? error.errors.filter((e): e is { code?: unknown; message?: unknown } => typeof e === 'object' && e !== null) : [];
  return errs.length ? errs.map((e) => `${describeValue(e.code ?? '')} ${describeValue(e.message ?? '')}`.trim()).join('; ') : `HTTP ${describeValue(error.status)}`;
}

export function isDenied(error: unknown): boolean {
  const Cloudflare = loadedCloudflare();
  return Cloudflare !== undefined && (error instanceof Cloudflare.PermissionDeniedError || error instanceof Cloudflare.AuthenticationError);
}
