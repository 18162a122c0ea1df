/**
 * All four catalogs, loaded: what main and the tests use (the renderer uses translate.ts and loads
 * only the language in use). `catalogs` is the live set translate() reads.
 */
import type { Language } from '../validation/fields.js';
import { en, fr, it, type Catalog } from './catalogs.js';
import { loaded, registerCatalog } from './translate.js';

registerCatalog('fr', fr);
registerCatalog('it', it);
registerCatalog('en', en);

export const catalogs = loaded as Record<Language, Catalog>;
export { hasKey, translate, translatePlural, type Catalog, type MessageKey, type PluralBase } from './translate.js';
