/**
 * The printed invoice of issue 12, read back with pdftotext: salutation and title in the address,
 * insurer and the treatment case, free lines and discounts, the carried sum ("Übertrag") at the foot
 * of a page and the head of the next, the last lines always with the total, the QR payment part in
 * the bottom third of the last page, and columns sized from their contents.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeLines, totalsInput } from '../../src/main/invoices/lines.js';
import { renderInvoicePdf } from '../../src/main/invoices/pdf/render.js';
import type { InvoiceSnapshot, SnapshotCase } from '../../src/main/invoices/snapshot.js';
import { translate } from '../../src/shared/i18n/index.js';
import { formatMoney, totals } from '../../src/shared/money.js';
import { SWISS_QR_REGION, chfSnapshot, decodeQrOnPage, line, pageCount, parseSwissQr, pdfText, pdfWorkspace, type PdfWorkspace } from '../helpers/pdf.js';

let ws: PdfWorkspace;
beforeAll(async () => {
  ws = await pdfWorkspace();
});
afterAll(async () => {
  await ws.cleanup();
});

async function render(snapshot: InvoiceSnapshot): Promise<{ path: string; pages: number }> {
  const path = await ws.write(await renderInvoicePdf(snapshot));
  return { path, pages: await pageCount(path) };
}

const uvg: SnapshotCase = {
  title: 'Knie rechts', reason: 'accident', law: 'uvg', diagnosis: 'Distorsion Knie rechts', accidentDate: '2026-01-05', claimNumber: '12.34567.26.1',
  referrer: { name: 'Dr. med. Eva Zuber', address: { street: 'Spitalgasse', houseNumber: '4', postalCode: '3011', town: 'Bern', country: 'CH' }, gln: '7601000000002', zsr: 'A123456' },
  startDate: '2026-01-06', endDate: null, remark: '', period: { from: '2026-01-07', to: '2026-01-28' },
};

/** n consultations of manual therapy (every fourth with a long text), optionally a free line and a discount. */
function invoiceWith(n: number, extras: { free?: boolean; discount?: boolean } = {}, language: InvoiceSnapshot['language'] = 'de'): InvoiceSnapshot {
  const services = Array.from({ length: n }, (_, i) =>
    line({
      kind: 'service', date: `2026-01-${String((i % 28) + 1).padStart(2, '0')}`, code: '7311',
      text: `Behandlung Nr. ${i + 1}${i % 4 === 0 ? ', manuelle Lymphdrainage mit Kompressionsbandage und Anleitung für Übungen zu Hause' : ''}`,
      quantityHundredths: 600, unitPriceMinor: 1_000, unit: '5min', vatRateBasisPoints: 0, minutes: 30,
    }));
  const lines = composeLines(services, [
    ...(extras.free ? [{ kind: 'free' as const, text: 'Bericht an die Versicherung', quantity_hundredths: 100, unit_price_minor: 4_500, vat_rate_bp: 0, percent_bp: null, amount_minor: null }] : []),
    ...(extras.discount ? [{ kind: 'discount' as const, text: 'Rabatt', quantity_hundredths: null, unit_price_minor: null, vat_rate_bp: null, percent_bp: 1_000, amount_minor: null }] : []),
  ]);
  const base = chfSnapshot({ language, lines, treatmentCase: uvg, insurance: { name: 'Suva', insuredNumber: '756.1234.5678.97' } });
  return { ...base, totals: totals(totalsInput(lines), 'CHF', false), recipient: { ...base.recipient, salutation: 'Herr', nameLines: ['Dr. med. Łukasz Ærø'] } };
}

describe('the address, the insurer and the case', () => {
  it('prints salutation and title in the window, the insurer, and the UVG case with its referring doctor', async () => {
    const { path } = await render(invoiceWith(1));
    const text = await pdfText(path, 1);
    // Salutation on its own line above title and name, in the window (right half of the page).
    const lines = text.split('\n');
    const at = lines.findIndex((l) => /\sHerr\s*$/.test(l));
    expect(lines[at + 1]).toMatch(/\sDr\. med\. Łukasz Ærø\s*$/);
    expect(lines[at + 2]).toMatch(/\sSeestrasse 5\s*$/);
    for (const printed of ['Versicherung', 'Suva', 'Versicherten-Nr.', '756.1234.5678.97', 'Behandlungsfall: Knie rechts', 'UVG', 'Unfall', '05.01.2026',
      '12.34567.26.1', 'Dr. med. Eva Zuber, Spitalgasse 4, 3011 Bern', 'GLN 7601000000002', 'ZSR-Nr. A123456', 'Distorsion Knie rechts', '07.01.–28.01.2026']) {
      expect(text, printed).toContain(printed);
    }
    // The QR-bill names the person, not the salutation.
    expect(parseSwissQr((await decodeQrOnPage(path, 1, SWISS_QR_REGION))!).debtor.name).toBe('Dr. med. Łukasz Ærø');
  });

  it('prints the case words in the invoice\'s language', async () => {
    const fr = await pdfText((await render(invoiceWith(1, {}, 'fr'))).path, 1);
    for (const printed of ['Cas de traitement', 'LAA', 'Accident', "Date de l'accident", 'N° de sinistre', 'Assurance']) expect(fr, printed).toContain(printed);
    const it = await pdfText((await render(invoiceWith(1, {}, 'it'))).path, 1);
    for (const printed of ['Caso di trattamento', 'LAINF', 'Infortunio']) expect(it, printed).toContain(printed);
  });
});

describe('free lines and discounts', () => {
  it('prints the free line without a date, the discount with its rate and a negative amount, and totals that add up', async () => {
    const s = invoiceWith(2, { free: true, discount: true });
    const text = await pdfText((await render(s)).path);
    expect(text).toMatch(/Bericht an die Versicherung\s+1\s+45\.00\s+45\.00/);
    expect(text).toMatch(/Rabatt\s+10 %\s+-16\.50/); // 10 % of 60 + 60 + 45
    expect(text).toContain(formatMoney(s.totals.totalMinor, 'CHF', 'de'));
    expect(s.totals.totalMinor).toBe(14_850);
  });
});

describe('long invoices', () => {
  it('carries the sum so far at the foot of a page and the head of the next ("Übertrag")', async () => {
    const s = invoiceWith(40);
    const { path, pages } = await render(s);
    expect(pages).toBeGreaterThanOrEqual(3);
    let carried = 0;
    for (let p = 1; p < pages; p++) {
      const text = await pdfText(path, p);
      const onPage = [...text.matchAll(/Behandlung Nr\. (\d+)/g)].map((m) => Number(m[1]));
      if (onPage.length === 0) continue;
      carried += onPage.length * 6_000;
      const next = await pdfText(path, p + 1);
      if (!/Behandlung Nr\./.test(next)) continue;
      const sum = formatMoney(carried, 'CHF', 'de');
      // At the foot of this page and the head of the next, the same sum of everything above.
      expect(text.trimEnd().split('\n').slice(-3).join('\n'), `foot of page ${p}`).toMatch(new RegExp(`Übertrag\\s+${sum.replace('.', '\\.')}`));
      expect(next, `head of page ${p + 1}`).toMatch(new RegExp(`Übertrag\\s+${sum.replace('.', '\\.')}`));
    }
    expect(carried).toBeGreaterThan(0);
  });

  it('never leaves the total alone on a page: the last lines go with it, whatever the number of lines', async () => {
    for (let n = 1; n <= 46; n += 1) {
      // With a note above the totals, the block that must follow the last line is tall.
      const s = invoiceWith(n);
      const { path, pages } = await render({ ...s, texts: { ...s.texts, note: 'Bitte geben Sie bei der Zahlung die Rechnungsnummer an.\nBei Fragen erreichen Sie uns unter 044 123 45 67.' } });
      for (let p = 1; p <= pages; p++) {
        const text = await pdfText(path, p);
        if (!/Total CHF/.test(text)) continue;
        expect(text, `${n} lines: the page with the total lists lines too`).toMatch(/Behandlung Nr\./);
        expect(text, `${n} lines: the last line stands with the total`).toContain(`Behandlung Nr. ${n}`);
      }
    }
  }, 120_000);

  it('puts the QR payment part in the bottom third of the last page, with the payment terms above it', async () => {
    for (const n of [1, 12, 40]) {
      const s = invoiceWith(n);
      const { path, pages } = await render(s);
      const last = await pdfText(path, pages);
      expect(last).toContain('Zahlteil');
      expect(last).toContain('Bitte bezahlen Sie den Betrag');
      for (let p = 1; p < pages; p++) expect(await pdfText(path, p)).not.toContain('Zahlteil');
      expect(parseSwissQr((await decodeQrOnPage(path, pages, SWISS_QR_REGION))!).amount).toBe(formatMoney(s.totals.totalMinor, 'CHF', 'en').replace(/\u2019/g, ''));
    }
  }, 60_000);
});

describe('long invoices in French, Italian and English', () => {
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
  const qrHeading = { fr: 'Section paiement', it: 'Sezione pagamento', en: 'Payment part' } as const;

  it.each(['fr', 'it', 'en'] as const)('%s: 40 consultations carry the sum in the language, the total keeps its last lines, the payment part stands on the last page only', async (language) => {
    const s = invoiceWith(40, {}, language);
    const { path, pages } = await render(s);
    expect(pages).toBeGreaterThanOrEqual(3);
    const carry = translate(language, 'doc.carryOver');
    let carried = 0;
    let carriedPages = 0;
    for (let p = 1; p <= pages; p++) {
      const text = await pdfText(path, p);
      // No German word of the layout leaks into another language.
      expect(text, `page ${p}`).not.toMatch(/Übertrag|Zahlteil|Bitte bezahlen/);
      const onPage = [...text.matchAll(/Behandlung Nr\. (\d+)/g)].map((m) => Number(m[1]));
      carried += onPage.length * 6_000;
      if (p === pages || onPage.length === 0) continue;
      const next = await pdfText(path, p + 1);
      if (!/Behandlung Nr\./.test(next)) continue;
      const sum = new RegExp(`${escape(carry)}\\s+${escape(formatMoney(carried, 'CHF', language))}`);
      expect(text.trimEnd().split('\n').slice(-3).join('\n'), `foot of page ${p}`).toMatch(sum);
      expect(next, `head of page ${p + 1}`).toMatch(sum);
      carriedPages++;
    }
    expect(carried).toBe(40 * 6_000);
    expect(carriedPages).toBeGreaterThanOrEqual(1);
    const withTotal = [];
    for (let p = 1; p <= pages; p++) if (new RegExp(`${escape(translate(language, 'doc.total'))}\\s+CHF`).test(await pdfText(path, p))) withTotal.push(p);
    expect(withTotal).toHaveLength(1);
    expect(await pdfText(path, withTotal[0]!)).toContain('Behandlung Nr. 40');
    const last = await pdfText(path, pages);
    expect(last).toContain(qrHeading[language]);
    expect(last.replace(/\s+/g, ' ')).toContain(translate(language, 'doc.paymentTerms').split('{date}')[0]!.trim());
    for (let p = 1; p < pages; p++) expect(await pdfText(path, p)).not.toContain(qrHeading[language]);
    expect(parseSwissQr((await decodeQrOnPage(path, pages, SWISS_QR_REGION))!).amount).toBe(formatMoney(s.totals.totalMinor, 'CHF', 'en').replace(/\u2019/g, ''));
  }, 60_000);
});

describe('column widths from content', () => {
  it('gives the service text the room the other columns do not need, so it wraps only when it must, and leaves out an empty code column', async () => {
    // About 75 mm at 9.5 pt: it wrapped in the old fixed 54 mm column.
    const text = 'Manuelle Lymphdrainage, Unterschenkel links und rechts';
    const noCodes = chfSnapshot({ lines: [line({ kind: 'service', date: '2026-01-07', code: '', text, quantityHundredths: 100, unitPriceMinor: 9_000, unit: 'session', vatRateBasisPoints: 0 })] });
    const printed = await pdfText((await render({ ...noCodes, totals: totals(totalsInput(noCodes.lines), 'CHF', false) })).path, 1);
    expect(printed).toContain(text);
    expect(printed).not.toContain('Tarif');
  });
});
