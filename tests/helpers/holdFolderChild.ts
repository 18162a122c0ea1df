/**
 * Child process for the folder-lock tests: starts Arnika on the data folder argv[2] as host argv[3]
 * ('desktop' or 'browser'), with the outbox worker not started, prints one JSON line with its
 * startup error (null when it holds the folder) and then stays until it is killed.
 */
import { createApp } from '../../src/main/app/createApp.js';
import { silentLogger } from '../../src/main/platform/log.js';

const dataDir = process.argv[2]!;
const host = process.argv[3] === 'desktop' ? 'desktop' : 'browser';
const app = await createApp({ dataDir, host, log: silentLogger, mail: { autoStart: false } });
const info = await app.dispatch('app.info', {});
process.stdout.write(`${JSON.stringify({ startupError: info.ok ? (info.data as { startupError: unknown }).startupError : info.error })}\n`);
process.on('SIGTERM', () => {
  app.close();
  process.exit(0);
});
setInterval(() => {}, 1 << 30);
