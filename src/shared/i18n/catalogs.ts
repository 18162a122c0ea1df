/**
 * The four catalogs, merged from one file per domain and language so that each domain keeps its
 * own messages. German is the source: every other language must hold exactly its keys (the type
 * below checks at compile time, tests/unit/i18n.test.ts at run time).
 */
import { coreDe } from './core/de.js';
import { platformDe } from './platform/de.js';
import { documentDe } from './document/de.js';
import { platformFr } from './platform/fr.js';
import { documentFr } from './document/fr.js';
import { platformIt } from './platform/it.js';
import { documentIt } from './document/it.js';
import { platformEn } from './platform/en.js';
import { documentEn } from './document/en.js';
import { uiDe } from './ui/de.js';
import { mailDe } from './mail/de.js';
import { invoicesDe } from './invoices/de.js';
import { coreFr } from './core/fr.js';
import { uiFr } from './ui/fr.js';
import { mailFr } from './mail/fr.js';
import { invoicesFr } from './invoices/fr.js';
import { coreIt } from './core/it.js';
import { uiIt } from './ui/it.js';
import { mailIt } from './mail/it.js';
import { invoicesIt } from './invoices/it.js';
import { coreEn } from './core/en.js';
import { uiEn } from './ui/en.js';
import { mailEn } from './mail/en.js';
import { invoicesEn } from './invoices/en.js';
import { mailUiDe } from './mailUi/de.js';
import { mailUiFr } from './mailUi/fr.js';
import { mailUiIt } from './mailUi/it.js';
import { mailUiEn } from './mailUi/en.js';
import { sendUiDe } from './sendUi/de.js';
import { sendUiFr } from './sendUi/fr.js';
import { sendUiIt } from './sendUi/it.js';
import { sendUiEn } from './sendUi/en.js';
import { supportDe } from './support/de.js';
import { supportFr } from './support/fr.js';
import { supportIt } from './support/it.js';
import { supportEn } from './support/en.js';
import { billingDe } from './billing/de.js';
import { casesDe } from './cases/de.js';
import { billingFr } from './billing/fr.js';
import { casesFr } from './cases/fr.js';
import { billingIt } from './billing/it.js';
import { casesIt } from './cases/it.js';
import { billingEn } from './billing/en.js';
import { casesEn } from './cases/en.js';
import { tarif590De } from './tarif590/de.js';
import { tarif590Fr } from './tarif590/fr.js';
import { tarif590It } from './tarif590/it.js';
import { tarif590En } from './tarif590/en.js';

export const de = { ...coreDe, ...platformDe, ...uiDe, ...mailDe, ...mailUiDe, ...sendUiDe, ...invoicesDe, ...documentDe, ...supportDe, ...billingDe, ...casesDe, ...tarif590De };
export type MessageKey = keyof typeof de;
export type Catalog = Record<MessageKey, string>;

export const fr: Catalog = { ...coreFr, ...platformFr, ...uiFr, ...mailFr, ...mailUiFr, ...sendUiFr, ...invoicesFr, ...documentFr, ...supportFr, ...billingFr, ...casesFr, ...tarif590Fr };
export const it: Catalog = { ...coreIt, ...platformIt, ...uiIt, ...mailIt, ...mailUiIt, ...sendUiIt, ...invoicesIt, ...documentIt, ...supportIt, ...billingIt, ...casesIt, ...tarif590It };
export const en: Catalog = { ...coreEn, ...platformEn, ...uiEn, ...mailEn, ...mailUiEn, ...sendUiEn, ...invoicesEn, ...documentEn, ...supportEn, ...billingEn, ...casesEn, ...tarif590En };
