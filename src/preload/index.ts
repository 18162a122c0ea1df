/**
 * The sandboxed preload: gives the renderer window.arnika.invoke and nothing else. It never hands
 * ipcRenderer itself across the context bridge, so the page cannot pick its own channel.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge.js';

const bridge = createBridge(
  (channel, ...args) => ipcRenderer.invoke(channel, ...args),
  (channel, listener) => {
    const forward = (_event: unknown, payload: unknown) => listener(payload);
    ipcRenderer.on(channel, forward);
    return () => {
      ipcRenderer.removeListener(channel, forward);
    };
  },
);

contextBridge.exposeInMainWorld('arnika', {
  invoke: (method: string, input?: unknown) => bridge.invoke(method, input),
  onEvent: (listener: (event: unknown) => void) => bridge.onEvent(listener),
  upload: (fileName: string, bytes: ArrayBuffer) => bridge.upload(fileName, bytes),
});
