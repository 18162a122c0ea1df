/**
 * Files through the host: uploads and downloads live privately in the data folder's tmp/ and go
 * away at start and close; browser mode streams them over HTTP, and pushes events as SSE.
 */
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerEvent } from '../../src/shared/contract/jobs.js';
import { contentDisposition, receiveUpload, serveDownload, serveEvents } from '../../src/main/browser/streams.js';
import { EventBus } from '../../src/main/platform/events.js';
import { FileStore, safeFileName } from '../../src/main/platform/files.js';
import { tempDir } from '../helpers/tempDir.js';

const clock = { now: () => new Date() };

describe('FileStore', () => {
  it('keeps downloads private in tmp/, and clears what a previous run left', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'tmp'));
    writeFileSync(join(dir, 'tmp', 'left-over'), 'x');
    const files = new FileStore(dir, clock);
    expect(existsSync(join(dir, 'tmp', 'left-over'))).toBe(false);
    const ref = await files.putDownload('Rechnungen März.zip', 'application/zip', Buffer.from('PK-bytes'));
    expect(ref).toMatchObject({ fileName: 'Rechnungen März.zip', mime: 'application/zip', size: 8 });
    const path = join(dir, 'tmp', ref.downloadId);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'tmp')).mode & 0o777).toBe(0o700);
    const target = join(tempDir(), 'saved.zip');
    await files.saveDownloadTo(ref.downloadId, target);
    expect(statSync(target).size).toBe(8);
    files.close();
    expect(existsSync(join(dir, 'tmp'))).toBe(false);
  });

  it('a failed writer leaves nothing behind and no download to fetch', async () => {
    const dir = tempDir();
    const files = new FileStore(dir, clock);
    await expect(files.writeDownload('x.zip', 'application/zip', async () => {
      throw new Error('disk gone');
    })).rejects.toThrow('disk gone');
    expect(readdirSync(join(dir, 'tmp'))).toEqual([]);
  });

  it('refuses an upload above the limit and keeps no part of it', async () => {
    const dir = tempDir();
    const files = new FileStore(dir, clock);
    await expect(files.receiveUpload('big.xml', Readable.from([Buffer.alloc(600), Buffer.alloc(600)]), 1000)).rejects.toMatchObject({ code: 'files.too_large' });
    expect(readdirSync(join(dir, 'tmp'))).toEqual([]);
  });

  it('expires entries after their time, and unknown ids answer with their own code', async () => {
    let now = Date.parse('2026-12-01T10:00:00Z');
    const files = new FileStore(tempDir(), { now: () => new Date(now) }, 1000);
    const up = await files.receiveUpload('camt.xml', Readable.from([Buffer.from('<Document/>')]), 1000);
    const opened = await files.openUpload(up.uploadId);
    expect(opened.size).toBe(11);
    opened.stream.destroy();
    now += 5000;
    await expect(files.openUpload(up.uploadId)).rejects.toMatchObject({ code: 'files.upload_missing' });
    await expect(files.download(up.uploadId)).rejects.toMatchObject({ code: 'files.download_missing' });
  });

  it('file names keep umlauts but lose path separators and control characters', () => {
    expect(safeFileName('../../etc/passwd')).toBe('_.._etc_passwd');
    expect(safeFileName('Rechnung\u0000 Müller.pdf')).toBe('Rechnung Müller.pdf');
    expect(safeFileName('   ')).toBe('Datei');
    expect(contentDisposition('Rechnungen März.zip')).toBe(`attachment; filename="Rechnungen M_rz.zip"; filename*=UTF-8''Rechnungen%20M%C3%A4rz.zip`);
  });
});

describe('browser streams over real HTTP', () => {
  let server: Server | null = null;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
    server = null;
  });

  async function serve(files: FileStore, events: EventBus): Promise<string> {
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname === '/api/events') return serveEvents(req, res, events);
      if (url.pathname.startsWith('/api/downloads/')) return void serveDownload(url.pathname.slice('/api/downloads/'.length), res, files);
      if (url.pathname === '/api/uploads') return void receiveUpload(req, res, { events, files, maxUploadBytes: 1000 });
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
  }

  it('uploads a file, downloads one with its name, and refuses one that is too large with 413', async () => {
    const events = new EventBus();
    const files = new FileStore(tempDir(), clock);
    const base = await serve(files, events);
    const up = await fetch(`${base}/api/uploads`, { method: 'POST', body: '<Document>ä</Document>', headers: { 'X-File-Name': encodeURIComponent('Zahlungen März.xml') } });
    const body = (await up.json()) as { ok: boolean; data: { uploadId: string; fileName: string; size: number } };
    expect(body).toMatchObject({ ok: true, data: { fileName: 'Zahlungen März.xml', size: 23 } });
    const chunks: Buffer[] = [];
    for await (const c of (await files.openUpload(body.data.uploadId)).stream) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).toString('utf8')).toBe('<Document>ä</Document>');

    const big = await fetch(`${base}/api/uploads`, { method: 'POST', body: Buffer.alloc(5000) });
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: { code: string } }).error.code).toBe('files.too_large');

    const ref = await files.putDownload('Rechnung-2026-00001.pdf', 'application/pdf', Buffer.from('%PDF-1.7'));
    const down = await fetch(`${base}/api/downloads/${ref.downloadId}`);
    expect(down.headers.get('content-disposition')).toContain('Rechnung-2026-00001.pdf');
    expect(down.headers.get('content-type')).toBe('application/pdf');
    expect(await down.text()).toBe('%PDF-1.7');
    expect((await fetch(`${base}/api/downloads/${body.data.uploadId}`)).status).toBe(404);
  });

  it('pushes events as Server-Sent Events, and unsubscribes when the client goes away', async () => {
    const events = new EventBus();
    const base = await serve(new FileStore(tempDir(), clock), events);
    const controller = new AbortController();
    const res = await fetch(`${base}/api/events`, { signal: controller.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const nextEvent = async (): Promise<ServerEvent> => {
      for (;;) {
        const m = /data: (.*)\n\n/.exec(text);
        if (m) {
          text = text.slice(m.index + m[0].length);
          return JSON.parse(m[1]!) as ServerEvent;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        text += decoder.decode(value, { stream: true });
      }
    };
    // The subscription exists once the first comment line arrived.
    while (!text.includes(': connected')) text += decoder.decode((await reader.read()).value, { stream: true });
    events.emit({ type: 'changed', methods: ['invoices.list'] });
    expect(await nextEvent()).toEqual({ type: 'changed', methods: ['invoices.list'] });
    expect(events.listenerCount).toBe(1);
    controller.abort();
    await expect.poll(() => events.listenerCount).toBe(0);
  });
});
