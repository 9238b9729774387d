import { contextBridge, ipcRenderer } from 'electron';
import { ALL_CHANNELS } from '../shared/ipc/index.js';

/**
 * `window.alphaswarm`: one named function per contract channel, grouped by domain — nothing else.
 * No ipcRenderer, no generic invoke, no openExternal reaches the page.
 */
const api: Record<string, Record<string, (input: unknown) => Promise<unknown>>> = {};
for (const { domain, method, channel } of ALL_CHANNELS) {
  const group = (api[domain] ??= {});
  group[method] = (input: unknown) => ipcRenderer.invoke(channel, input);
}
for (const group of Object.values(api)) Object.freeze(group);
contextBridge.exposeInMainWorld('alphaswarm', Object.freeze(api));
