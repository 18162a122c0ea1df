/**
 * Child process for the outbox crash tests (bundled by tests/integration/outbox-crash.test.ts).
 * Opens the data folder argv[2], queues the invoice argv[4] with mail.sendInvoice, prints
 * "queued <outboxId>" once that is committed, and stays alive until the test kills it (SIGKILL).
 * In mode bulk, argv[4] is a comma-separated list of invoices, queued with mail.bulkSend ("queued <batchId>").
 * argv[3] decides how far the outbox worker gets:
 *   enqueue-only    the worker is not started: the row stays queued
 *   send            the worker sends (the test stops or kills it from outside while the server holds
 *                   the message, or its answer)
 *   bulk            the worker sends the batch (the test kills it while the server holds one message)
 */
import { createApp } from '../../src/main/app/createApp.js';
import { silentLogger } from '../../src/main/platform/log.js';
import { pinLocalhostDns } from './smtpServer.js';

const [dataDir, mode, invoiceId] = process.argv.slice(2) as [string, 'enqueue-only' | 'send' | 'bulk', string];
pinLocalhostDns();
const app = await createApp({ dataDir, log: silentLogger, mail: { autoStart: mode !== 'enqueue-only' } });
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
