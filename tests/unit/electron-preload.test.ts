// The preload's bridge (window.arnika.invoke) with the IPC call injected: only contract methods
// reach main, everything resolves to an envelope, nothing rejects into the renderer.
import { describe, expect, it, vi } from 'vitest';
import { ipcChannel as mainChannel } from '../../src/main/electron/policy.js';
import { createBridge, ipcChannel, type IpcInvoke } from '../../src/preload/bridge.js';
import { methodNames } from '../../src/shared/contract/index.js';

describe('createBridge', () => {
  it('uses the channel main listens on', () => {
    expect(ipcChannel).toBe('arnika:invoke');
    expect(mainChannel).toBe(ipcChannel);
  });

  it('forwards every contract method, with its input, and returns main’s envelope as is', async () => {
    const ipc = vi.fn<IpcInvoke>(async (_channel, method) => ({ ok: true, data: { echoed: method } }));
    const bridge = createBridge(ipc);
    for (const method of methodNames) {
      await expect(bridge.invoke(method, { a: 1 })).resolves.toEqual({ ok: true, data: { echoed: method } });
    }
    expect(ipc).toHaveBeenCalledTimes(methodNames.length);
    expect(ipc).toHaveBeenCalledWith('arnika:invoke', 'patients.list', { a: 1 });
    await bridge.invoke('app.info');
    expect(ipc).toHaveBeenLastCalledWith('arnika:invoke', 'app.info', {});
  });

  it('answers unknown names itself: they never reach IPC', async () => {
    const ipc = vi.fn<IpcInvoke>(async () => ({ ok: true, data: null }));
    const bridge = createBridge(ipc);
    const names: unknown[] = ['patients.drop', 'constructor', '__proto__', 'hasOwnProperty', '', 'APP.INFO', ' app.info', 1, null, undefined, {}];
    for (const name of names) {
      await expect(bridge.invoke(name as string, {})).resolves.toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    }
    expect(ipc).not.toHaveBeenCalled();
  });

  it('turns a failed IPC call into an envelope instead of a rejection', async () => {
    const bridge = createBridge(async () => {
      throw new Error('An object could not be cloned.');
    });
    await expect(bridge.invoke('app.info', { f: () => 1 })).resolves.toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});
