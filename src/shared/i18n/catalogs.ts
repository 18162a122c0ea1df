/**
 * The four catalogs (src/shared/i18n/languages/<lang>.ts, each merged from one file per domain and
 * language, so that each domain keeps its own messages). German is the source: every other language
 * must hold exactly its keys (the Catalog type checks at compile time, tests/unit/i18n.test.ts at
 * run time). Main and the tests import all four from here; the renderer loads the one in use.
 */
export { de, type Catalog, type MessageKey } from './languages/de.js';
export { fr } from './languages/fr.js';
export { it } from './languages/it.js';
export { en } from './languages/en.js';
