/**
 * How files and pushed events reach this window, whichever host it runs in, so that screens never
 * know the difference and never name a filesystem path:
 * - events: the desktop's preload forwards IPC events; browser mode reads Server-Sent Events from
 *   GET api/events (with fetch: EventSource cannot send the bearer token), reconnecting when the
 *   stream drops, and says so, so the cache can catch up on what it missed;
 * - saving a file main prepared: the desktop asks main to show the save dialog; browser mode
 *   downloads it;
 * - handing a file in: browser mode uploads it; the desktop passes its bytes over IPC.
 */
import { ServerEvent, type DownloadRef, type UploadRef } from '../../shared/contract/jobs.js';
import type { Envelope } from '../../shared/errors.js';
import { api, authHeaders } from '../api.js';

export const isDesktop = (): boolean => window.arnika !== undefined;

export interface EventHandlers {
  onEvent(event: ServerEvent): void;
  /** The stream came back after a drop: events may have been missed meanwhile. */
  onReconnect(): void;
}

export function subscribeServerEvents(handlers: EventHandlers): () => void {
  const accept = (raw: unknown) => {
    const parsed = ServerEvent.safeParse(raw);
    if (parsed.success) handlers.onEvent(parsed.data);
  };
  const desktop = window.arnika;
  if (desktop) return desktop.onEvent?.(accept) ?? (() => {});
  return followEventStream(accept, handlers.onReconnect);
}

function followEventStream(accept: (raw: unknown) => void, onReconnect: () => void): () => void {
  let stopped = false;
  let controller: AbortController | null = null;
  let attempt = 0;
  const run = async () => {
    while (!stopped) {
      controller = new AbortController();
      try {
        const res = await fetch('api/events', { headers: authHeaders(), signal: controller.signal });
        if (!res.ok || !res.body) throw new Error(`events: ${res.status}`);
        if (attempt > 0) onReconnect();
        attempt = 0;
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = block.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
            if (data) {
              try {
                accept(JSON.parse(data));
              } catch {
                // A line we cannot read is skipped, never fatal.
              }
            }
          }
        }
      } catch {
        if (stopped) return;
      }
      attempt += 1;
      // Main restarting or the machine waking up: try again soon, then less often.
      await new Promise((r) => setTimeout(r, Math.min(5000, 250 * 2 ** Math.min(attempt, 5))));
    }
  };
  void run();
  return () => {
    stopped = true;
    controller?.abort();
  };
}

/** Saves a file main prepared: the save dialog on the desktop, a download in browser mode. false: the user cancelled. */
export async function saveDownload(download: DownloadRef): Promise<Envelope<{ saved: boolean }>> {
  if (isDesktop()) return api.call('files.save', { downloadId: download.downloadId });
  try {
    const res = await fetch(`api/downloads/${download.downloadId}`, { headers: authHeaders() });
    if (!res.ok) return (await res.json()) as Envelope<never>;
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = download.fileName;
    a.rel = 'noopener';
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 0);
    return { ok: true, data: { saved: true } };
  } catch {
    return { ok: false, error: { code: 'internal', message: 'network', details: { network: true } } };
  }
}

/** Hands a file the user chose (a file input, a drop) to main; the method that reads it takes the upload's id. */
export async function uploadFile(file: File): Promise<Envelope<UploadRef>> {
  const desktop = window.arnika;
  if (desktop?.upload) return (await desktop.upload(file.name, await file.arrayBuffer())) as Envelope<UploadRef>;
  try {
    const res = await fetch('api/uploads', {
      method: 'POST',
      headers: { ...authHeaders(), 'Content-Type': 'application/octet-stream', 'X-File-Name': encodeURIComponent(file.name) },
      body: file,
    });
    return (await res.json()) as Envelope<UploadRef>;
  } catch {
    return { ok: false, error: { code: 'internal', message: 'network', details: { network: true } } };
  }
}
