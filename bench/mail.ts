/**
 * Bulk email as the user waits for it: from "Ausgewählte senden" (mail.bulkSend) to the last of 500
 * invoices accepted by the mail server, through our outbox (the archived PDFs pinned, each message
 * composed, 'sending' committed before it goes out, 'sent' after the server's OK, one reused
 * connection), next to raw nodemailer sending the same stored PDFs (same sender, recipient, text and
 * attachment; the mean sizes must match) over one connection, in the same run.
 *
 * The server is a local smtp-server with implicit TLS and AUTH, behind a proxy that holds every packet
 * 10 ms each way (a 20 ms round trip: real providers answer in 20-200 ms). Server and proxy run in a
 * thread of their own, as a real server runs elsewhere; they report each accepted message, and that
 * moment of the last one ends a run, for both paths alike. The two paths alternate (ours first, then
 * raw first). The same comparison on loopback, without the proxy, is printed as information: there
 * raw nodemailer needs about 3 ms a message, which no real server answers in.
 *
 * The product verifies certificates and has no switch to turn that off, so the server gets a
 * certificate from a throwaway CA (made with openssl, subjectAltName IP:127.0.0.1) and the measuring
 * runs in a child process started with NODE_EXTRA_CA_CERTS naming that CA: Node reads the variable only
 * at process start. The child is this same bench bundle, run again with ARNIKA_BENCH_MAIL_CHILD=1.
 * ARNIKA_BENCH_MAIL_COUNT changes the 500.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import nodemailer from 'nodemailer';
import { createApp, type App } from '../src/main/app/createApp.js';
import { silentLogger } from '../src/main/platform/log.js';
import { OutboxStore } from '../src/main/mail/outboxStore.js';
import { ms, now, row } from './lib/stats.js';

const user = { user: 'praxis@praxis-bench.ch', pass: 'Bench-Passwort-1' };
const resultTag = 'ARNIKA_MAIL_RESULT ';
const oneWayMs = 10;

interface Comparison {
  /** Per round: bulkSend answered (ms), the last message accepted (ms), for ours; the last accepted, for raw. */
  rounds: { oursEnqueueMs: number; oursMs: number; rawMs: number; oursFirst: boolean }[];
  /** Time ours spent in its two commits per message ('sending', 'sent'; each waits for the disk). */
  commitMs: number;
  oursBytes: number;
  rawBytes: number;
  oursDelivered: number;
  rawDelivered: number;
}

interface Result {
  count: number;
  setupMs: number;
  pdfBytes: number;
  remote: Comparison;
  loopback: Comparison;
  uniqueMessageIds: number;
}

export async function benchMail(root: string, dir: string): Promise<void> {
  if (process.env.ARNIKA_BENCH_MAIL_CHILD === '1') {
    const result = await measure(dir, Number(process.env.ARNIKA_BENCH_MAIL_COUNT ?? 500));
    console.log(resultTag + JSON.stringify(result));
    return;
  }
  const count = Number(process.env.ARNIKA_BENCH_MAIL_COUNT ?? 500);
  console.log(`\nBulk email: ${count} invoices with PDF, from bulkSend to the last message accepted (TLS, AUTH, one connection)`);
  makeCertificates(dir);
  report(await runChild(root, dir));
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
  row(`setup: ${r.count} patients and issued invoices (each PDF archived at issue, ${Math.round(r.pdfBytes / 1024)} kB)`, ms(r.setupMs));
  const print = (title: string, c: Comparison, target: string) => {
    const n = r.count;
    const sum = (f: (x: Comparison['rounds'][number]) => number) => c.rounds.reduce((a, x) => a + f(x), 0);
    const ours = sum((x) => x.oursMs);
    const raw = sum((x) => x.rawMs);
    console.log(`  ${title}`);
    row(`${c.rounds.length} rounds of ${n} messages each`, 'total', 'messages/s', 'ours / raw');
    row('  raw nodemailer, 1 connection, the stored PDFs', ms(raw), rate(n * c.rounds.length, raw));
    row(`  our outbox, bulkSend to last accepted ${target}`, ms(ours), rate(n * c.rounds.length, ours), (raw / ours).toFixed(2));
    row(`    per round: ${c.rounds.map((x) => `${(x.rawMs / x.oursMs).toFixed(2)}${x.oursFirst ? ' (ours first)' : ''}`).join(', ')}`);
    row('    of which bulkSend itself (checks, pin, commit the batch)', ms(sum((x) => x.oursEnqueueMs)));
    row("    of which the 'sending' and 'sent' commits (synchronous=FULL)", ms(c.commitMs));
    const kb = (bytes: number, msgs: number) => `${(bytes / Math.max(1, msgs) / 1024).toFixed(1)} kB`;
    row(`    delivered ours ${c.oursDelivered}, raw ${c.rawDelivered}; mean message ours ${kb(c.oursBytes, c.oursDelivered)}, raw ${kb(c.rawBytes, c.rawDelivered)}`);
  };
  print(`server ${oneWayMs} ms away each way (${2 * oneWayMs} ms round trip):`, r.remote, '(target >= 0.90)');
  print('loopback (information only: no real server answers this fast):', r.loopback, '');
  row(`unique Message-IDs among the messages ours delivered: ${r.uniqueMessageIds}`);
}

/**
 * The bench's SMTP server in a worker thread, with (oneWayMs > 0) a TCP proxy in front that holds
 * every chunk that long, both ways (TLS passes through untouched). It posts each accepted message.
 */
async function serverThread(tlsDir: string, delayMs: number): Promise<{
  port: number; accepted(): number; bytes(): number; messageIds(): string[]; until(n: number): Promise<number>; close(): Promise<void>;
}> {
  const source = `
    const { parentPort, workerData } = require('node:worker_threads');
    const net = require('node:net');
    const { SMTPServer } = require('smtp-server');
    const server = new SMTPServer({
      secure: true, key: workerData.key, cert: workerData.cert, name: '127.0.0.1', logger: false, disableReverseLookup: true,
      authMethods: ['PLAIN'], disabledCommands: ['STARTTLS'], size: 10 * 1024 * 1024,
      onAuth: (auth, _s, cb) => (auth.username === workerData.user && auth.password === workerData.pass ? cb(null, { user: auth.username }) : cb(new Error('535 no'))),
      onData(stream, _session, cb) {
        let bytes = 0; let head = '';
        stream.on('data', (c) => { bytes += c.length; if (head.length < 4096) head += c.toString('latin1'); });
        stream.on('end', () => {
          cb();
          const id = /^message-id:\\s*(<[^>]+>)/im.exec(head);
          parentPort.postMessage({ accepted: { bytes, messageId: id ? id[1] : '' } });
        });
      },
    });
    server.on('error', () => {});
    const sockets = new Set();
    const proxy = net.createServer((client) => {
      const upstream = net.connect(server.server.address().port, '127.0.0.1');
      for (const s of [client, upstream]) { sockets.add(s); s.setNoDelay(true); s.on('error', () => {}); }
      const forward = (from, to) => {
        from.on('data', (chunk) => setTimeout(() => to.destroyed || to.write(chunk), workerData.delayMs));
        from.on('close', () => setTimeout(() => to.destroy(), workerData.delayMs));
      };
      forward(client, upstream);
      forward(upstream, client);
    });
    parentPort.on('message', (m) => {
      if (m === 'close') { for (const s of sockets) s.destroy(); proxy.close(); server.close(() => parentPort.postMessage({ closed: true })); }
    });
    server.listen(0, '127.0.0.1', () => {
      if (workerData.delayMs === 0) return parentPort.postMessage({ port: server.server.address().port });
      proxy.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: proxy.address().port }));
    });
  `;
  const worker = new Worker(source, {
    eval: true,
    workerData: { key: readFileSync(join(tlsDir, 'server.key')), cert: readFileSync(join(tlsDir, 'server.pem')), delayMs, ...user },
  });
  let accepted = 0;
  let bytes = 0;
  const ids: string[] = [];
  let waiting: { n: number; resolve: (at: number) => void } | null = null;
  const port = await new Promise<number>((resolve) => {
    worker.on('message', (m: { port?: number; accepted?: { bytes: number; messageId: string } }) => {
      if (m.port !== undefined) resolve(m.port);
      if (m.accepted) {
        accepted++;
        bytes += m.accepted.bytes;
        ids.push(m.accepted.messageId);
        if (waiting && accepted >= waiting.n) {
          waiting.resolve(now());
          waiting = null;
        }
      }
    });
  });
  return {
    port,
    accepted: () => accepted,
    bytes: () => bytes,
    messageIds: () => ids,
    until: (n) => (accepted >= n ? Promise.resolve(now()) : new Promise((resolve) => (waiting = { n, resolve }))),
    close: async () => {
      await new Promise<void>((resolve) => {
        worker.on('message', (m: { closed?: boolean }) => m.closed && resolve());
        worker.postMessage('close');
      });
      await worker.terminate();
    },
  };
}

async function call<T>(app: App, method: string, input: unknown): Promise<T> {
  const r = await app.dispatch(method, input);
  if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`);
  return r.data as T;
}

type Prepared = { from: { name: string; address: string }; to: string; replyTo: string; subject: string; text: string; attachments: { filename: string; content: Buffer; contentType: string }[] };

/** Time spent in the outbox's commits around each hand-over (an OBSERVER around the real methods). */
const commits = { ms: 0, on: false };
for (const name of ['claimForSending', 'markSent'] as const) {
  const plain = OutboxStore.prototype[name] as (this: OutboxStore, ...a: unknown[]) => unknown;
  (OutboxStore.prototype as unknown as Record<string, unknown>)[name] = function timedCommit(this: OutboxStore, ...a: unknown[]) {
    const t = now();
    try {
      return plain.apply(this, a);
    } finally {
      if (commits.on) commits.ms += now() - t;
    }
  };
}

/** Runs in the child: NODE_EXTRA_CA_CERTS trusts the bench CA here. */
async function measure(dir: string, count: number): Promise<Result> {
  const tlsDir = process.env.ARNIKA_BENCH_MAIL_DIR ?? dir;
  const setupStart = now();
  // The worker runs in the background as in the product: bulkSend wakes it.
  const app = await createApp({ dataDir: join(dir, 'data'), log: silentLogger });
  const practice = await call<{ id: string }>(app, 'practices.create', { practice: {
    name: 'Physiotherapie Arnika', therapistName: 'Anna Beispiel', profession: 'physiotherapy',
    address: { street: 'Bahnhofstrasse', houseNumber: '12', postalCode: '8001', town: 'Zürich', country: 'CH' },
    phone: '', email: 'praxis@example.ch', website: '', iban: 'CH4431999123000889012', qrReferencePrefix: '', zsrNumber: 'A123456',
    glnNumber: '', vatNumber: '', currency: 'CHF', defaultLanguage: 'de', paymentTermDays: 30,
  } });
  const service = await call<{ id: string }>(app, 'services.create', { practiceId: practice.id, service: { code: '7301', names: { de: 'Medizinische Massage, pro 5 Minuten', fr: 'Massage médical, par 5 minutes', it: 'Massaggio medico, per 5 minuti', en: 'Medical massage, per 5 minutes' }, unit: 'min5', priceMinor: 1_050, vatRateBasisPoints: 0, active: true } });
  const profileFieldsFor = (port: number) => ({
    name: 'Praxis', senderName: 'Physiotherapie Arnika', email: user.user, host: '127.0.0.1', port, security: 'tls', authMethod: 'password',
    username: user.user, replyTo: 'empfang@praxis-bench.ch', bccSelf: false,
  });
  const profile = await call<{ id: string }>(app, 'mail.saveProfile', { practiceId: practice.id, password: user.pass, profile: profileFieldsFor(1) });
  const warmup = 20;
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

  // The raw path sends what the outbox sends: the same text and the same stored PDF (read before timing).
  const prepare = async (id: string): Promise<Prepared> => {
    const e = await call<{ from: { name: string; address: string }; to: string; replyTo: string; subject: string; body: string; attachmentName: string }>(app, 'mail.prepareInvoiceEmail', { invoiceId: id });
    const pdf = await call<{ contentBase64: string }>(app, 'invoices.pdf', { id });
    return { from: e.from, to: e.to, replyTo: e.replyTo, subject: e.subject, text: e.body, attachments: [{ filename: e.attachmentName, content: Buffer.from(pdf.contentBase64, 'base64'), contentType: 'application/pdf' }] };
  };
  const prepared: Prepared[] = [];
  for (const id of ids) prepared.push(await prepare(id));
  const warmPrepared: Prepared[] = [];
  for (const id of warm) warmPrepared.push(await prepare(id));
  const outbox = app.outbox!;
  const idle = async () => {
    // The worker commits the last 'sent' just after the server's OK: let it finish before the next run.
    await outbox.drain();
  };

  const compare = async (delayMs: number, rounds: number): Promise<{ comparison: Comparison; messageIds: string[] }> => {
    const server = await serverThread(tlsDir, delayMs);
    await call(app, 'mail.saveProfile', { id: profile.id, practiceId: practice.id, profile: profileFieldsFor(server.port) });
    const transport = nodemailer.createTransport({
      pool: true, maxConnections: 1, host: '127.0.0.1', port: server.port, secure: true, auth: { user: user.user, pass: user.pass },
      tls: { minVersion: 'TLSv1.2' }, logger: false,
    });
    // Warm up both paths (TLS, JIT) outside the timed runs.
    await call(app, 'mail.bulkSend', { invoiceIds: warm, resend: warm });
    await server.until(warm.length);
    await idle();
    for (const m of warmPrepared) await transport.sendMail(m);

    const c: Comparison = { rounds: [], commitMs: 0, oursBytes: 0, rawBytes: 0, oursDelivered: 0, rawDelivered: 0 };
    const ourIds: string[] = [];
    for (let r = 0; r < rounds; r++) {
      const round = { oursEnqueueMs: 0, oursMs: 0, rawMs: 0, oursFirst: r % 2 === 0 };
      const ours = async () => {
        const before = { n: server.accepted(), bytes: server.bytes() };
        commits.ms = 0;
        commits.on = true;
        const t = now();
        await call(app, 'mail.bulkSend', { invoiceIds: ids, resend: ids });
        round.oursEnqueueMs = now() - t;
        round.oursMs = (await server.until(before.n + ids.length)) - t;
        commits.on = false;
        c.commitMs += commits.ms;
        c.oursDelivered += server.accepted() - before.n;
        c.oursBytes += server.bytes() - before.bytes;
        ourIds.push(...server.messageIds().slice(before.n));
        await idle();
      };
      const raw = async () => {
        const before = { n: server.accepted(), bytes: server.bytes() };
        const t = now();
        for (const m of prepared) await transport.sendMail(m);
        round.rawMs = (await server.until(before.n + prepared.length)) - t;
        c.rawDelivered += server.accepted() - before.n;
        c.rawBytes += server.bytes() - before.bytes;
      };
      if (round.oursFirst) {
        await ours();
        await raw();
      } else {
        await raw();
        await ours();
      }
      c.rounds.push(round);
    }
    transport.close();
    await server.close();
    const meanOurs = c.oursBytes / Math.max(1, c.oursDelivered);
    const meanRaw = c.rawBytes / Math.max(1, c.rawDelivered);
    if (Math.abs(meanOurs - meanRaw) > 0.02 * meanOurs) throw new Error(`ours and raw sent different messages: ${meanOurs} against ${meanRaw} bytes each`);
    return { comparison: c, messageIds: ourIds };
  };

  const remote = await compare(oneWayMs, 2);
  const loopback = await compare(0, 4);
  await app.shutdown();
  return {
    count,
    setupMs,
    pdfBytes: prepared[0]!.attachments[0]!.content.length,
    remote: remote.comparison,
    loopback: loopback.comparison,
    uniqueMessageIds: new Set([...remote.messageIds, ...loopback.messageIds]).size,
  };
}
