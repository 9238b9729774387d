import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { ALL_CHANNELS } from '../../shared/ipc/index.js';
import type { CallerContext, IpcRouter } from '../ipc/router.js';
import { isAppUrl } from './app-origin.js';

/**
 * Decide who is calling from the event alone: one of the app's own windows, its top frame, on
 * the app:// origin. Anything else is refused (and audited by the router).
 */
export function callerFromEvent(event: IpcMainInvokeEvent, isOwnWindow: (webContentsId: number) => boolean, actor: string): CallerContext {
  const frame = event.senderFrame;
  if (!isOwnWindow(event.sender.id)) return { actor, trusted: false, rejection: 'sender is not an app window' };
  if (!frame) return { actor, trusted: false, rejection: 'sender frame is gone' };
  if (frame.parent !== null) return { actor, trusted: false, rejection: `sub-frame ${frame.url}` };
  if (!isAppUrl(frame.url)) return { actor, trusted: false, rejection: `foreign origin ${frame.url}` };
  return { actor, trusted: true };
}

/**
 * One `ipcMain.handle` per contract channel; each goes through the router's single choke point.
 * A window that closes mid-call aborts that call's cloud requests: nobody is left to see the answer.
 */
export function registerIpc(ipcMain: IpcMain, router: IpcRouter, isOwnWindow: (id: number) => boolean, actor: string): void {
  for (const contract of ALL_CHANNELS) {
    ipcMain.handle(contract.channel, async (event, payload: unknown) => {
      const gone = new AbortController();
      const abort = () => gone.abort();
      event.sender.once('destroyed', abort);
      try {
        return await router.invoke(contract.channel, payload, { ...callerFromEvent(event, isOwnWindow, actor), signal: gone.signal });
      } finally {
        event.sender.removeListener('destroyed', abort);
      }
    });
  }
}
