/**
 * The Tarif 590 Rückforderungsbeleg as printed, read back with pdftotext and a QR decoder: the form's
 * words in German, French and Italian, the verbatim tariff texts under their lines, the QR-bill for
 * the amount due on the last page, a reminder on the same form (its date and number, the fee as a
 * line of its own, the new amount in the QR-bill), the patient copy, the security code left off,
 * and the same bytes every time.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { renderInvoicePdf } from '../../src/main/invoices/pdf/render.js';
import { checkPrintable, type InvoiceSnapshot } from '../../src/main/invoices/snapshot.js';
import { SWISS_QR_REGION, decodeQrOnPage, pageCount, parseSwissQr, pdfText, pdfWorkspace, type PdfWorkspace } from '../helpers/pdf.js';
import { tarif590Block, tarif590Snapshot } from '../helpers/tarif590Snapshot.js';

let ws: PdfWorkspace;
beforeAll(async () => {
  ws = await pdfWorkspace();
});
afterAll(async () => {
  await ws.cleanup();
});

async function render(s: InvoiceSnapshot, options: Parameters<typeof renderInvoicePdf>[1] = {}) {
  const path = await ws.write(await renderInvoicePdf(s, options));
  return { path, pages: await pageCount(path), text: await pdfText(path) };
}

const words = {
  de: ['Rückforderungsbeleg', 'Rechnungs-', 'Leistungs-', 'Versichertenkarten-', 'Vergütungsart', 'Behandlungsgrund', 'Fälliger Betrag', 'Tarifziffer', 'VVG', '[X] Krankheit'],
  fr: ['Justificatif de remboursement', 'Auteur de la', 'Fournisseur', "N° carte d'assuré", 'Type de', 'Motif du traitement', 'Montant dû', 'Code tarifaire', '[X] Maladie'],
  it: ['Giustificativo per il rimborso', 'Autore della', 'Fornitore di', "N. carta", 'Tipo di rimborso', 'Motivo del', 'Importo dovuto', 'Codice tariffale', '[X] Malattia'],
} as const;

describe('the form', () => {
  test.each(['de', 'fr', 'it'] as const)('in %s: the form words, both parties, the patient, the case and the verbatim tariff texts', async (lang) => {
    const s = tarif590Snapshot(lang);
    const { text, pages } = await render(s);
    expect(pages).toBe(1);
    for (const w of words[lang]) expect(text).toContain(w);
    expect(text).toContain('Release Arnika T590 1.0 (FD 4.5)');
    expect(text).toMatch(/A123456/);
    expect(text).toContain('756.1234.5678.97');
    expect(text).toContain('80756000000000000001');
    // Tariff 590, code and the official text under the line, in the invoice's language.
    expect(text).toMatch(/02\.02\.2026\s+590\s+1001\s+12\s+10\.00\s+120\.00\s+0/);
    expect(text.replace(/\s+/g, ' ')).toContain(s.lines[1]!.kind !== 'discount' ? s.lines[1]!.tariffText! : '');
  });

  test('the case date (Falldatum) is the accident date, or the day the case began when there is none', async () => {
    const s = tarif590Snapshot('de');
    expect((await render(s)).text).toMatch(/Falldatum\s+01\.02\.2026/);
    const accident = { ...s, treatmentCase: { ...s.treatmentCase!, accidentDate: '2026-01-20' } };
    expect((await render(accident)).text).toMatch(/Falldatum\s+20\.01\.2026/);
  });

  test('the QR-bill on the last page asks for the amount due, with the reference and the debtor of the invoice', async () => {
    const s = tarif590Snapshot('de');
    const { path, pages } = await render(s);
    const qr = parseSwissQr((await decodeQrOnPage(path, pages, SWISS_QR_REGION))!);
    expect(qr.amount).toBe('210.00');
    expect(qr.reference).toBe(s.paymentReference.value);
    expect(qr.debtor.name).toBe('Zoë Müller');
  });

  test('a reminder is the same form with its date and number, the fee as its own line, and a QR-bill for the new amount', async () => {
    const s = tarif590Snapshot('de');
    const reminder = { date: '2026-04-01', number: 'M-2026-00042-1', feeText: 'Mahngebühr', feeMinor: 2_000, amountDueMinor: 23_000 };
    const { path, pages, text } = await render({ ...s, reminder });
    expect(text).toContain('Rückforderungsbeleg');
    expect(text).toMatch(/Mahndatum \/ -nr\.\s+01\.04\.2026/);
    expect(text).toContain('M-2026-00042-1');
    expect(text).toMatch(/01\.04\.2026\s+1\s+20\.00\s+20\.00/);
    expect(text).toContain('Mahngebühr');
    expect(text).toMatch(/Fälliger Betrag\s+230\.00/);
    // The fee (code 0) is in the VAT table, so the table adds up to the total.
    expect(text).toMatch(/\n\s*0\s+0 ?%\s+230\.00\s+0\.00/);
    const qr = parseSwissQr((await decodeQrOnPage(path, pages, SWISS_QR_REGION))!);
    expect(qr.amount).toBe('230.00');
  });

  test('with a patient copy the form is printed twice, the copy marked and without a payment part', async () => {
    const s = tarif590Snapshot('de', { tarif590: tarif590Block({ patientCopy: true }) });
    const { path, pages } = await render(s);
    expect(pages).toBe(2);
    const copy = await pdfText(path, 2);
    expect(copy).toContain('KOPIE');
    expect(copy).toMatch(/Rechnungskopie\s+Ja/);
    expect(await pdfText(path, 1)).toMatch(/Rechnungskopie\s+Nein/);
    expect(await decodeQrOnPage(path, 2, SWISS_QR_REGION)).toBeNull();
    expect(await decodeQrOnPage(path, 1, SWISS_QR_REGION)).not.toBeNull();
  });

  test('the 2D security code is off unless a part is given; a given part draws into its box', async () => {
    const s = tarif590Snapshot('de');
    const boxes: { x: number; y: number; size: number }[] = [];
    const plain = await renderInvoicePdf(s);
    const withPart = await renderInvoicePdf(s, { securityCode: { draw: (_doc, _s, box) => boxes.push(box) } });
    expect(boxes).toHaveLength(1);
    expect(plain.equals(await renderInvoicePdf(s))).toBe(true);
    expect(withPart.length).toBeGreaterThan(0);
  });

  test('many lines run over pages with the header repeated; the QR-bill stays on the last page', async () => {
    const base = tarif590Snapshot('de');
    const one = base.lines[0]!;
    const lines = Array.from({ length: 40 }, (_, i) => ({ ...one, date: `2026-02-${String((i % 27) + 1).padStart(2, '0')}` }));
    const { finishSnapshot } = await import('../helpers/pdf.js');
    const { totals: _t, paymentReference: _p, ...rest } = base;
    const s = finishSnapshot({ ...rest, lines });
    const { path, pages, text } = await render(s);
    expect(pages).toBeGreaterThan(1);
    expect(text.match(/Rückforderungsbeleg/g)!.length).toBe(pages);
    expect(text).toContain(`Seite ${pages} von ${pages}`);
    const qr = parseSwissQr((await decodeQrOnPage(path, pages, SWISS_QR_REGION))!);
    expect(qr.amount).toBe((s.totals.totalMinor / 100).toFixed(2));
  });
});

describe('the font check covers what only the form prints', () => {
  const keys = (s: InvoiceSnapshot) => checkPrintable(s).map((p) => `${p.path} ${p.key}`);
  test('a tariff text, the biller and the provider name and profession with a character the font lacks are refused', () => {
    const s = tarif590Snapshot('de');
    expect(checkPrintable(s)).toEqual([]);
    const lines = s.lines.map((l, i) => (i === 0 && l.kind !== 'discount' ? { ...l, tariffText: 'Methode \u6F22' } : l));
    expect(keys({ ...s, lines })).toEqual(['lines.0.tariffText inv.chars_not_allowed']);
    const f = s.tarif590!;
    expect(keys({ ...s, tarif590: { ...f, provider: { ...f.provider, profession: 'Therapeutin \u{1F33F}' } } })).toEqual(['tarif590.provider.profession inv.chars_not_allowed']);
    expect(keys({ ...s, tarif590: { ...f, biller: { ...f.biller, name: 'Praxis \u6F22' } } })).toEqual(['tarif590.biller.name inv.chars_not_allowed']);
  });
});
