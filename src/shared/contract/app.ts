import { z } from 'zod';
import { Language } from '../validation/fields.js';
import { method } from './define.js';

export const AppInfo = z.object({
  version: z.string(),
  dataDir: z.string(),
  needsSetup: z.boolean(),
  uiLanguage: Language,
  /**
   * Set when the data folder cannot be used: a database from a newer Arnika, another Arnika holding
   * the folder (details: pid, host, since), the database missing from a folder that was used before.
   */
  startupError: z
    .object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.union([z.string(), z.number()])).optional() })
    .nullable(),
  /** The database is damaged: Arnika shows what can still be read and refuses every change (storage.corrupt). */
  databaseDamaged: z.boolean(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const Settings = z.object({ uiLanguage: Language });
export type Settings = z.infer<typeof Settings>;

export const appMethods = {
  'app.info': method(z.strictObject({}), AppInfo),
  'settings.get': method(z.strictObject({}), Settings),
  'settings.update': method(z.strictObject({ uiLanguage: Language }), Settings),
  /**
   * After the user confirmed it on the screen that says the database is missing or empty
   * (storage.missing, storage.empty): sets what is there aside under backups/ and starts with a new,
   * empty database. Refused (storage.database_exists) in every other situation.
   */
  'storage.createNew': method(z.strictObject({}), z.object({ setAsideIn: z.string().nullable() })),
  /** The data folder's log for support (codes, ids, stack frames; no patient data), bounded; the UI offers it as a download. */
  'app.exportLog': method(z.strictObject({}), z.object({ fileName: z.string(), content: z.string() })),
};
