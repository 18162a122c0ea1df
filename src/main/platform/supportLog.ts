/** "Logdatei exportieren": the data folder's log as one text for support, with what Arnika it came from. */
import type { Clock } from './clock.js';
import { localDate } from './clock.js';
import { logDir } from './log.js';
import { readLogFiles } from './logFile.js';
import { appVersion } from './version.js';

/** Bounded (readLogFiles keeps the newest 4 MB); the renderer offers it as a download, never as a path. */
export function exportLog(dataDir: string, clock: Clock): { fileName: string; content: string } {
  const electron = process.versions.electron ? `, Electron ${process.versions.electron}` : '';
  const header = `Arnika ${appVersion}, log exported ${clock.now().toISOString()}; ${process.platform} ${process.arch}, Node ${process.versions.node}${electron}\n\n`;
  const body = readLogFiles(logDir(dataDir));
  return { fileName: `arnika-log-${localDate(clock)}.txt`, content: header + (body === '' ? '(nothing logged yet)\n' : body) };
}
