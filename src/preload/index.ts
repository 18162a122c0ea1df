/**
 * The sandboxed preload: gives the renderer window.arnika.invoke and nothing else. It never hands
 * ipcRenderer itself across the context bridge, so the page cannot pick its own channel.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge.js';

const bridge = createBridge((channel, method, input) => ipcRenderer.invoke(channel, method, input));

contextBridge.exposeInMainWorld('arnika', {
  invoke: (method: string, input?: unknown) => bridge.invoke(method, input),
});
