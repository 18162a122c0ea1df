import { z } from 'zod';
import { Language } from '../validation/fields.js';
import { method } from './define.js';

export const AppInfo = z.object({
  version: z.string(),
  dataDir: z.string(),
  needsSetup: z.boolean(),
  uiLanguage: Language,
  /** Set when the data folder cannot be used (for example a database from a newer Arnika). */
  startupError: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const Settings = z.object({ uiLanguage: Language });
export type Settings = z.infer<typeof Settings>;

export const appMethods = {
  'app.info': method(z.strictObject({}), AppInfo),
  'settings.get': method(z.strictObject({}), Settings),
  'settings.update': method(z.strictObject({ uiLanguage: Language }), Settings),
  /** The data folder's log for support (codes, ids, stack frames; no patient data), bounded; the UI offers it as a download. */
  'app.exportLog': method(z.strictObject({}), z.object({ fileName: z.string(), content: z.string() })),
};
