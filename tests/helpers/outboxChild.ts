/**
 * Child process for the outbox crash tests (bundled by tests/integration/outbox-crash.test.ts).
 * Opens the data folder argv[2], queues the invoice argv[4] with mail.sendInvoice, prints
 * "queued <outboxId>" once that is committed, and stays alive until the test kills it (SIGKILL).
 * In mode bulk, argv[4] is a comma-separated list of invoices, queued with mail.bulkSend ("queued <batchId>").
 * argv[3] decides how far the outbox worker gets:
 *   enqueue-only    the worker is not started: the row stays queued
 *   send            the worker sends (the test kills it while the server stalls in DATA)
 *   bulk            the worker sends the batch (the test kills it while the server holds one message)
 *   pause-after-ok  the worker sends, and the afterSmtpOk TEST HOOK prints "smtp-ok <outboxId>" and
 *                   never returns: the server has accepted the message, 'sent' is not committed
 */
import { createApp } from '../../src/main/app/createApp.js';
import { silentLogger } from '../../src/main/app/log.js';
import { pinLocalhostDns } from './smtpServer.js';

const [dataDir, mode, invoiceId] = process.argv.slice(2) as [string, 'enqueue-only' | 'send' | 'pause-after-ok' | 'bulk', string];
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
const r = mode === 'bulk'
  ? await app.dispatch('mail.bulkSend', { invoiceIds: invoiceId.split(',') })
  : await app.dispatch('mail.sendInvoice', { invoiceId });
if (!r.ok) {
  process.stderr.write(`${mode === 'bulk' ? 'mail.bulkSend' : 'mail.sendInvoice'} failed: ${JSON.stringify(r.error)}\n`);
  process.exit(2);
}
const data = r.data as { outboxId?: string; batchId?: string };
process.stdout.write(`queued ${data.outboxId ?? data.batchId}\n`);
setInterval(() => {}, 60_000); // alive until killed
