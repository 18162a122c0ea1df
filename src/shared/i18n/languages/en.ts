/**
 * Every message in English, merged from one file per domain.
 * One module per language, so the renderer can load the language in use alone (a chunk of its
 * own, app/i18n.tsx) while main and the tests take all four (catalogs.ts).
 */
import type { Catalog } from './de.js';
import { coreEn } from '../core/en.js';
import { platformEn } from '../platform/en.js';
import { uiEn } from '../ui/en.js';
import { mailEn } from '../mail/en.js';
import { mailUiEn } from '../mailUi/en.js';
import { sendUiEn } from '../sendUi/en.js';
import { invoicesEn } from '../invoices/en.js';
import { documentEn } from '../document/en.js';
import { supportEn } from '../support/en.js';
import { billingEn } from '../billing/en.js';
import { casesEn } from '../cases/en.js';
import { backupEn } from '../backup/en.js';
import { moneyEn } from '../money/en.js';
import { tarif590En } from '../tarif590/en.js';

export const en: Catalog = { ...coreEn, ...platformEn, ...uiEn, ...mailEn, ...mailUiEn, ...sendUiEn, ...invoicesEn, ...documentEn, ...supportEn, ...billingEn, ...casesEn, ...backupEn, ...moneyEn, ...tarif590En };
