/**
 * Every message in Italian, merged from one file per domain.
 * One module per language, so the renderer can load the language in use alone (a chunk of its
 * own, app/i18n.tsx) while main and the tests take all four (catalogs.ts).
 */
import type { Catalog } from './de.js';
import { coreIt } from '../core/it.js';
import { platformIt } from '../platform/it.js';
import { uiIt } from '../ui/it.js';
import { mailIt } from '../mail/it.js';
import { mailUiIt } from '../mailUi/it.js';
import { sendUiIt } from '../sendUi/it.js';
import { invoicesIt } from '../invoices/it.js';
import { documentIt } from '../document/it.js';
import { supportIt } from '../support/it.js';
import { billingIt } from '../billing/it.js';
import { casesIt } from '../cases/it.js';
import { backupIt } from '../backup/it.js';
import { moneyIt } from '../money/it.js';
import { tarif590It } from '../tarif590/it.js';

export const it: Catalog = { ...coreIt, ...platformIt, ...uiIt, ...mailIt, ...mailUiIt, ...sendUiIt, ...invoicesIt, ...documentIt, ...supportIt, ...billingIt, ...casesIt, ...backupIt, ...moneyIt, ...tarif590It };
