/**
 * The renderer's way to a language: its catalog as a chunk of its own, fetched when the language
 * is first used (German is built in). Each import names its module so the bundler splits it out.
 */
import type { Language } from '../validation/fields.js';
import { isLoaded, registerCatalog } from './translate.js';

const chunks = {
  fr: () => import('./languages/fr.js').then((m) => m.fr),
  it: () => import('./languages/it.js').then((m) => m.it),
  en: () => import('./languages/en.js').then((m) => m.en),
};

export async function loadLanguage(lang: Language): Promise<void> {
  if (isLoaded(lang) || lang === 'de') return;
  registerCatalog(lang, await chunks[lang]());
}
