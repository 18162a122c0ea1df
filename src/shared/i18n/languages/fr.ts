/**
 * Every message in French, merged from one file per domain.
 * One module per language, so the renderer can load the language in use alone (a chunk of its
 * own, app/i18n.tsx) while main and the tests take all four (catalogs.ts).
 */
import type { Catalog } from './de.js';
import { coreFr } from '../core/fr.js';
import { platformFr } from '../platform/fr.js';
import { uiFr } from '../ui/fr.js';
import { mailFr } from '../mail/fr.js';
import { mailUiFr } from '../mailUi/fr.js';
import { sendUiFr } from '../sendUi/fr.js';
import { invoicesFr } from '../invoices/fr.js';
import { documentFr } from '../document/fr.js';
import { supportFr } from '../support/fr.js';
import { billingFr } from '../billing/fr.js';
import { casesFr } from '../cases/fr.js';
import { backupFr } from '../backup/fr.js';
import { moneyFr } from '../money/fr.js';
import { tarif590Fr } from '../tarif590/fr.js';

export const fr: Catalog = { ...coreFr, ...platformFr, ...uiFr, ...mailFr, ...mailUiFr, ...sendUiFr, ...invoicesFr, ...documentFr, ...supportFr, ...billingFr, ...casesFr, ...backupFr, ...moneyFr, ...tarif590Fr };
