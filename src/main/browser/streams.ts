/**
 * Browser mode's routes besides `POST /api/<method>`, for what does not fit a JSON call:
 *
 * - `GET /api/events`: Server-Sent Events, one `data:` line of JSON per ServerEvent (job progress,
 *   data changed). The renderer reads it with fetch (EventSource cannot send the bearer token).
 *   A comment line every 15 s keeps the connection from looking idle.
 * - `GET /api/downloads/<id>`: a file main prepared (FileStore), as an attachment.
 * - `POST /api/uploads`: a file the user chose, as the raw body; its name in `X-File-Name`
 *   (percent-encoded). Answers `{ok, data: UploadRef}`.
 *
 * The caller (server.ts) has already checked host, origin and token.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServerEvent } from '../../shared/contract/jobs.js';
import { AppError } from '../../shared/errors.js';
import type { EventBus } from '../platform/events.js';
import type { FileStore } from '../platform/files.js';

export interface StreamDeps {
  events: EventBus;
  files: FileStore;
  /** Largest upload accepted (bytes). */
  maxUploadBytes: number;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function errorBody(err: unknown) {
  return err instanceof AppError
    ? { ok: false, error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } }
    : { ok: false, error: { code: 'internal', message: 'Internal error' } };
}

/** Which of these routes a request is for, or null for a method call. Ids are UUIDs (anything else: not found). */
export function streamRoute(method: string, pathname: string): { route: 'events' } | { route: 'download'; id: string } | { route: 'upload' } | null {
  if (method === 'GET' && pathname === '/api/events') return { route: 'events' };
  if (method === 'POST' && pathname === '/api/uploads') return { route: 'upload' };
  const m = /^\/api\/downloads\/([0-9a-f-]{36})$/.exec(pathname);
  if (method === 'GET' && m) return { route: 'download', id: m[1]! };
  return null;
}

export function serveEvents(req: IncomingMessage, res: ServerResponse, events: EventBus, keepAliveMs = 15_000): void {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
    // No proxy sits in between, but say it anyway: never buffer this.
    'X-Accel-Buffering': 'no',
  });
  res.write(': connected\n\n');
  const send = (event: ServerEvent) => {
    res.write(`data: ${JSON.stringify(event)}\n\n`);
  };
  const unsubscribe = events.subscribe(send);
  const timer = setInterval(() => res.write(': keep-alive\n\n'), keepAliveMs);
  timer.unref();
  const stop = () => {
    clearInterval(timer);
    unsubscribe();
  };
  req.on('close', stop);
  res.on('close', stop);
}

/** RFC 6266 with an ASCII fallback, so umlauts in "Rechnungen-März.zip" arrive intact. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export async function serveDownload(id: string, res: ServerResponse, files: FileStore): Promise<void> {
  let file;
  try {
    file = await files.download(id);
  } catch (err) {
    json(res, 404, errorBody(err));
    return;
  }
  res.writeHead(200, {
    'Content-Type': file.mime,
    'Content-Length': file.size,
    'Content-Disposition': contentDisposition(file.fileName),
  });
  file.stream.pipe(res);
}

export async function receiveUpload(req: IncomingMessage, res: ServerResponse, deps: StreamDeps): Promise<void> {
  let name = 'Datei';
  try {
    name = decodeURIComponent(String(req.headers['x-file-name'] ?? 'Datei'));
  } catch {
    // A name we cannot decode is no reason to refuse the file.
  }
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > deps.maxUploadBytes) {
    req.resume();
    json(res, 413, errorBody(new AppError('files.too_large', 'The file is too large', { limit: deps.maxUploadBytes })));
    return;
  }
  try {
    const ref = await deps.files.receiveUpload(name, req, deps.maxUploadBytes);
    json(res, 200, { ok: true, data: ref });
  } catch (err) {
    req.resume();
    json(res, err instanceof AppError && err.code === 'files.too_large' ? 413 : 400, errorBody(err));
  }
}
