/**
 * Bulk sending 500 invoices through our outbox (bulkSend, then the worker: PDF fetched again and checked
 * against the pinned hash, the message composed while the one before is on its way, 'sending'
 * committed and synced to disk (on the sync thread) before the end of the data, 'sent'
 * committed with the next 'sending', one reused SMTP connection) next to nodemailer sending the same
 * 500 messages (same sender, recipient, text and PDF attachment; the mean sizes must match) directly
 * through a pooled transport with one connection, in the same run, to a local smtp-server with
 * implicit TLS. The two alternate in rounds; the per-round ratios show how much this machine's noise
 * moves a single figure.
 *
 * The product verifies certificates and has no switch to turn that off, so the server gets a
 * certificate from a throwaway CA (made with openssl, subjectAltName IP:127.0.0.1) and the measuring
 * runs in a child process started with NODE_EXTRA_CA_CERTS naming that CA: Node reads the variable only
 * at process start. The child is this same bench bundle, run again with ARNIKA_BENCH_MAIL_CHILD=1.
 * ARNIKA_BENCH_MAIL_COUNT changes the 500.
 *
 * On loopback a message costs the raw path about 3 ms, so every fraction of a millisecond the outbox
 * spends on its commits shows. The server runs in the same thread as both clients; a second
 * comparison puts it in a worker thread of its own. A last pair of runs goes through a proxy that
 * delays each packet 10 ms each way, a server some way off as every real provider is.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, connect, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { createApp, type App } from '../src/main/app/createApp.js';
import { silentLogger } from '../src/main/app/log.js';
import { Invoices } from '../src/main/invoices/invoices.js';
import { OutboxStore } from '../src/main/mail/outboxStore.js';
import { ms, now, row } from './lib/stats.js';

const user = { user: 'praxis@praxis-bench.ch', pass: 'Bench-Passwort-1' };
const resultTag = 'ARNIKA_MAIL_RESULT ';

interface Result {
  count: number;
  rounds: number;
  /** raw / ours of each round, in order (ours went first in the even ones). */
  roundRatios: number[];
  setupMs: number;
  oursEnqueueMs: number;
  oursDeliverMs: number;
  oursRenderDuringDeliverMs: number;
  /** Main-thread time in the 'sending' commits (their sync runs on the sync thread; each carries the previous 'sent') and the 'sent' commits made alone. */
  oursSendingCommitMs: number;
  oursSentCommitMs: number;
  rawMs: number;
  renderMsEach: number;
  bytesEach: number;
  checks: { oursDelivered: number; rawDelivered: number; oursBytes: number; rawBytes: number; uniqueMessageIds: number; outboxSent: number };
  /** The same comparison through a proxy that delays every packet, like a provider some way off. */
  remote: { count: number; oneWayMs: number; oursMs: number; rawMs: number; oursDelivered: number; rawDelivered: number };
  /** The loopback comparison again with the server in a thread of its own: its work no longer shares the clients' thread. */
  threaded: { count: number; rounds: number; oursMs: number; rawMs: number; oursDelivered: number; rawDelivered: number };
}

export async function benchMail(root: string, dir: string): Promise<void> {
  if (process.env.ARNIKA_BENCH_MAIL_CHILD === '1') {
    const result = await measure(dir, Number(process.env.ARNIKA_BENCH_MAIL_COUNT ?? 500));
    console.log(resultTag + JSON.stringify(result));
    return;
  }
  const count = Number(process.env.ARNIKA_BENCH_MAIL_COUNT ?? 500);
  console.log(`\nBulk email: ${count} invoices with PDF to a local SMTP server (TLS, AUTH), one connection`);
  makeCertificates(dir);
  const result = await runChild(root, dir);
  report(result);
}

/** A throwaway CA and a server certificate for 127.0.0.1 signed by it. */
function makeCertificates(dir: string): void {
  const openssl = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '1', '-subj', '/CN=Arnika Bench CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  writeFileSync(join(dir, 'server.ext'), 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1\n');
  openssl(['req', '-new', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1']);
  openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '1', '-extfile', 'server.ext', '-out', 'server.pem']);
}

function runChild(root: string, dir: string): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [process.argv[1]!, 'mail'], {
      cwd: root,
      env: { ...process.env, ARNIKA_BENCH_MAIL_CHILD: '1', ARNIKA_BENCH_MAIL_DIR: dir, NODE_EXTRA_CA_CERTS: join(dir, 'ca.pem') },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c));
    child.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith(resultTag));
      if (code === 0 && line) resolve(JSON.parse(line.slice(resultTag.length)) as Result);
      else reject(new Error(`mail bench child ended with ${code}: ${out}`));
    });
  });
}

function report(r: Result): void {
  const rate = (n: number, msTotal: number) => (n / (msTotal / 1000)).toFixed(1);
  const n = r.count;
  row(`setup: ${n} patients, consultations, issued invoices`, ms(r.setupMs));
  row(`one invoice PDF, ${Math.round(r.bytesEach / 1024)} kB: mean time per request (render, or the cache)`, ms(r.renderMsEach));
  row(`${r.rounds} alternating rounds`, 'total', 'messages/s', 'ours / raw');
  row('raw nodemailer, pooled, 1 connection, prepared messages', ms(r.rawMs), rate(n, r.rawMs));
  row('our outbox delivery (target >= 0.80)', ms(r.oursDeliverMs), rate(n, r.oursDeliverMs), (r.rawMs / r.oursDeliverMs).toFixed(2));
  row(`  per round (ours first in rounds 1, 3, 5): ${r.roundRatios.map((x) => x.toFixed(2)).join(' ')}`);
  row('  of which getting the PDF again (the cache, or a render)', ms(r.oursRenderDuringDeliverMs));
  row("  of which the 'sending' commits, each with the previous 'sent' (main thread; synced on the sync thread)", ms(r.oursSendingCommitMs));
  row("  of which the 'sent' commits on their own (queue ran dry, or before a render or a connect)", ms(r.oursSentCommitMs));
  row('our outbox end to end (bulkSend: render, pin, commit; then delivery)', ms(r.oursEnqueueMs + r.oursDeliverMs), rate(n, r.oursEnqueueMs + r.oursDeliverMs), (r.rawMs / (r.oursEnqueueMs + r.oursDeliverMs)).toFixed(2));
  const c = r.checks;
  row(`checks: delivered ours ${c.oursDelivered}, raw ${c.rawDelivered}, unique Message-IDs ${c.uniqueMessageIds}, outbox 'sent' ${c.outboxSent}`);
  const kb = (bytes: number, msgs: number) => `${(bytes / Math.max(1, msgs) / 1024).toFixed(1)} kB`;
  row(`        mean message size ours ${kb(c.oursBytes, c.oursDelivered)}, raw ${kb(c.rawBytes, c.rawDelivered)}`);
  const th = r.threaded;
  row(`same ${th.count} invoices, ${th.rounds} alternating rounds, the server in a thread of its own:`);
  row('  raw nodemailer', ms(th.rawMs), rate(th.count, th.rawMs));
  row('  our outbox delivery', ms(th.oursMs), rate(th.count, th.oursMs), (th.rawMs / th.oursMs).toFixed(2));
  row(`  checks: delivered ours ${th.oursDelivered}, raw ${th.rawDelivered}`);
  const m = r.remote;
  row(`same, ${m.count} invoices, server ${m.oneWayMs} ms away each way (${2 * m.oneWayMs} ms round trip):`);
  row('  raw nodemailer', ms(m.rawMs), rate(m.count, m.rawMs));
  row('  our outbox, bulkSend and delivery', ms(m.oursMs), rate(m.count, m.oursMs), (m.rawMs / m.oursMs).toFixed(2));
  row(`  checks: delivered ours ${m.oursDelivered}, raw ${m.rawDelivered}`);
}

/**
 * The bench's SMTP server (same settings, any login of the bench user) in a worker thread: counts
 * what it accepts, and answers count() with it.
 */
async function serverThread(tlsDir: string): Promise<{ port: number; count(): Promise<number>; close(): Promise<void> }> {
  const source = `
    const { parentPort, workerData } = require('node:worker_threads');
    const { SMTPServer } = require('smtp-server');
    let accepted = 0;
    const server = new SMTPServer({
      secure: true, key: workerData.key, cert: workerData.cert, name: '127.0.0.1', logger: false, disableReverseLookup: true,
      authMethods: ['PLAIN'], disabledCommands: ['STARTTLS'], size: 10 * 1024 * 1024,
      onAuth: (auth, _s, cb) => (auth.username === workerData.user && auth.password === workerData.pass ? cb(null, { user: auth.username }) : cb(new Error('535 no'))),
      onData(stream, _session, cb) { stream.on('data', () => {}); stream.on('end', () => { accepted++; cb(); }); },
    });
    server.on('error', () => {});
    parentPort.on('message', (m) => {
      if (m === 'count') parentPort.postMessage({ count: accepted });
      if (m === 'close') server.close(() => parentPort.postMessage({ closed: true }));
    });
    server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.server.address().port }));
  `;
  const worker = new Worker(source, { eval: true, workerData: { key: readFileSync(join(tlsDir, 'server.key')), cert: readFileSync(join(tlsDir, 'server.pem')), ...user } });
  const reply = <T>(key: string, ask?: string) =>
    new Promise<T>((resolve) => {
      const on = (m: Record<string, unknown>) => {
        if (!(key in m)) return;
        worker.off('message', on);
        resolve(m[key] as T);
      };
      worker.on('message', on);
      if (ask) worker.postMessage(ask);
    });
  const port = await reply<number>('port');
  return {
    port,
    count: () => reply<number>('count', 'count'),
    close: async () => {
      await reply('closed', 'close');
      await worker.terminate();
    },
  };
}

/**
 * A TCP proxy that holds every chunk `oneWayMs` before passing it on, both ways (TLS passes through
 * untouched): a server at a real distance instead of on loopback.
 */
function delayProxy(targetPort: number, oneWayMs: number): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const proxy = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.setNoDelay(true);
      s.on('error', () => {});
    }
    const forward = (from: Socket, to: Socket) => {
      from.on('data', (chunk: Buffer) => setTimeout(() => to.destroyed || to.write(chunk), oneWayMs));
      from.on('close', () => setTimeout(() => to.destroy(), oneWayMs));
    };
    forward(client, upstream);
    forward(upstream, client);
  });
  return new Promise((resolve) =>
    proxy.listen(0, '127.0.0.1', () =>
      resolve({
        port: (proxy.address() as AddressInfo).port,
        close: () => {
          for (const s of sockets) s.destroy();
          return new Promise<void>((done) => proxy.close(() => done()));
        },
      }),
    ),
  );
}

async function call<T>(app: App, method: string, input: unknown): Promise<T> {
  const r = await app.dispatch(method, input);
  if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`);
  return r.data as T;
}

/** Runs in the child: NODE_EXTRA_CA_CERTS trusts the bench CA here. */
async function measure(dir: string, count: number): Promise<Result> {
  const tlsDir = process.env.ARNIKA_BENCH_MAIL_DIR ?? dir;
  const received: { messageId: string; to: string; bytes: number }[] = [];
  const server = new SMTPServer({
    secure: true, key: readFileSync(join(tlsDir, 'server.key')), cert: readFileSync(join(tlsDir, 'server.pem')), name: '127.0.0.1',
    logger: false, disableReverseLookup: true, authMethods: ['PLAIN'], disabledCommands: ['STARTTLS'], size: 10 * 1024 * 1024,
    onAuth: (auth, _s, cb) => (auth.username === user.user && auth.password === user.pass ? cb(null, { user: user.user }) : cb(new Error('535 no'))),
    onData(stream, session, cb) {
      let head = '';
      let bytes = 0;
      stream.on('data', (c: Buffer) => {
        bytes += c.length;
        if (head.length < 4096) head += c.toString('latin1');
      });
      stream.on('end', () => {
        received.push({ messageId: /^message-id:\s*(<[^>]+>)/im.exec(head)?.[1] ?? '', to: session.envelope.rcptTo[0]?.address ?? '', bytes });
        cb();
      });
    },
  });
  server.on('error', () => {});
  const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.server.address() as { port: number }).port)));

  // Time every PDF the app gets (rendered, or from the cache), and keep the size of one.
  const pdfs = new Map<string, Buffer>();
  let renderMs = 0;
  let deliverRenderMs = 0;
  let renders = 0;
  const original = { pdf: Invoices.prototype.pdf, cachedDocument: Invoices.prototype.cachedDocument };
  let insidePdf = false;
  Invoices.prototype.cachedDocument = function timedCached(this: Invoices, id: string, status: 'issued' | 'cancelled') {
    if (insidePdf) return original.cachedDocument.call(this, id, status); // pdf() looks there first: counted once, by pdf()
    const t = now();
    const out = original.cachedDocument.call(this, id, status);
    renderMs += now() - t;
    renders++;
    if (out) pdfs.set(id, out);
    return out;
  };
  Invoices.prototype.pdf = async function timed(this: Invoices, id: string) {
    const t = now();
    try {
      insidePdf = true; // its cache lookup runs before its first await
      const pending = original.pdf.call(this, id);
      insidePdf = false;
      const out = await pending;
      pdfs.set(id, out.content);
      return out;
    } finally {
      insidePdf = false;
      renderMs += now() - t;
      renders++;
    }
  };

  // And the two commits around each hand-over (the main thread's part of them: the sync of
  // 'sending' to disk runs on the sync thread while the envelope goes out).
  const commitMs = { claimForSending: 0, markSent: 0 };
  for (const name of ['claimForSending', 'markSent'] as const) {
    const plain = OutboxStore.prototype[name] as (this: OutboxStore, ...a: unknown[]) => unknown;
    (OutboxStore.prototype as unknown as Record<string, unknown>)[name] = function timedCommit(this: OutboxStore, ...a: unknown[]) {
      const t = now();
      try {
        return plain.apply(this, a);
      } finally {
        commitMs[name] += now() - t;
      }
    };
  }

  const setupStart = now();
  const app = await createApp({ dataDir: join(dir, 'data'), log: silentLogger, mail: { autoStart: false } });
  const practice = await call<{ id: string }>(app, 'practices.create', { practice: {
    name: 'Physiotherapie Arnika', therapistName: 'Anna Beispiel', profession: 'physiotherapy',
    address: { street: 'Bahnhofstrasse', houseNumber: '12', postalCode: '8001', town: 'Zürich', country: 'CH' },
    phone: '', email: 'praxis@example.ch', website: '', iban: 'CH4431999123000889012', qrReferencePrefix: '', zsrNumber: 'A123456',
    glnNumber: '', vatNumber: '', currency: 'CHF', defaultLanguage: 'de', paymentTermDays: 30,
  } });
  const service = await call<{ id: string }>(app, 'services.create', { practiceId: practice.id, service: { code: '7301', names: { de: 'Medizinische Massage, pro 5 Minuten', fr: 'Massage médical, par 5 minutes', it: 'Massaggio medico, per 5 minuti', en: 'Medical massage, per 5 minutes' }, unit: 'min5', priceMinor: 1_050, vatRateBasisPoints: 0, active: true } });
  const profileFieldsFor = (p: number) => ({
    name: 'Praxis', senderName: 'Physiotherapie Arnika', email: user.user, host: '127.0.0.1', port: p, security: 'tls', authMethod: 'password',
    username: user.user, replyTo: 'empfang@praxis-bench.ch', bccSelf: false,
  });
  const profile = await call<{ id: string }>(app, 'mail.saveProfile', { practiceId: practice.id, password: user.pass, profile: profileFieldsFor(port) });
  const warmup = 50;
  const ids: string[] = [];
  for (let i = 0; i < count + warmup; i++) {
    const p = await call<{ id: string }>(app, 'patients.create', { patient: {
      salutation: i % 2 ? 'mr' : 'ms', firstName: `Vorname${i}`, lastName: i % 3 ? 'Müller' : 'Dvořák', birthDate: '1980-03-12', sex: 'female', ahvNumber: '',
      address: { street: 'Dorfstrasse', houseNumber: String(i), postalCode: '3000', town: 'Bern', country: 'CH' }, phone: '', mobile: '',
      email: `p${i}@example.ch`, language: (['de', 'fr', 'it', 'en'] as const)[i % 4], insuranceName: '', insuredNumber: '', billingRecipient: null,
      invoicesByPost: false, consentDate: null, anamnesis: '', notes: '', categories: [],
    } });
    const c = await call<{ id: string }>(app, 'consultations.create', { consultation: { patientId: p.id, date: '2026-11-03', startTime: '09:00', durationMinutes: 45, items: [{ serviceId: service.id, quantityHundredths: 900 }], notes: '' } });
    const d = await call<{ id: string }>(app, 'invoices.createDraft', { patientId: p.id, draft: { consultationIds: [c.id] } });
    ids.push((await call<{ id: string }>(app, 'invoices.issue', { id: d.id })).id);
  }
  const setupMs = now() - setupStart;
  const warm = ids.splice(0, warmup);
  const outbox = app.outbox!;

  const transport = nodemailer.createTransport({
    pool: true, maxConnections: 1, host: '127.0.0.1', port, secure: true, auth: { user: user.user, pass: user.pass },
    tls: { minVersion: 'TLSv1.2' }, logger: false,
  });
  type Prepared = { from: { name: string; address: string }; to: string; replyTo: string; subject: string; text: string; attachments: { filename: string; content: Buffer; contentType: string }[] };
  const prepare = async (id: string): Promise<Prepared> => {
    const e = await call<{ from: { name: string; address: string }; to: string; replyTo: string; subject: string; body: string; attachmentName: string }>(app, 'mail.prepareInvoiceEmail', { invoiceId: id });
    // The invoice's PDF as the app has it (the cache, or a render when ours has not run on it yet).
    const pdf = await call<{ contentBase64: string }>(app, 'invoices.pdf', { id });
    return { from: e.from, to: e.to, replyTo: e.replyTo, subject: e.subject, text: e.body, attachments: [{ filename: e.attachmentName, content: Buffer.from(pdf.contentBase64, 'base64'), contentType: 'application/pdf' }] };
  };

  // Warm up both paths (TLS, JIT, fonts) outside the timed runs: with 5 messages each, the first
  // timed round of ours still ran 0.1 below the later ones.
  await call(app, 'mail.bulkSend', { invoiceIds: warm });
  await outbox.drain();
  for (const id of warm) await transport.sendMail(await prepare(id));

  // Rounds that alternate ours and raw on the same share of the invoices, so that a slower or
  // faster stretch of the machine falls on both paths alike.
  const rounds = Math.min(5, ids.length);
  let oursEnqueueMs = 0;
  let oursDeliverMs = 0;
  let rawMs = 0;
  let oursDelivered = 0;
  let rawDelivered = 0;
  let outboxSent = 0;
  const roundRatios: number[] = [];
  // Both paths must carry the same messages (the PDF included): a raw run without attachments once looked faster.
  let oursBytes = 0;
  let rawBytes = 0;
  const bytesSince = (from: number) => received.slice(from).reduce((sum, m) => sum + m.bytes, 0);
  renderMs = 0;
  renders = 0;
  commitMs.claimForSending = 0;
  commitMs.markSent = 0;
  for (let r = 0; r < rounds; r++) {
    const share = ids.slice(Math.floor((r * ids.length) / rounds), Math.floor(((r + 1) * ids.length) / rounds));
    const ours = async () => {
      // bulkSend (render + pin + commit the batch), then the worker delivers.
      const before = received.length;
      let t = now();
      const { batchId } = await call<{ batchId: string }>(app, 'mail.bulkSend', { invoiceIds: share });
      oursEnqueueMs += now() - t;
      const rendersBefore = renderMs;
      t = now();
      await outbox.drain();
      oursDeliverMs += now() - t;
      deliverRenderMs += renderMs - rendersBefore;
      oursDelivered += received.length - before;
      oursBytes += bytesSince(before);
      outboxSent += (await call<{ sent: number }>(app, 'mail.batchStatus', { batchId })).sent;
    };
    const raw = async () => {
      // The same messages, prepared beforehand (not timed), one after the other.
      const prepared: Prepared[] = [];
      for (const id of share) prepared.push(await prepare(id));
      const before = received.length;
      const t = now();
      for (const m of prepared) await transport.sendMail(m);
      rawMs += now() - t;
      rawDelivered += received.length - before;
      rawBytes += bytesSince(before);
    };
    const before = { ours: oursDeliverMs, raw: rawMs };
    if (r % 2 === 0) {
      await ours();
      await raw();
    } else {
      await raw();
      await ours();
    }
    roundRatios.push((rawMs - before.raw) / (oursDeliverMs - before.ours));
  }
  const meanOurs = oursBytes / Math.max(1, oursDelivered);
  const meanRaw = rawBytes / Math.max(1, rawDelivered);
  if (Math.abs(meanOurs - meanRaw) > 0.02 * meanOurs) throw new Error(`ours and raw sent different messages: ${meanOurs} against ${meanRaw} bytes each`);
  const renderMsEach = renderMs / Math.max(1, renders);
  const loopbackCommitMs = { ...commitMs };

  // The same again with the server in its own thread, as a real server would be in its own process.
  const threaded = { count: ids.length, rounds: Math.min(4, ids.length), oursMs: 0, rawMs: 0, oursDelivered: 0, rawDelivered: 0 };
  {
    const other = await serverThread(tlsDir);
    await call(app, 'mail.saveProfile', { id: profile.id, practiceId: practice.id, profile: profileFieldsFor(other.port) });
    const otherTransport = nodemailer.createTransport({
      pool: true, maxConnections: 1, host: '127.0.0.1', port: other.port, secure: true, auth: { user: user.user, pass: user.pass },
      tls: { minVersion: 'TLSv1.2' }, logger: false,
    });
    for (let r = 0; r < threaded.rounds; r++) {
      const share = ids.slice(Math.floor((r * ids.length) / threaded.rounds), Math.floor(((r + 1) * ids.length) / threaded.rounds));
      const ours = async () => {
        const before = await other.count();
        await call(app, 'mail.bulkSend', { invoiceIds: share });
        const t = now();
        await outbox.drain();
        threaded.oursMs += now() - t;
        threaded.oursDelivered += (await other.count()) - before;
      };
      const raw = async () => {
        const prepared: Prepared[] = [];
        for (const id of share) prepared.push(await prepare(id));
        const before = await other.count();
        const t = now();
        for (const m of prepared) await otherTransport.sendMail(m);
        threaded.rawMs += now() - t;
        threaded.rawDelivered += (await other.count()) - before;
      };
      if (r % 2 === 0) {
        await ours();
        await raw();
      } else {
        await raw();
        await ours();
      }
    }
    otherTransport.close();
    await other.close();
  }

  // The same, with the server some way off: fewer invoices (each message takes several round trips).
  const oneWayMs = 10;
  const remote = { count: Math.min(50, ids.length), oneWayMs, oursMs: 0, rawMs: 0, oursDelivered: 0, rawDelivered: 0 };
  const proxy = await delayProxy(port, oneWayMs);
  await call(app, 'mail.saveProfile', { id: profile.id, practiceId: practice.id, profile: profileFieldsFor(proxy.port) });
  const farTransport = nodemailer.createTransport({
    pool: true, maxConnections: 1, host: '127.0.0.1', port: proxy.port, secure: true, auth: { user: user.user, pass: user.pass },
    tls: { minVersion: 'TLSv1.2' }, logger: false,
  });
  const far = ids.slice(0, remote.count);
  const farPrepared: Prepared[] = [];
  for (const id of far) farPrepared.push(await prepare(id));
  {
    let before = received.length;
    let t = now();
    await call(app, 'mail.bulkSend', { invoiceIds: far });
    await outbox.drain();
    remote.oursMs = now() - t;
    remote.oursDelivered = received.length - before;
    before = received.length;
    t = now();
    for (const m of farPrepared) await farTransport.sendMail(m);
    remote.rawMs = now() - t;
    remote.rawDelivered = received.length - before;
  }
  farTransport.close();
  await proxy.close();

  transport.close();
  await app.shutdown();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  Invoices.prototype.pdf = original.pdf;
  Invoices.prototype.cachedDocument = original.cachedDocument;
  return {
    count, rounds, roundRatios, setupMs, oursEnqueueMs, oursDeliverMs, oursRenderDuringDeliverMs: deliverRenderMs,
    oursSendingCommitMs: loopbackCommitMs.claimForSending, oursSentCommitMs: loopbackCommitMs.markSent, rawMs, renderMsEach,
    bytesEach: pdfs.get(ids[0]!)?.length ?? 0,
    checks: { oursDelivered, rawDelivered, oursBytes, rawBytes, uniqueMessageIds: new Set(received.map((r) => r.messageId)).size, outboxSent },
    remote,
    threaded,
  };
}
