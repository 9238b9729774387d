import { join } from 'node:path';
import type { BrowserWindow, Dialog, IpcMain, IpcMainInvokeEvent } from 'electron';
import type { ConfirmChange } from '../settings/change-prompt.js';
import { ALL_CHANNELS } from '../../shared/ipc/index.js';
import type { CallerContext, IpcRouter } from '../ipc/router.js';
import { isAppUrl } from './app-origin.js';

/**
 * Decide who is calling from the event alone: one of the app's own windows, its top frame, on
 * the app:// origin. Anything else is refused (and audited by the router).
 */
export function callerFromEvent(
  event: IpcMainInvokeEvent,
  isOwnWindow: (webContentsId: number) => boolean,
  actor: string,
  windowOwned?: (event: IpcMainInvokeEvent) => WindowOwned,
): CallerContext {
  const frame = event.senderFrame;
  if (!isOwnWindow(event.sender.id)) return { actor, trusted: false, rejection: 'sender is not an app window' };
  if (!frame) return { actor, trusted: false, rejection: 'sender frame is gone' };
  if (frame.parent !== null) return { actor, trusted: false, rejection: `sub-frame ${frame.url}` };
  if (!isAppUrl(frame.url)) return { actor, trusted: false, rejection: `foreign origin ${frame.url}` };
  return { actor, trusted: true, window: true, ...windowOwned?.(event) };
}

/** What main does through the OS for a trusted window: dialogs the page can neither write nor cover. */
export type WindowOwned = Pick<CallerContext, 'confirmChange' | 'saveFileAs'>;

/** Main's own dialogs over the window that asked: the confirmation of a protected change, and "Save as". */
export function windowOwned(dialog: Pick<Dialog, 'showMessageBox' | 'showSaveDialog'>, parentOf: (event: IpcMainInvokeEvent) => BrowserWindow | null, defaultDir: () => string): (event: IpcMainInvokeEvent) => WindowOwned {
  const confirm = nativeConfirm(dialog, parentOf);
  return (event) => ({
    confirmChange: confirm(event),
    saveFileAs: async (suggestedName) => {
      const options = { title: 'Save the signed bundle', defaultPath: join(defaultDir(), suggestedName), properties: ['createDirectory' as const, 'showOverwriteConfirmation' as const] };
      const parent = parentOf(event);
      const answer = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
      return answer.canceled || !answer.filePath ? undefined : answer.filePath;
    },
  });
}

/**
 * A native message box over the sending window: drawn by the OS from main's own text, so the page
 * can neither write nor cover it. Cancel is the default and the answer to Escape.
 */
export function nativeConfirm(dialog: Pick<Dialog, 'showMessageBox'>, parentOf: (event: IpcMainInvokeEvent) => BrowserWindow | null): (event: IpcMainInvokeEvent) => ConfirmChange {
  return (event) => async (prompt) => {
    const options = { type: 'warning' as const, title: prompt.title, message: prompt.message, detail: prompt.detail, buttons: ['Cancel', 'Change it'], defaultId: 0, cancelId: 0, noLink: true };
    const parent = parentOf(event);
    const answer = parent ? await dialog.showMessageBox(parent, options) : await dialog.showMessageBox(options);
    return answer.response === 1;
  };
}

/**
 * One `ipcMain.handle` per contract channel; each goes through the router's single choke point.
 * A window that closes mid-call aborts that call's cloud requests: nobody is left to see the answer.
 */
export function registerIpc(
  ipcMain: IpcMain,
  router: IpcRouter,
  isOwnWindow: (id: number) => boolean,
  actor: string,
  owned?: (event: IpcMainInvokeEvent) => WindowOwned,
): void {
  for (const contract of ALL_CHANNELS) {
    ipcMain.handle(contract.channel, async (event, payload: unknown) => {
      const gone = new AbortController();
      const abort = () => gone.abort();
      event.sender.once('destroyed', abort);
      try {
        return await router.invoke(contract.channel, payload, { ...callerFromEvent(event, isOwnWindow, actor, owned), signal: gone.signal });
      } finally {
        event.sender.removeListener('destroyed', abort);
      }
    });
  }
}
