import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import { parseJson, request } from '../http.js';

/**
 * MSAL's network client, with an optional authority-host override: MSAL keeps its real authority
 * (and so its built-in cloud metadata) while requests go to the configured host — a proxy, a
 * sovereign-cloud mirror, or a test server. Every call has a hard timeout.
 */
export function msalNetworkClient(realAuthorityHost: string, override: string | undefined, timeoutMs: number, signal?: AbortSignal): INetworkModule {
  const route = (url: string) => (override && url.startsWith(realAuthorityHost) ? `${override.replace(/\/$/, '')}${url.slice(realAuthorityHost.length)}` : url);
  const send = async <T>(method: 'GET' | 'POST', url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> => {
    const res = await request(route(url), {
      method,
      headers: options?.headers,
      body: options?.body,
      timeoutMs,
      service: 'Microsoft Entra ID',
      endpointSetting: 'ALPHASWARM_ADMIN_AZURE_AUTHORITY_HOST',
      signal,
    });
    return { status: res.status, headers: res.headers, body: (parseJson(res.text) ?? {}) as T };
  };
  return {
    sendGetRequestAsync: (url, options) => send('GET', url, options),
    sendPostRequestAsync: (url, options) => send('POST', url, options),
  };
}
