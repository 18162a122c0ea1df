/**
 * Child process for the I/O error test, started under a file-size limit (prlimit --fsize): opens
 * Arnika on argv[2] and creates patients with a long anamnesis until a call fails; prints one JSON
 * line with the failure and how many patients the app then lists (what was confirmed, nothing half).
 */
import { createApp } from '../../src/main/app/createApp.js';
import { silentLogger } from '../../src/main/platform/log.js';
import { patientInput } from './fixtures.js';

const app = await createApp({ dataDir: process.argv[2]!, log: silentLogger, mail: { autoStart: false } });
let created = 0;
let failure: unknown = null;
for (let i = 0; i < 200 && failure === null; i++) {
  const r = await app.dispatch('patients.create', { patient: patientInput({ lastName: `Gross${i}`, anamnesis: `Anamnese ${i} `.repeat(1_500) }) });
  if (r.ok) created++;
  else failure = r.error;
}
const listed = await app.dispatch('patients.list', { status: 'all' });
process.stdout.write(`${JSON.stringify({ failure, created, listed: listed.ok ? (listed.data as { total: number }).total : listed.error })}\n`);
app.close();
