import { contextBridge, ipcRenderer } from 'electron';
import { CHANNEL_NAMES } from '../shared/ipc/channel-names.js';

/**
 * `window.alphaswarm`: one named function per contract channel, grouped by domain — nothing else.
 * No ipcRenderer, no generic invoke, no openExternal reaches the page. Each function passes one
 * argument on its fixed channel; main validates it.
 */
const api: Record<string, Record<string, (input: unknown) => Promise<unknown>>> = {};
for (const channel of CHANNEL_NAMES) {
  const [domain, method] = channel.split(':') as [string, string];
  const group = (api[domain] ??= {});
  group[method] = (input: unknown) => ipcRenderer.invoke(channel, input);
}
for (const group of Object.values(api)) Object.freeze(group);
contextBridge.exposeInMainWorld('alphaswarm', Object.freeze(api));
