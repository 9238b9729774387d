import type { BrowserContext, Frame } from 'playwright-core';
import { ALL_CHANNELS } from '../../shared/ipc/index.js';
import type { CallerContext, IpcRouter } from '../ipc/router.js';
import type { ConfirmChange } from '../settings/change-prompt.js';

const BINDING = '__alphaswarmInvoke';

/** Who is calling through the page binding: only the top frame of the app's own origin is trusted. */
export function callerFromFrame(frame: Frame, origin: string, actor: string, confirmChange?: ConfirmChange): CallerContext {
  if (frame.parentFrame() !== null) return { actor, trusted: false, rejection: `sub-frame ${frame.url()}` };
  let frameOrigin: string;
  try {
    frameOrigin = new URL(frame.url()).origin;
  } catch {
    frameOrigin = 'invalid';
  }
  if (frameOrigin !== origin) return { actor, trusted: false, rejection: `foreign origin ${frame.url()}` };
  return { actor, trusted: true, window: true, ...(confirmChange ? { confirmChange } : {}) };
}

/**
 * The Chromium fallback's preload: the page gets `window.alphaswarm` with one named function per
 * contract channel — the same shape as the Electron preload — routed to the same IPC router.
 */
export async function installBridge(context: BrowserContext, router: IpcRouter, origin: string, actor: string, confirmChange?: ConfirmChange): Promise<void> {
  await context.exposeBinding(BINDING, (source, channel: unknown, payload: unknown) =>
    router.invoke(typeof channel === 'string' ? channel : '', payload, callerFromFrame(source.frame, origin, actor, confirmChange)),
  );
  const channels = ALL_CHANNELS.map((c) => [c.domain, c.method, c.channel] as const);
  // A script as text, not a function: a transpiler (tsx, when `npm start` runs this) may wrap a
  // function's inner functions in helpers that do not exist in the page.
  await context.addInitScript({
    content: `(() => {
      const found = globalThis[${JSON.stringify(BINDING)}];
      if (typeof found !== 'function') throw new Error('The app bridge is missing.');
      const api = {};
      for (const [domain, method, channel] of ${JSON.stringify(channels)}) {
        (api[domain] ??= {})[method] = (input) => Promise.resolve(found(channel, input));
      }
      for (const group of Object.values(api)) Object.freeze(group);
      Object.defineProperty(globalThis, 'alphaswarm', { value: Object.freeze(api), writable: false, configurable: false, enumerable: false });
    })();`,
  });
}
