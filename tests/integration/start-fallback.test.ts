/**
 * `npm start` where the Electron binary cannot be had (here: its download is refused, ELECTRON_MIRROR
 * pointing at a closed port): the launcher says so in one sentence and runs browser mode instead, on
 * the data folder the desktop app would use (XDG_CONFIG_HOME/Arnika on Linux), printing the address
 * (BROWSER=none: no browser is opened). Ctrl-C (SIGTERM here) ends both.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { expect, test } from 'vitest';
import { closedPort } from '../helpers/smtpServer.js';
import { tempDir } from '../helpers/app.js';

const root = join(__dirname, '..', '..');
const hasElectronBinary = existsSync(join(root, 'node_modules', 'electron', 'dist'));

test.skipIf(hasElectronBinary)('npm start without the Electron binary says so once and starts browser mode on the same data folder', async () => {
  const config = tempDir('arnika-xdg-');
  const child = spawn(process.execPath, [join(root, 'scripts', 'start-electron.mjs')], {
    cwd: root,
    env: {
      ...process.env, XDG_CONFIG_HOME: config, BROWSER: 'none', ARNIKA_PORT: '0', ARNIKA_TOKEN: 'fallback-token-0123456789',
      ELECTRON_MIRROR: `http://127.0.0.1:${await closedPort()}/`, electron_config_cache: join(config, 'electron-cache'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`the launcher exited with ${code}:\n${stderr}`)));
      createInterface({ input: child.stdout }).on('line', (line) => {
        const m = /^Arnika ready: (http:\/\/127\.0\.0\.1:\d+\/)#token=fallback-token-0123456789$/.exec(line);
        if (m) resolve(m[1]!);
      });
    });
    const sentences = stderr.split('\n').filter((l) => l.startsWith('Arnika:'));
    expect(sentences).toHaveLength(1);
    expect(sentences[0]).toMatch(/^Arnika: Electron could not be downloaded \(.*ECONNREFUSED.*\), so the desktop window cannot start here and Arnika opens in your web browser instead, with the same data\.$/);
    // The page is there, and the data folder is the desktop app's default.
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    expect(existsSync(join(config, 'Arnika', 'arnika.sqlite'))).toBe(true);
    expect(stderr).toContain(`data folder: ${join(config, 'Arnika')}`);
  } finally {
    const exited = new Promise<number | null>((resolve) => {
      if (child.exitCode !== null) resolve(child.exitCode);
      else child.once('exit', (code) => resolve(code));
    });
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }
}, 90_000);
