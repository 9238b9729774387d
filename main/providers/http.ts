import { AppError } from '../../shared/domain/errors.js';
import { networkFailure } from './base.js';

export interface HttpResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly text: string;
}

/**
 * One HTTP request with a hard timeout, for the REST calls that have no SDK of their own (ARM)
 * and for the network client handed to MSAL. Failures to connect become `cloud_unreachable`.
 */
export async function request(
  url: string,
  init: { method: 'GET' | 'POST'; headers?: Record<string, string>; body?: string; timeoutMs: number; service: string; endpointSetting: string; signal?: AbortSignal | undefined },
): Promise<HttpResponse> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: init.method,
      headers: init.headers,
      body: init.body,
      redirect: 'error',
      // The call's own timeout, and the caller's deadline (a health run) when there is one.
      signal: init.signal ? AbortSignal.any([AbortSignal.timeout(init.timeoutMs), init.signal]) : AbortSignal.timeout(init.timeoutMs),
    });
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause ?? error;
    throw (
      networkFailure(cause, init.service, init.endpointSetting) ??
      networkFailure(error, init.service, init.endpointSetting) ??
      new AppError('cloud_unreachable', `${init.service} could not be reached: ${(error as Error).message}.`, `Check the network, and ${init.endpointSetting} if it is set.`)
    );
  }
  let text: string;
  try {
    text = await res.text();
  } catch (error) {
    throw networkFailure(error, init.service, init.endpointSetting) ?? new AppError('cloud_unreachable', `${init.service} broke off its answer.`, 'Retry.');
  }
  const headers: Record<string, string> = {};
  res.headers.forEach((v, k) => (headers[k.toLowerCase()] = v));
  return { status: res.status, headers, text };
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
