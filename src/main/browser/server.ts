/**
 * Browser mode's transport: the same dispatcher over HTTP on 127.0.0.1. Serves the built renderer
 * and `POST /api/<method>`. Refuses foreign Host/Origin headers (DNS rebinding, other sites) on
 * every request, and API calls without the bearer token.
 *
 * The renderer's files go out compressed (the build writes a .br and a .gz beside each one; the
 * browser's Accept-Encoding picks) and the ones with a content hash in their name (assets/) are
 * cached for good; index.html and everything of the API are never cached.
 */
import { timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import type { Dispatch } from '../app/dispatcher.js';
import { contentSecurityPolicy } from '../platform/security.js';
import { receiveUpload, serveDownload, serveEvents, streamRoute, type StreamDeps } from './streams.js';
import { consoleLogger, type Logger } from '../platform/log.js';

export interface BrowserServerOptions {
  dispatch: Dispatch;
  token: string;
  port: number;
  /** Folder with the built renderer (index.html); null serves the API only. */
  staticDir: string | null;
  maxBodyBytes?: number;
  /** Where a request that failed unexpectedly is logged (codes and stacks only). */
  log?: Logger;
  /**
   * Pushed events, downloads and uploads (browser/streams.ts): GET /api/events, GET
   * /api/downloads/<id>, POST /api/uploads. Absent: those answer 404.
   */
  streams?: Omit<StreamDeps, 'maxUploadBytes'> & { maxUploadBytes?: number };
}

/**
 * A backup of a large practice's whole archive fits (100,000 invoices with their PDFs are about
 * 3.5 GB); anything bigger is not something a user hands in.
 */
const defaultMaxUploadBytes = 16 * 1024 * 1024 * 1024;

export interface BrowserServer {
  port: number;
  url: string;
  server: Server;
  close(): Promise<void>;
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2', '.ico': 'image/x-icon', '.json': 'application/json',
};

export { contentSecurityPolicy } from '../platform/security.js';

function securityHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', contentSecurityPolicy);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cache-Control', 'no-store');
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** A file the build named after its content (assets/index-B_Zk07vZ.js): it never changes under that name. */
export function isHashedAsset(relativePath: string): boolean {
  return /^[/\\]assets[/\\][^/\\]+-[\w-]{8,}\.(m?js|css|woff2|svg|png)$/.test(relativePath);
}

/** The precompressed variants the client takes, best first: brotli, then gzip (q=0 refuses one). */
export function encodingsAccepted(header: string | string[] | undefined): [string, string][] {
  const accepted = new Set<string>();
  for (const part of (Array.isArray(header) ? header.join(',') : header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    if (name && (q === undefined || Number(q) > 0)) accepted.add(name);
  }
  return ([['br', '.br'], ['gzip', '.gz']] as [string, string][]).filter(([name]) => accepted.has(name));
}

/** Host and Origin must name this very server on loopback. */
export function isAllowedHost(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

export function isAllowedOrigin(origin: string | undefined, port: number): boolean {
  return origin === undefined || origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}

export function tokenMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer (.+)$/.exec(header ?? '');
  if (!m) return false;
  const given = Buffer.from(m[1]!);
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * The body, or null when it is larger than `limit`. A body that is too large is still read to its
 * end (and thrown away), so that the client, which is still sending, receives the 413 answer
 * instead of a reset connection. Past `discardLimit` the connection is cut after all.
 */
function readBody(req: IncomingMessage, limit: number, discardLimit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > discardLimit) req.destroy();
      else if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > limit ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** decodeURIComponent without the URIError on a malformed escape ("%E0%A4%A"); null then, or for a NUL. */
function decodePath(s: string): string | null {
  try {
    const decoded = decodeURIComponent(s);
    return decoded.includes('\0') ? null : decoded;
  } catch {
    return null;
  }
}

function badRequest(res: ServerResponse): void {
  sendJson(res, 400, { ok: false, error: { code: 'validation', message: 'Malformed request path' } });
}

export async function startBrowserServer(options: BrowserServerOptions): Promise<BrowserServer> {
  const limit = options.maxBodyBytes ?? 25 * 1024 * 1024;
  const discardLimit = Math.max(limit * 4, 64 * 1024 * 1024);
  const log = options.log ?? consoleLogger;
  let port = options.port;

  const server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      log.error('browser.request_failed', err);
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'internal', message: 'Internal error' } });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    securityHeaders(res);
    if (!isAllowedHost(req.headers.host, port) || !isAllowedOrigin(req.headers.origin, port)) {
      sendJson(res, 403, { ok: false, error: { code: 'unauthorized', message: 'Foreign host or origin' } });
      return;
    }
    let url: URL;
    try {
      url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    } catch {
      badRequest(res);
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      const streamed = streamRoute(req.method ?? 'GET', url.pathname);
      if (streamed) {
        if (!tokenMatches(req.headers.authorization, options.token)) {
          sendJson(res, 401, { ok: false, error: { code: 'unauthorized', message: 'Missing or wrong token' } });
          return;
        }
        const streams = options.streams;
        if (!streams) {
          sendJson(res, 404, { ok: false, error: { code: 'not_found', message: 'Not available' } });
          return;
        }
        if (streamed.route === 'events') serveEvents(req, res, streams.events);
        else if (streamed.route === 'download') await serveDownload(streamed.id, res, streams.files);
        else await receiveUpload(req, res, { ...streams, maxUploadBytes: streams.maxUploadBytes ?? defaultMaxUploadBytes });
        return;
      }
      if (req.method !== 'POST') {
        res.setHeader('Allow', 'POST');
        sendJson(res, 405, { ok: false, error: { code: 'unknown_method', message: 'Use POST' } });
        return;
      }
      if (!tokenMatches(req.headers.authorization, options.token)) {
        sendJson(res, 401, { ok: false, error: { code: 'unauthorized', message: 'Missing or wrong token' } });
        return;
      }
      const method = decodePath(url.pathname.slice('/api/'.length));
      if (method === null) {
        badRequest(res);
        return;
      }
      const body = await readBody(req, limit, discardLimit);
      if (body === null) {
        sendJson(res, 413, { ok: false, error: { code: 'validation', message: 'Request too large' } });
        return;
      }
      let input: unknown = {};
      if (body.length > 0) {
        try {
          input = JSON.parse(body.toString('utf8'));
        } catch {
          sendJson(res, 400, { ok: false, error: { code: 'validation', message: 'Body is not JSON' } });
          return;
        }
      }
      sendJson(res, 200, await options.dispatch(method, input));
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendJson(res, 405, { ok: false, error: { code: 'unknown_method', message: 'Not allowed' } });
      return;
    }
    serveStatic(url.pathname, req, res);
  }

  function serveStatic(pathname: string, req: IncomingMessage, res: ServerResponse): void {
    const decoded = decodePath(pathname);
    if (decoded === null) {
      badRequest(res);
      return;
    }
    // Source maps would hand out the renderer's source; the page never needs them (the build makes none).
    if (!options.staticDir || /\.map$/i.test(decoded)) {
      res.writeHead(404).end();
      return;
    }
    const root = normalize(options.staticDir);
    let file = normalize(join(root, decoded));
    if (!file.startsWith(root + sep) && file !== root) {
      res.writeHead(404).end();
      return;
    }
    if (!existsSync(file) || statSync(file).isDirectory()) file = join(root, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404).end('Renderer not built');
      return;
    }
    const headers: Record<string, string | number> = { 'Content-Type': contentTypes[extname(file)] ?? 'application/octet-stream', Vary: 'Accept-Encoding' };
    if (isHashedAsset(file.slice(root.length))) headers['Cache-Control'] = 'public, max-age=31536000, immutable';
    let body = file;
    for (const [encoding, suffix] of encodingsAccepted(req.headers['accept-encoding'])) {
      if (existsSync(file + suffix)) {
        body = file + suffix;
        headers['Content-Encoding'] = encoding;
        break;
      }
    }
    headers['Content-Length'] = statSync(body).size;
    res.writeHead(200, headers);
    if (req.method === 'HEAD') res.end();
    else createReadStream(body).pipe(res);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}/`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
