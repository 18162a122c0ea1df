/** Where Arnika keeps its data when no folder is given: the same place Electron's userData points to. */
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultDataDir(platform = process.platform, env = process.env, home = homedir()): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Arnika');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Arnika');
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Arnika');
}
