/** What the invoices domain gives a worker process (src/main/app/backupWorker.ts): reading the archive of documents, nothing that renders. */
export { documentBatch } from './documents.js';
