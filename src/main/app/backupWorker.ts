/**
 * The backup worker's entry (bundled to dist/main/backupWorker.mjs by scripts/build.mjs): a child
 * process that describes, encrypts, reads back and checks one backup (src/main/backup/worker.ts),
 * wired here like createApp wires the main process, with the invoices' archive of documents. It
 * imports the domains' worker.ts, not their index.ts, so that it starts without loading the PDF
 * and mail libraries.
 */
import { serveBackupWorker } from '../backup/worker.js';
import { documentBatch } from '../invoices/worker.js';

serveBackupWorker({ documents: { batch: documentBatch } });
