/**
 * The invoice PDF end to end: render real snapshots, read the QR codes back from 300 dpi page
 * images with pdftoppm + jsqr, read the text with pdftotext, and compare with the snapshot.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderInvoicePdf } from '../../src/main/invoices/pdf/render.js';
import { minorToQrAmount } from '../../src/main/invoices/pdf/qrData.js';
import { InvoiceSnapshot, checkPrintable } from '../../src/main/invoices/snapshot.js';
import { AppError } from '../../src/shared/errors.js';
import { MAX_AMOUNT_MINOR, minorToDecimalString } from '../../src/shared/money.js';
import { compact } from '../../src/shared/validation/checksums.js';
import {
  NORMAL_CH_IBAN, SWISS_QR_REGION, chfSnapshot, decodeQrOnPage, eurSnapshot, finishSnapshot, line, pageCount, parseEpc, parseSwissQr,
  pdfText, pdfWorkspace, qrCodesInPdf, type PdfWorkspace,
} from '../helpers/pdf.js';

const run = promisify(execFile);
let ws: PdfWorkspace;

beforeAll(async () => {
  ws = await pdfWorkspace();
});
afterAll(async () => {
  await ws.cleanup();
});

async function render(snapshot: InvoiceSnapshot): Promise<{ path: string; pages: number; bytes: Buffer }> {
  const bytes = await renderInvoicePdf(snapshot);
  const path = await ws.write(bytes);
  return { path, pages: await pageCount(path), bytes };
}

/** A CHF invoice on a normal IBAN (so SCOR), VAT registered with two rates, recipient abroad. */
function scorSnapshot(language: InvoiceSnapshot['language'] = 'fr'): InvoiceSnapshot {
  const base = chfSnapshot();
  return finishSnapshot({
    ...base,
    language,
    paymentReference: undefined,
    texts: {},
    practice: { ...base.practice, iban: NORMAL_CH_IBAN, ibanIsQr: false, vatNumber: 'CHE-116.281.710 MWST' },
    recipient: {
      nameLines: ['Famille Dvořák', 'c/o Łukasz Ærø'],
      address: { street: 'Rue du Lac', houseNumber: '3', postalCode: '74000', town: 'Annecy', country: 'FR' },
      email: '',
    },
    lines: [
      line({ date: '2026-02-02', code: '1203', text: 'Massage classique, 60 min', quantityHundredths: 1200, unitPriceMinor: 1000, unit: '5min', vatRateBasisPoints: 810 }),
      line({ date: '2026-02-09', code: '', text: 'Huile de massage Ș ș Ț ț €', quantityHundredths: 150, unitPriceMinor: 1033, unit: 'item', vatRateBasisPoints: 260 }),
    ],
  });
}

describe('Swiss QR-bill round trip', () => {
  it('QR-IBAN with QR reference: every payload field is what the snapshot says', async () => {
    const s = chfSnapshot();
    const { path, pages } = await render(s);
    expect(pages).toBe(1);
    const payload = await decodeQrOnPage(path, pages, SWISS_QR_REGION);
    expect(payload).not.toBeNull();
    const qr = parseSwissQr(payload as string);
    expect([qr.qrType, qr.version, qr.coding]).toEqual(['SPC', '0200', '1']);
    expect(qr.iban).toBe(compact(s.practice.iban));
    expect(qr.creditor).toEqual({
      addressType: 'S', name: 'Physiotherapie Dvořák', street: 'Bahnhofstrasse', houseNumber: '12a', postalCode: '8001', town: 'Zürich', country: 'CH',
    });
    expect(qr.ultimateCreditor).toEqual(['', '', '', '', '', '', '']);
    expect(qr.amount).toBe('123.45');
    expect(qr.amount).toBe(minorToDecimalString(s.totals.totalMinor));
    expect(qr.currency).toBe('CHF');
    expect(qr.debtor).toEqual({
      addressType: 'S', name: 'Łukasz Ærø', street: 'Seestrasse', houseNumber: '5', postalCode: '3000', town: 'Bern', country: 'CH',
    });
    expect(s.paymentReference.type).toBe('QRR');
    expect(qr.referenceType).toBe('QRR');
    expect(qr.reference).toBe(s.paymentReference.value);
    expect(qr.reference).toBe('000000000000000002026000429');
    expect(qr.message).toBe('Rechnung 2026-00042');
    expect(qr.trailer).toBe('EPD');
    expect(qr.billingInformation).toBe('//S1/10/2026-00042/11/260214');
    expect(qr.alternativeSchemes).toEqual([]);
  });

  it('normal IBAN with creditor reference, VAT and a foreign debtor', async () => {
    const s = scorSnapshot('fr');
    expect(s.totals.vat.map((g) => g.rateBasisPoints)).toEqual([810, 260]);
    const { path, pages } = await render(s);
    const qr = parseSwissQr((await decodeQrOnPage(path, pages, SWISS_QR_REGION)) as string);
    expect(qr.iban).toBe('CH9300762011623852957');
    expect(qr.amount).toBe(minorToDecimalString(s.totals.totalMinor));
    expect(qr.debtor).toEqual({
      addressType: 'S', name: 'Famille Dvořák', street: 'Rue du Lac', houseNumber: '3', postalCode: '74000', town: 'Annecy', country: 'FR',
    });
    expect(qr.referenceType).toBe('SCOR');
    expect(qr.reference).toBe('RF89202600042');
    expect(qr.reference).toBe(s.paymentReference.value);
    expect(qr.message).toBe('Facture 2026-00042');
    const net810 = minorToDecimalString(s.totals.vat[0]!.netMinor);
    const net260 = minorToDecimalString(s.totals.vat[1]!.netMinor);
    expect(qr.billingInformation).toBe(`//S1/10/2026-00042/11/260214/30/116281710/32/8.1:${net810};2.6:${net260}`);
  });

  it('passes amounts from whole Rappen through a float only when they round-trip', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_AMOUNT_MINOR }), (minor) => {
        expect(minorToQrAmount(minor).toFixed(2)).toBe(minorToDecimalString(minor));
      }),
      { numRuns: 5000 },
    );
    expect(minorToQrAmount(MAX_AMOUNT_MINOR).toFixed(2)).toBe('999999999.99');
  });
});

describe('EUR invoice (German practice)', () => {
  it('has no Swiss QR-bill but a GiroCode with IBAN, amount and the invoice number', async () => {
    const s = eurSnapshot();
    const { path, pages } = await render(s);
    expect(pages).toBe(1);
    // The GiroCode sits at the right margin below the totals; decode that strip only (jsqr is slow on a whole page).
    const epc = parseEpc((await decodeQrOnPage(path, pages, { x: 145, y: 90, width: 60, height: 207 })) as string);
    expect(epc).toEqual({
      serviceTag: 'BCD', version: '002', encoding: '1', identification: 'SCT', bic: 'COBADEFFXXX', name: 'Praxis für Osteopathie Łukasz Nowak',
      iban: 'DE89370400440532013000', amount: 'EUR190.00', purpose: '', structuredRemittance: '', unstructuredRemittance: 'Rechnung RE-2026-0007',
    });
    const text = await pdfText(path);
    expect(text).toContain('RE-2026-0007');
    expect(text).toContain('190,00');
    expect(text).toContain('DE89 3704 0044 0532 0130 00');
    expect(text).toContain('Umsatzsteuerfrei gemäß § 4 Nr. 14 UStG.');
    expect(text).not.toContain('Zahlteil');
    expect(text).not.toContain('Empfangsschein');
  });
});

describe('cancellation notice (Storno)', () => {
  const cases: [string, InvoiceSnapshot, string[], string[]][] = [
    ['de, QR-IBAN', chfSnapshot(), ['Storniert am 02.03.2026 – nicht bezahlen', 'Grund: Doppelt erfasst'], ['Zahlteil', 'Empfangsschein', 'Zahlbar bis']],
    ['fr, creditor reference', scorSnapshot('fr'), ['Annulée le 02.03.2026 – ne pas payer', 'Motif : Doppelt erfasst'], ['Section paiement', 'Récépissé', 'Payable jusqu’au']],
    ['it', scorSnapshot('it'), ['Annullata il 02.03.2026 – non pagare', 'Motivo: Doppelt erfasst'], ['Sezione pagamento', 'Ricevuta', 'Pagabile entro il']],
    ['en', chfSnapshot({ language: 'en' }), ['Cancelled on 02.03.2026 – do not pay', 'Reason: Doppelt erfasst'], ['Payment part', 'Receipt', 'Payable by']],
    ['de, EUR with GiroCode', eurSnapshot(), ['Storniert am 02.03.2026 – nicht bezahlen', 'Grund: Doppelt erfasst'], ['Bankverbindung', 'GiroCode', 'Zahlbar bis']],
  ];

  it.each(cases)('%s: no QR code anywhere, no payment part, "do not pay" with the reason; the invoice itself has its code', async (_name, snapshot, says, absent) => {
    // The same scan finds the payment code on the invoice: it would find one on the notice too.
    const invoice = await render(snapshot);
    expect(await qrCodesInPdf(invoice.path)).toHaveLength(1);

    const notice = await render({ ...snapshot, cancelled: { date: '2026-03-02', reason: 'Doppelt erfasst' } });
    expect(await qrCodesInPdf(notice.path)).toEqual([]);
    // (The big rotated stamp's letters land between words in pdftotext's layout: each phrase on its own.)
    const text = (await pdfText(notice.path)).replace(/\s+/g, ' ');
    for (const phrase of says) expect(text).toContain(phrase);
    expect(text).toContain(snapshot.invoiceNumber);
    for (const word of absent) expect(text).not.toContain(word);
  });
});

describe('printed text', () => {
  it('carries the invoice number, total, patient and every special character', async () => {
    const s = chfSnapshot();
    const { path } = await render(s);
    const text = await pdfText(path);
    for (const expected of ['2026-00042', '123.45', 'Dvořák', 'Łukasz', 'Ærø', 'Zoë Müller-Lüdenscheidt', '09.03.2015', '14.02.2026', '16.03.2026']) {
      expect(text, expected).toContain(expected);
    }
    for (const label of ['Rechnung 2026-00042', 'Zahlteil', 'Empfangsschein', 'Nicht MWST-pflichtig.', 'Total CHF', 'ZSR-Nr. A123456']) {
      expect(text, label).toContain(label);
    }
  });

  it('embeds Liberation Sans (regular and bold) and nothing else', async () => {
    const { path } = await render(chfSnapshot());
    const { stdout } = await run('pdffonts', [path]);
    const rows = stdout.split('\n').slice(2).filter((l) => l.trim() !== '');
    expect(rows.length).toBe(2);
    expect(rows.every((r) => /LiberationSans(-Bold)?\s+CID TrueType\s+Identity-H\s+yes\s+yes/.test(r))).toBe(true);
    expect(stdout).not.toContain('Helvetica');
  });

  it.each([
    ['fr', ['Facture 2026-00042', 'Section paiement', 'Récépissé', 'N° de facture', 'Montant', 'TVA 8.1 % sur', 'Sous-total', 'FRANCE', 'Ș ș Ț ț €']],
    ['it', ['Fattura 2026-00042', 'Sezione pagamento', 'Ricevuta', 'N. fattura', 'Importo', 'IVA 8.1 % su', 'Subtotale']],
    ['en', ['Invoice 2026-00042', 'Payment part', 'Receipt', 'Invoice number', 'Amount', 'VAT 8.1 % on', 'Subtotal']],
  ] as const)('speaks %s', async (language, labels) => {
    const s = scorSnapshot(language);
    const { path } = await render(s);
    const text = await pdfText(path);
    for (const label of labels) expect(text, label).toContain(label);
    expect(text).not.toContain('Rechnung');
  });
});

describe('long invoices', () => {
  const many = (n: number) =>
    Array.from({ length: n }, (_, i) =>
      line({
        date: `2026-01-${String((i % 28) + 1).padStart(2, '0')}`, code: '1203', text: `Behandlung Nr. ${i + 1}${i % 4 === 0 ? ', mit ausführlicher Beschreibung der Übungen für zu Hause und Wärmeanwendung' : ''}`,
        quantityHundredths: 600, unitPriceMinor: 1000, unit: '5min', vatRateBasisPoints: 0,
      }),
    );

  it('breaks pages, repeats the header and puts the QR-bill on the last page', async () => {
    const s = chfSnapshot({ lines: many(45) });
    const { path, pages } = await render(s);
    expect(pages).toBeGreaterThanOrEqual(2);
    const text = await pdfText(path);
    for (let i = 1; i <= 45; i++) expect(text).toContain(`Behandlung Nr. ${i}`);
    for (let p = 2; p <= pages; p++) {
      const pageText = await pdfText(path, p);
      expect(pageText).toContain('Rechnung 2026-00042 · Fortsetzung');
      expect(pageText).toContain(`Seite ${p} von ${pages}`);
    }
    expect(await pdfText(path, pages)).toContain('Zahlteil');
    for (let p = 1; p < pages; p++) expect(await pdfText(path, p)).not.toContain('Zahlteil');
    const qr = parseSwissQr((await decodeQrOnPage(path, pages, SWISS_QR_REGION)) as string);
    expect(qr.amount).toBe(minorToDecimalString(s.totals.totalMinor));
    expect(qr.amount).toBe('2700.00');
  });

  it('starts a new page for the payment part when the last page is too full', async () => {
    // Find a line count whose totals end low on the page: the payment part must move to a fresh page.
    let moved = false;
    for (let n = 8; n <= 16 && !moved; n++) {
      const s = chfSnapshot({ lines: many(n) });
      const { path, pages } = await render(s);
      const last = await pdfText(path, pages);
      if (pages >= 2 && !last.includes('Behandlung Nr.') && last.includes('Zahlteil')) {
        moved = true;
        expect((await pdfText(path, pages - 1)).includes(`Behandlung Nr. ${n}`)).toBe(true);
        const qr = parseSwissQr((await decodeQrOnPage(path, pages, SWISS_QR_REGION)) as string);
        expect(qr.reference).toBe(s.paymentReference.value);
      }
    }
    expect(moved).toBe(true);
  });
});

describe('determinism', () => {
  it('renders the same snapshot to identical bytes, also after a trip through stored JSON', async () => {
    for (const s of [chfSnapshot(), scorSnapshot('it'), eurSnapshot()]) {
      const a = await renderInvoicePdf(s);
      const stored = JSON.stringify(s);
      const b = await renderInvoicePdf(InvoiceSnapshot.parse(JSON.parse(stored)));
      expect(a.equals(b)).toBe(true);
    }
  });

  it('dates the PDF by the invoice date, not the clock', async () => {
    const { path, bytes } = await render(chfSnapshot());
    const { stdout } = await run('pdfinfo', ['-isodates', path]);
    expect(stdout).toMatch(/CreationDate:\s+2026-02-14T00:00:00(Z|\+00)/);
    expect(stdout).toMatch(/ModDate:\s+2026-02-14T00:00:00(Z|\+00)/);
    const other = await renderInvoicePdf(chfSnapshot({ invoiceDate: '2026-02-15' }));
    expect(other.equals(bytes)).toBe(false);
  });
});

describe('checkPrintable', () => {
  const keys = (s: InvoiceSnapshot) => checkPrintable(s).map((p) => `${p.path} ${p.key}`);

  it('accepts the fixtures', () => {
    expect(checkPrintable(chfSnapshot())).toEqual([]);
    expect(checkPrintable(scorSnapshot())).toEqual([]);
    expect(checkPrintable(eurSnapshot())).toEqual([]);
  });

  it('refuses a QR-IBAN without QR reference, and a QR reference on a normal IBAN', () => {
    const s = chfSnapshot();
    expect(keys({ ...s, paymentReference: { type: 'SCOR', value: 'RF89202600042' } })).toContain('paymentReference inv.qr_iban_needs_qr_reference');
    expect(keys({ ...s, paymentReference: { type: 'NON', value: '' } })).toContain('paymentReference inv.qr_iban_needs_qr_reference');
    const normal = { ...s, practice: { ...s.practice, iban: NORMAL_CH_IBAN, ibanIsQr: false } };
    expect(keys(normal)).toContain('paymentReference inv.qr_reference_needs_qr_iban');
    expect(keys({ ...s, paymentReference: { type: 'QRR', value: '000000000000000002026000428' } })).toContain('paymentReference.value inv.reference_invalid');
  });

  it('refuses a missing postal code, town or name, and too long fields', () => {
    const s = chfSnapshot();
    expect(keys({ ...s, recipient: { ...s.recipient, address: { ...s.recipient.address, postalCode: '' } } })).toEqual([
      'recipient.address.postalCode inv.recipient_address_incomplete',
    ]);
    expect(keys({ ...s, practice: { ...s.practice, address: { ...s.practice.address, town: ' ' } } })).toEqual([
      'practice.address.town inv.practice_address_incomplete',
    ]);
    expect(keys({ ...s, recipient: { ...s.recipient, nameLines: [''] } })).toContain('recipient.nameLines.0 inv.recipient_address_incomplete');
    expect(keys({ ...s, recipient: { ...s.recipient, address: { ...s.recipient.address, town: 'x'.repeat(36) } } })).toEqual([
      'recipient.address.town inv.too_long',
    ]);
  });

  it('refuses a zero, negative or too large amount', () => {
    const zero = chfSnapshot({ lines: [line({ date: '2026-02-02', code: '', text: 'Gratis', quantityHundredths: 100, unitPriceMinor: 0, unit: 'session', vatRateBasisPoints: 0 })] });
    expect(keys(zero)).toEqual(['totals.totalMinor inv.amount_not_positive']);
    const credit = chfSnapshot({ lines: [line({ date: '2026-02-02', code: '', text: 'Gutschrift', quantityHundredths: -100, unitPriceMinor: 500, unit: 'item', vatRateBasisPoints: 0 })] });
    expect(keys(credit)).toEqual(['totals.totalMinor inv.amount_not_positive']);
    const huge = chfSnapshot({ lines: [line({ date: '2026-02-02', code: '', text: 'Gold', quantityHundredths: 100_000, unitPriceMinor: 100_000_000, unit: 'item', vatRateBasisPoints: 0 })] });
    expect(keys(huge)).toEqual(['totals.totalMinor inv.amount_too_large']);
  });

  it('refuses characters outside the Swiss Payment Standards set, naming the character', () => {
    const s = chfSnapshot();
    const cyrillic = checkPrintable({ ...s, recipient: { ...s.recipient, nameLines: ['Жанна Иванова'] } });
    expect(cyrillic).toEqual([{ path: 'recipient.nameLines.0', key: 'inv.chars_not_allowed', params: { char: 'Ж', codePoint: 'U+0416' } }]);
    const emoji = checkPrintable({ ...s, lines: s.lines.map((l, i) => (i === 0 ? { ...l, text: 'Massage 💆' } : l)) });
    expect(emoji).toEqual([{ path: 'lines.0.text', key: 'inv.chars_not_allowed', params: { char: '💆', codePoint: 'U+1F486' } }]);
    // Typographic quotes and dashes are fine in the body, but not in QR fields.
    expect(checkPrintable({ ...s, texts: { intro: '„Danke“ – für alles…' } })).toEqual([]);
    expect(keys({ ...s, practice: { ...s.practice, address: { ...s.practice.address, street: 'Bahnhofstrasse – Hinterhaus' } } })).toEqual([
      'practice.address.street inv.chars_not_allowed',
    ]);
    // The SPS extras are allowed.
    expect(checkPrintable({ ...s, recipient: { ...s.recipient, nameLines: ['Ștefan Țurcanu €'] } })).toEqual([]);
  });

  it('refuses a missing or broken IBAN and arithmetic that does not add up', () => {
    const s = chfSnapshot();
    expect(keys({ ...s, practice: { ...s.practice, iban: '' } })).toContain('practice.iban inv.iban_missing');
    expect(keys({ ...s, practice: { ...s.practice, iban: 'CH44 3199 9123 0008 8901 3' } })).toContain('practice.iban inv.iban_invalid');
    expect(keys({ ...s, practice: { ...s.practice, iban: 'DE89 3704 0044 0532 0130 00' } })).toContain('practice.iban inv.iban_not_swiss');
    expect(keys({ ...s, totals: { ...s.totals, totalMinor: s.totals.totalMinor + 5 } })).toContain('totals inv.totals_mismatch');
    expect(keys({ ...s, lines: [{ ...s.lines[0]!, amountMinor: 1 }, s.lines[1]!] })).toContain('lines.0.amountMinor inv.line_amount_mismatch');
  });

  it('checks EUR invoices for IBAN and amount only, not for a QR-bill', () => {
    const s = eurSnapshot();
    expect(checkPrintable({ ...s, recipient: { ...s.recipient, address: { ...s.recipient.address, postalCode: '' } } })).toEqual([]);
    expect(keys({ ...s, practice: { ...s.practice, iban: '' } })).toEqual(['practice.iban inv.iban_missing']);
    const zero = eurSnapshot({ lines: [] });
    expect(keys(zero)).toEqual(['lines inv.no_lines', 'totals.totalMinor inv.amount_not_positive']);
  });

  it('makes renderInvoicePdf refuse with the problems as field errors', async () => {
    const s = chfSnapshot();
    const bad = { ...s, recipient: { ...s.recipient, address: { ...s.recipient.address, postalCode: '' } } };
    const err = await renderInvoicePdf(bad).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('validation');
    expect((err as AppError).details?.fields).toEqual([{ path: 'recipient.address.postalCode', key: 'inv.recipient_address_incomplete' }]);
  });
});
