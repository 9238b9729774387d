import type { AlphaswarmApi, IpcResult } from '../../../shared/ipc/index.js';

type Domain = keyof AlphaswarmApi;
type Method<D extends Domain> = keyof AlphaswarmApi[D] & string;
type Handler<D extends Domain, M extends Method<D>> = AlphaswarmApi[D][M];

/**
 * `window.alphaswarm` as the preload exposes it, answered by each test: one function per channel,
 * grouped by domain. A channel a test did not answer fails the way a real refusal does (an
 * explained error), and every call is recorded so a test can say what reached main.
 */
const answers = new Map<string, (input: unknown) => Promise<IpcResult<unknown>>>();
export const calls: { channel: string; input: unknown }[] = [];

export function answer<D extends Domain, M extends Method<D>>(domain: D, method: M, handler: Handler<D, M>): void {
  answers.set(`${domain}:${method}`, handler as (input: unknown) => Promise<IpcResult<unknown>>);
}

export function resetApi(): void {
  answers.clear();
  calls.length = 0;
}

export function callsTo(domain: Domain, method: string): unknown[] {
  return calls.filter((c) => c.channel === `${domain}:${method}`).map((c) => c.input);
}

const domainProxy = (domain: string) =>
  new Proxy(
    {},
    {
      get: (_target, method) => {
        if (typeof method !== 'string') return undefined;
        return (input: unknown) => {
          const channel = `${domain}:${method}`;
          calls.push({ channel, input });
          const handler = answers.get(channel);
          if (!handler) return Promise.resolve({ ok: false, error: { code: 'internal', message: `The test did not answer ${channel}.`, hint: 'Answer it with answer().' } });
          return handler(input);
        };
      },
    },
  );

export const fakeApi = new Proxy({}, { get: (_target, domain) => (typeof domain === 'string' ? domainProxy(domain) : undefined) }) as AlphaswarmApi;
