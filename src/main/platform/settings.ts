/** Owns installation-wide settings (key/value): UI language, and later the workstation's number range. */
import type { Settings } from '../../shared/contract/index.js';
import type { Language } from '../../shared/validation/fields.js';
import type { Db } from './db/open.js';

export class SettingsStore {
  constructor(private readonly db: Db) {}

  getValue(key: string): string | undefined {
    return (this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  }

  setValue(key: string, value: string): void {
    this.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  get(): Settings {
    return { uiLanguage: (this.getValue('ui.language') as Language | undefined) ?? 'de' };
  }

  update(s: Settings): Settings {
    this.setValue('ui.language', s.uiLanguage);
    return this.get();
  }
}
