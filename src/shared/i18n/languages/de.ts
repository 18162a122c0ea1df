/**
 * Every message in German (the source: every other language holds exactly its keys), merged from one file per domain.
 * One module per language, so the renderer can load the language in use alone (a chunk of its
 * own, app/i18n.tsx) while main and the tests take all four (catalogs.ts).
 */
import { coreDe } from '../core/de.js';
import { platformDe } from '../platform/de.js';
import { uiDe } from '../ui/de.js';
import { mailDe } from '../mail/de.js';
import { mailUiDe } from '../mailUi/de.js';
import { sendUiDe } from '../sendUi/de.js';
import { invoicesDe } from '../invoices/de.js';
import { documentDe } from '../document/de.js';
import { supportDe } from '../support/de.js';
import { billingDe } from '../billing/de.js';
import { casesDe } from '../cases/de.js';
import { backupDe } from '../backup/de.js';
import { moneyDe } from '../money/de.js';
import { tarif590De } from '../tarif590/de.js';

export const de = { ...coreDe, ...platformDe, ...uiDe, ...mailDe, ...mailUiDe, ...sendUiDe, ...invoicesDe, ...documentDe, ...supportDe, ...billingDe, ...casesDe, ...backupDe, ...moneyDe, ...tarif590De };
export type MessageKey = keyof typeof de;
export type Catalog = Record<MessageKey, string>;
