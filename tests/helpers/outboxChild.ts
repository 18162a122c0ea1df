/**
 * Child process for the outbox crash tests (bundled by tests/integration/outbox-crash.test.ts).
 * Opens the data folder argv[2], queues the invoice argv[4] with mail.sendInvoice, prints
 * "queued <outboxId>" once that is committed, and stays alive until the test kills it (SIGKILL).
 * argv[3] decides how far the outbox worker gets:
 *   enqueue-only    the worker is not started: the row stays queued
 *   send            the worker sends (the test kills it while the server stalls in DATA)
 *   pause-after-ok  the worker sends, and the afterSmtpOk TEST HOOK prints "smtp-ok <outboxId>" and
 *                   never returns: the server has accepted the message, 'sent' is not committed
 */
import { createApp } from '../../src/main/app/createApp.js';
import { silentLogger } from '../../src/main/app/log.js';
import { pinLocalhostDns } from './smtpServer.js';

const [dataDir, mode, invoiceId] = process.argv.slice(2) as [string, 'enqueue-only' | 'send' | 'pause-after-ok', string];
pinLocalhostDns();
const app = await createApp({
  dataDir,
  log: silentLogger,
  mail: {
    autoStart: mode !== 'enqueue-only',
    ...(mode === 'pause-after-ok'
      ? {
        testHooks: {
          afterSmtpOk: (outboxId: string) => {
            process.stdout.write(`smtp-ok ${outboxId}\n`);
            return new Promise<void>(() => {});
          },
        },
      }
      : {}),
  },
});
const r = await app.dispatch('mail.sendInvoice', { invoiceId });
if (!r.ok) {
  process.stderr.write(`mail.sendInvoice failed: ${JSON.stringify(r.error)}\n`);
  process.exit(2);
}
process.stdout.write(`queued ${(r.data as { outboxId: string }).outboxId}\n`);
setInterval(() => {}, 60_000); // alive until killed
