import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'node:http';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startBrowserServer, type BrowserServer } from '../../src/main/browser/server.js';
import { parseCli } from '../../src/main/browser/cli.js';
import { makeApp, tempDir, type TestApp } from '../helpers/app.js';
import { practiceInput } from '../helpers/fixtures.js';

/** Raw HTTP, so that Host and Origin can be set to anything (fetch would not allow it). */
function raw(port: number, path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<{ status: number; body: string; headers: Record<string, unknown> }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: options.method ?? 'POST', headers: options.headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A GET whose body stays bytes (compressed answers). */
function bytes(port: number, path: string, headers: Record<string, string>) {
  return new Promise<{ status: number; body: Buffer; headers: Record<string, string | string[] | undefined> }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('HTTP bridge', () => {
  let app: TestApp;
  let server: BrowserServer;
  const token = 'test-token-0123456789';
  const staticDir = tempDir();
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Arnika</title>');
  writeFileSync(join(tempDir(), 'secret.txt'), 'outside');

  beforeAll(async () => {
    app = await makeApp();
    server = await startBrowserServer({ dispatch: app.dispatch, token, port: 0, staticDir, maxBodyBytes: 10_000, streams: { events: app.events, files: app.files!, maxUploadBytes: 1_000 } });
  });
  afterAll(async () => {
    await server.close();
    app.cleanup();
  });

  const auth = () => ({ Host: `127.0.0.1:${server.port}`, Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' });

  test('events, downloads and uploads need the token like every method, and work with it', async () => {
    const host = { Host: `127.0.0.1:${server.port}` };
    expect((await raw(server.port, '/api/uploads', { headers: host, body: 'x' })).status).toBe(401);
    expect((await raw(server.port, '/api/events', { method: 'GET', headers: host })).status).toBe(401);
    const up = await raw(server.port, '/api/uploads', { headers: { ...auth(), 'Content-Type': 'application/octet-stream', 'X-File-Name': encodeURIComponent('Zahlungen März.xml') }, body: '<Document/>' });
    expect(JSON.parse(up.body)).toMatchObject({ ok: true, data: { fileName: 'Zahlungen März.xml', size: 11 } });
    expect((await raw(server.port, '/api/uploads', { headers: auth(), body: 'y'.repeat(2_000) })).status).toBe(413);
    const ref = await app.files!.putDownload('Rechnungen.zip', 'application/zip', Buffer.from('PK'));
    expect((await raw(server.port, `/api/downloads/${ref.downloadId}`, { method: 'GET', headers: host })).status).toBe(401);
    const down = await raw(server.port, `/api/downloads/${ref.downloadId}`, { method: 'GET', headers: auth() });
    expect([down.status, down.body, down.headers['content-disposition']]).toEqual([200, 'PK', `attachment; filename="Rechnungen.zip"; filename*=UTF-8''Rechnungen.zip`]);
    // A path that is not one of these (or not a valid id) is a method name, and there is none.
    expect(JSON.parse((await raw(server.port, '/api/downloads/../x', { headers: auth(), body: '{}' })).body).error.code).toBe('unknown_method');
  });

  test('answers a contract method with the envelope', async () => {
    const r = await raw(server.port, '/api/practices.create', { headers: auth(), body: JSON.stringify({ practice: practiceInput() }) });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ ok: true, data: { name: 'Praxis Arnika', isDefault: true } });
  });

  test('validation errors travel as envelopes with field keys', async () => {
    const r = await raw(server.port, '/api/patients.create', { headers: auth(), body: JSON.stringify({ patient: { firstName: '' } }) });
    const body = JSON.parse(r.body);
    expect(body.ok).toBe(false);
    expect(body.error.code).toBe('validation');
    expect(body.error.details.fields.length).toBeGreaterThan(0);
  });

  test.each([
    ['no token', { Host: 'HOST' }],
    ['a wrong token', { Host: 'HOST', Authorization: 'Bearer nope' }],
    ['a token of the right length but wrong', { Host: 'HOST', Authorization: `Bearer ${token.replace(/.$/, 'X')}` }],
  ])('refuses a call with %s (401) and writes nothing', async (_what, headers) => {
    const h = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v.replace('HOST', `127.0.0.1:${server.port}`)]));
    const r = await raw(server.port, '/api/practices.create', { headers: h, body: JSON.stringify({ practice: practiceInput({ name: 'Eindringling' }) }) });
    expect(r.status).toBe(401);
    expect(JSON.parse(r.body).error.code).toBe('unauthorized');
    expect((await app.call('practices.list', {})).map((p) => p.name)).not.toContain('Eindringling');
  });

  test.each([
    ['a foreign Host (DNS rebinding)', { Host: 'evil.example:80' }],
    ['a foreign Origin', { Origin: 'http://evil.example' }],
    ['an Origin on another port', { Origin: 'http://127.0.0.1:1' }],
  ])('refuses %s even with the right token (403)', async (_what, extra) => {
    const r = await raw(server.port, '/api/app.info', { headers: { ...auth(), ...extra }, body: '{}' });
    expect(r.status).toBe(403);
  });

  test('accepts our own Origin and localhost as Host', async () => {
    const r = await raw(server.port, '/api/app.info', { headers: { ...auth(), Host: `localhost:${server.port}`, Origin: `http://localhost:${server.port}` }, body: '{}' });
    expect(r.status).toBe(200);
  });

  test('refuses GET on the API and bodies that are not JSON', async () => {
    expect((await raw(server.port, '/api/app.info', { method: 'GET', headers: auth() })).status).toBe(405);
    expect((await raw(server.port, '/api/app.info', { headers: auth(), body: '{nope' })).status).toBe(400);
  });

  test.each([
    ['with its length announced', false],
    ['sent in chunks without a length', true],
  ])('a body that is too large (%s) gets its 413 answer, not a reset, and nothing is written', async (_what, chunked) => {
    const body = JSON.stringify({ practice: practiceInput({ name: 'Zu gross' }), padding: 'y'.repeat(3_000_000) });
    const headers = chunked ? { ...auth(), 'Transfer-Encoding': 'chunked' } : { ...auth(), 'Content-Length': String(Buffer.byteLength(body)) };
    const r = await raw(server.port, '/api/practices.create', { headers, body });
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect((await app.call('practices.list', {})).map((p) => p.name)).not.toContain('Zu gross');
    // The server goes on answering.
    expect((await raw(server.port, '/api/app.info', { headers: auth(), body: '{}' })).status).toBe(200);
  });

  test.each(['/api/%E0%A4%A', '/api/patients.list%', '/%E0%A4%A', '/assets/%C0%AF.js', '//%zz'])('a malformed path %s gets 400 without a stack trace', async (path) => {
    const r = await raw(server.port, path, { method: path.startsWith('/api/') ? 'POST' : 'GET', headers: auth(), body: path.startsWith('/api/') ? '{}' : undefined });
    expect(r.status).toBe(400);
    expect(r.body).not.toMatch(/URIError|at .*\(|\.ts:|\.mjs:/);
  });

  test('does not serve source maps, even when one lies in the renderer folder', async () => {
    mkdirSync(join(staticDir, 'assets'), { recursive: true });
    writeFileSync(join(staticDir, 'assets', 'index.js'), 'console.log(1)\n');
    writeFileSync(join(staticDir, 'assets', 'index.js.map'), '{"version":3,"sources":["../../src/renderer/main.tsx"]}');
    const get = (path: string) => raw(server.port, path, { method: 'GET', headers: { Host: `127.0.0.1:${server.port}` } });
    expect((await get('/assets/index.js')).status).toBe(200);
    for (const path of ['/assets/index.js.map', '/assets/index.js.MAP', '/assets/index.js.map?x=1', '/assets/index%2ejs%2emap']) {
      const r = await get(path);
      expect(r.status, path).toBe(404);
      expect(r.body, path).not.toContain('sources');
    }
  });

  test('sends the renderer compressed (brotli, else gzip, as the build made them) and caches only the hashed assets', async () => {
    const js = 'export const greeting = "Grüezi";\n'.repeat(200);
    mkdirSync(join(staticDir, 'assets'), { recursive: true });
    writeFileSync(join(staticDir, 'assets', 'index-B_Zk07vZ.js'), js);
    writeFileSync(join(staticDir, 'assets', 'index-B_Zk07vZ.js.br'), brotliCompressSync(js));
    writeFileSync(join(staticDir, 'assets', 'index-B_Zk07vZ.js.gz'), gzipSync(js));
    writeFileSync(join(staticDir, 'index.html.gz'), gzipSync('<!doctype html><title>Arnika</title>'));
    const get = (path: string, acceptEncoding?: string) => bytes(server.port, path, { Host: `127.0.0.1:${server.port}`, ...(acceptEncoding ? { 'Accept-Encoding': acceptEncoding } : {}) });

    const br = await get('/assets/index-B_Zk07vZ.js', 'gzip, deflate, br, zstd');
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.body).toString()).toBe(js);
    expect(br.headers['content-length']).toBe(String(br.body.length));
    expect(br.body.length).toBeLessThan(js.length / 10);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.headers.vary).toBe('Accept-Encoding');
    expect(br.headers['content-type']).toBe('text/javascript; charset=utf-8');

    const gz = await get('/assets/index-B_Zk07vZ.js', 'gzip, br;q=0');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(js);
    const plain = await get('/assets/index-B_Zk07vZ.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(js);

    // index.html names the assets of this build: never kept; an asset without a hash neither.
    const index = await get('/', 'gzip');
    expect(index.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(index.body).toString()).toContain('<title>Arnika</title>');
    expect(index.headers['cache-control']).toBe('no-store');
    expect((await get('/assets/index.js', 'br')).headers['cache-control']).toBe('no-store');
    // The API's answers are never cached either.
    expect((await raw(server.port, '/api/practices.list', { headers: auth(), body: '{}' })).headers['cache-control']).toBe('no-store');
  });

  test("serves pdf.js's worker (.mjs) as JavaScript, which a module worker requires, compressed and cached", async () => {
    const js = 'self.onmessage = () => {};\n'.repeat(200);
    mkdirSync(join(staticDir, 'assets'), { recursive: true });
    writeFileSync(join(staticDir, 'assets', 'pdf.worker.min-CIqJB0yW.mjs'), js);
    writeFileSync(join(staticDir, 'assets', 'pdf.worker.min-CIqJB0yW.mjs.br'), brotliCompressSync(js));
    const r = await bytes(server.port, '/assets/pdf.worker.min-CIqJB0yW.mjs', { Host: `127.0.0.1:${server.port}`, 'Accept-Encoding': 'br' });
    expect(r.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(r.headers['content-encoding']).toBe('br');
    expect(r.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  test('serves the renderer with a strict CSP and never a file outside its folder', async () => {
    const index = await raw(server.port, '/', { method: 'GET', headers: { Host: `127.0.0.1:${server.port}` } });
    expect(index.status).toBe(200);
    expect(index.body).toContain('<title>Arnika</title>');
    expect(String(index.headers['content-security-policy'])).toContain("default-src 'self'");
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt']) {
      const r = await raw(server.port, path, { method: 'GET', headers: { Host: `127.0.0.1:${server.port}` } });
      expect(r.body, path).not.toContain('outside');
    }
  });
});

describe('browser-mode command line', () => {
  test('flags win over environment; token from ARNIKA_TOKEN, else random', () => {
    const a = parseCli(['--data-dir', '/tmp/x', '--port=4321'], { ARNIKA_PORT: '1', ARNIKA_DATA_DIR: '/tmp/y' });
    expect(a).toMatchObject({ dataDir: '/tmp/x', port: 4321 });
    expect(a.token.length).toBeGreaterThanOrEqual(32);
    expect(parseCli([], { ARNIKA_TOKEN: 'abc', ARNIKA_PORT: '5000', ARNIKA_DATA_DIR: '/tmp/y' })).toEqual({ dataDir: '/tmp/y', port: 5000, token: 'abc' });
    expect(parseCli([], {}).token).not.toBe(parseCli([], {}).token);
    expect(() => parseCli(['--port', 'x'], {})).toThrow(/port/);
    expect(() => parseCli(['--unknown'], {})).toThrow(/Unknown option/);
  });

  const outDir = join(__dirname, '../../.tmp/cli-test');
  beforeAll(async () => {
    mkdirSync(outDir, { recursive: true });
    await build({ entryPoints: [join(__dirname, '../../src/main/browser/entry.ts')], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile: join(outDir, 'browser.mjs'), logLevel: 'silent' });
  });

  test('prints exactly one ready line, serves, and closes the database cleanly on SIGTERM', async () => {
    const dataDir = tempDir();
    const child = spawn(process.execPath, [join(outDir, 'browser.mjs'), '--data-dir', dataDir, '--port', '0'], { env: { ...process.env, ARNIKA_TOKEN: 'tok' } });
    let stdout = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.resume();
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no ready line: ${stdout}`)), 15_000);
      child.stdout.on('data', () => stdout.includes('\n') && (clearTimeout(t), resolve()));
    });
    const m = /^Arnika ready: http:\/\/127\.0\.0\.1:(\d+)\/#token=tok\n$/.exec(stdout);
    expect(m, stdout).not.toBeNull();
    const port = Number(m![1]);
    const r = await raw(port, '/api/practices.create', { headers: { Host: `127.0.0.1:${port}`, Authorization: 'Bearer tok' }, body: JSON.stringify({ practice: practiceInput() }) });
    expect(JSON.parse(r.body).ok).toBe(true);
    expect(existsSync(join(dataDir, 'arnika.sqlite-wal'))).toBe(true);

    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
    expect(stdout.split('\n').filter(Boolean)).toHaveLength(1);
    // A clean close checkpoints the WAL and removes it.
    expect(existsSync(join(dataDir, 'arnika.sqlite-wal'))).toBe(false);
  });
});
