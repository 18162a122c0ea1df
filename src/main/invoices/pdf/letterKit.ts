/**
 * Owns the letter every money document is printed on (reminders, receipts, credit notes): the
 * invoice's letterhead, the return line and address in the same envelope window (Swiss right window
 * for CHF, DIN 5008 form B for EUR), a data block, a title, paragraphs and amount blocks with page
 * breaks, page numbers, and at the end the Swiss QR-bill payment part or the bank details with a
 * GiroCode. It is made of the invoice renderer's own building blocks (render.ts), so every document
 * of a practice looks the same; the documents themselves (what they say) live in their domains.
 *
 * Deterministic like the invoice: the PDF dates derive from the letter's date, fonts are embedded,
 * nothing reads the clock.
 */
import { SwissQRBill } from 'swissqrbill/pdf';
import type { Data } from 'swissqrbill/types';
import { formatMoney } from '../../../shared/money.js';
import type { Currency, Language } from '../../../shared/validation/fields.js';
import type { InvoiceSnapshot, SnapshotPractice, SnapshotRecipient } from '../snapshot.js';
import { epcPayload, swissQrBillData } from './qrData.js';
import {
  addressLines, BILL_CLEARANCE, BILL_TOP, BOTTOM, CONTENT_W, drawGiroCode, FONT, GERMAN, heightOf, joinNonEmpty,
  LEFT, mm, newPage, openDocument, put, putReturnLine, RIGHT, rule, SIZE, SWISS, type WindowLayout,
} from './render.js';
import { fill, formatDate, invoiceTexts } from './texts.js';

type Doc = PDFKit.PDFDocument;

export interface LetterSpec {
  language: Language;
  currency: Currency;
  practice: SnapshotPractice;
  recipient: SnapshotRecipient;
  /** Printed large under the address and on continuation pages. */
  title: string;
  /** Label and value pairs opposite the window (document number, dates, patient). The first is bold. */
  meta: [string, string][];
  /** The document's date (YYYY-MM-DD): its PDF creation date, so a render is byte-identical. */
  date: string;
}

export interface AmountRow {
  label: string;
  amount: string;
  bold?: boolean;
}

/** What a document's body draws with, top to bottom; page breaks are taken care of. */
export interface LetterWriter {
  readonly doc: Doc;
  /** The invoice documents' words in this letter's language (labels for bank details, page numbers). */
  readonly words: ReturnType<typeof invoiceTexts>;
  money(minor: number): string;
  paragraph(text: string, options?: { bold?: boolean; size?: number; color?: string; gapBefore?: number }): void;
  /** A block of label/amount rows, right-aligned like the invoice's totals. */
  amounts(rows: AmountRow[]): void;
  /** A table of text columns (widths in mm, summing to at most 170). */
  table(columns: { header: string; width: number; align?: 'left' | 'right' }[], rows: string[][]): void;
  /** The Swiss QR-bill payment part at the foot of the (last) page. */
  swissQrBill(data: Data): void;
  /** Bank details with a GiroCode (EPC QR) for EUR. */
  giroCode(payload: string, rows: [string, string][]): void;
}

const SWISS_LAYOUT: WindowLayout = SWISS;
const GERMAN_LAYOUT: WindowLayout = GERMAN;

function drawHeader(doc: Doc, spec: LetterSpec, layout: WindowLayout, words: ReturnType<typeof invoiceTexts>): number {
  const p = spec.practice;
  let y = mm(15);
  y = put(doc, p.name, LEFT, y, { bold: true, size: SIZE.letterhead, width: mm(92) }) + mm(1);
  y = put(doc, joinNonEmpty([p.therapistName, p.profession], ', '), LEFT, y, { width: mm(92) });
  y = put(doc, joinNonEmpty([p.address.street, p.address.houseNumber], ' '), LEFT, y, { width: mm(92) });
  const letterheadBottom = put(doc, joinNonEmpty([p.address.postalCode, p.address.town], ' '), LEFT, y, { width: mm(92) });

  const contact: [string, string][] = [[words.phone, p.phone], [words.email, p.email], ['', p.website], [words.zsr, p.zsrNumber], [words.gln, p.glnNumber], [words.vatNumber, p.vatNumber]];
  let cy = mm(16);
  for (const [label, value] of contact) {
    if (value.trim() === '') continue;
    cy = put(doc, label === '' ? value : `${label} ${value}`, layout.contactX, cy, { size: SIZE.small, width: RIGHT - layout.contactX, lineGap: 0.5 });
  }

  const senderAddress = joinNonEmpty([joinNonEmpty([p.address.street, p.address.houseNumber], ' '), joinNonEmpty([p.address.postalCode, p.address.town], ' ')], ', ');
  putReturnLine(doc, p.name, senderAddress, layout.addressX, layout.windowTop + mm(0.5), layout.addressW);
  let ay = layout.addressTop;
  for (const line of [...spec.recipient.nameLines, ...addressLines(spec.recipient.address, p.address.country, spec.language)]) {
    ay = put(doc, line, layout.addressX, ay, { size: SIZE.address, width: layout.addressW, lineGap: 1 });
  }

  const labelW = mm(31);
  let my = spec.currency === 'EUR' ? mm(50) : Math.max(layout.addressTop, letterheadBottom + mm(5));
  spec.meta.forEach(([label, value], i) => {
    put(doc, label, layout.metaX, my, { size: SIZE.body, width: labelW - mm(1), color: '#333333' });
    my = put(doc, value, layout.metaX + labelW, my, { size: SIZE.body, width: layout.metaW - labelW, bold: i === 0 }) + mm(0.8);
  });
  const titleY = Math.max(ay, my, mm(95)) + mm(6);
  return put(doc, spec.title, LEFT, titleY, { bold: true, size: SIZE.title, width: CONTENT_W }) + mm(4);
}

function drawContinuation(doc: Doc, spec: LetterSpec, words: ReturnType<typeof invoiceTexts>): number {
  const y = mm(15);
  put(doc, spec.practice.name, LEFT, y, { bold: true, size: SIZE.body, width: mm(100) });
  put(doc, `${spec.title} · ${words.continued}`, LEFT + mm(100), y, { size: SIZE.body, width: CONTENT_W - mm(100), align: 'right' });
  rule(doc, y + mm(6));
  return y + mm(10);
}

/** Renders one letter: the header, then what `body` writes, then page numbers. */
export async function renderLetter(spec: LetterSpec, body: (w: LetterWriter) => void): Promise<Buffer> {
  const words = invoiceTexts(spec.language, spec.currency);
  const { doc, finished } = openDocument({ language: spec.language, currency: spec.currency, title: spec.title, author: spec.practice.name, date: spec.date });

  const layout = spec.currency === 'EUR' ? GERMAN_LAYOUT : SWISS_LAYOUT;
  newPage(doc);
  let y = drawHeader(doc, spec, layout, words);
  const room = (h: number) => {
    if (y + h > BOTTOM) {
      newPage(doc);
      y = drawContinuation(doc, spec, words);
    }
  };
  const money = (minor: number) => formatMoney(minor, spec.currency, spec.language);
  const amountX = mm(70);

  const writer: LetterWriter = {
    doc,
    words,
    money,
    paragraph(text, o = {}) {
      if (text.trim() === '') return;
      const size = o.size ?? SIZE.body;
      const gap = o.gapBefore ?? mm(3);
      room(gap + heightOf(doc, text, { size, width: CONTENT_W, lineGap: 1.5, bold: o.bold ?? false }));
      y = put(doc, text, LEFT, y + gap, { size, width: CONTENT_W, lineGap: 1.5, bold: o.bold ?? false, ...(o.color ? { color: o.color } : {}) });
    },
    amounts(rows) {
      const labelW = RIGHT - mm(30) - amountX;
      const heights = rows.map((row) => Math.max(mm(5.2), heightOf(doc, row.label, { size: row.bold ? SIZE.body + 1 : SIZE.body, bold: row.bold ?? false, width: labelW }) + mm(1.2)));
      room(mm(4) + heights.reduce((a, b) => a + b, 0) + mm(2));
      y += mm(3);
      rule(doc, y, amountX, RIGHT);
      let ty = y + mm(2);
      rows.forEach((row, i) => {
        if (row.bold && i > 0) rule(doc, ty - mm(0.8), amountX, RIGHT);
        const size = row.bold ? SIZE.body + 1 : SIZE.body;
        put(doc, row.label, amountX, ty, { size, bold: row.bold ?? false, width: labelW });
        put(doc, row.amount, RIGHT - mm(28), ty, { size, bold: row.bold ?? false, width: mm(28), align: 'right' });
        ty += heights[i]!;
      });
      rule(doc, ty - mm(0.8), amountX, RIGHT, 1);
      y = ty + mm(1);
    },
    table(columns, rows) {
      const xs: number[] = [];
      let x = LEFT;
      for (const c of columns) {
        xs.push(x);
        x += mm(c.width);
      }
      const cell = (text: string, i: number, bold: boolean, at: number) =>
        put(doc, text, xs[i]! + (i === 0 ? 0 : mm(1)), at, { size: bold ? SIZE.small : SIZE.body, bold, width: mm(columns[i]!.width) - mm(i === 0 ? 1 : 2), align: columns[i]!.align ?? 'left' });
      const header = () => {
        let bottom = y;
        columns.forEach((c, i) => (bottom = Math.max(bottom, cell(c.header, i, true, y))));
        rule(doc, bottom + mm(1));
        y = bottom + mm(2.5);
      };
      room(mm(14));
      y += mm(3);
      header();
      for (const row of rows) {
        const h = Math.max(...row.map((text, i) => heightOf(doc, text, { size: SIZE.body, width: mm(columns[i]!.width) - mm(2) }))) + mm(1.6);
        if (y + h > BOTTOM) {
          newPage(doc);
          y = drawContinuation(doc, spec, words);
          header();
        }
        row.forEach((text, i) => cell(text, i, false, y));
        y += h;
      }
    },
    swissQrBill(data) {
      const bill = new SwissQRBill(data, { language: spec.language.toUpperCase() as 'DE' | 'FR' | 'IT' | 'EN', fontName: FONT, scissors: true, outlines: true });
      if (y > BILL_TOP - BILL_CLEARANCE) {
        newPage(doc);
        y = drawContinuation(doc, spec, words);
      }
      doc.x = 0;
      doc.y = y;
      bill.attachTo(doc, 0, BILL_TOP);
    },
    giroCode(payload, rows) {
      const blockH = mm(46);
      let top = y + mm(4);
      if (top + blockH > BOTTOM) {
        newPage(doc);
        top = drawContinuation(doc, spec, words);
      }
      rule(doc, top);
      const inner = top + mm(3);
      put(doc, words.bankDetails, LEFT, inner, { bold: true, size: SIZE.body, width: mm(100) });
      let ry = inner + mm(6);
      for (const [label, value] of rows) {
        put(doc, label, LEFT, ry, { size: SIZE.body, width: mm(38), color: '#333333' });
        ry = put(doc, value, LEFT + mm(38), ry, { size: SIZE.body, width: mm(85), bold: label === words.iban }) + mm(1);
      }
      const size = mm(32);
      drawGiroCode(doc, payload, RIGHT - size, inner - mm(1), size);
      put(doc, words.giroCodeHint, RIGHT - size - mm(8), inner - mm(1) + size, { size: SIZE.tiny, width: size + mm(8), align: 'right' });
      y = inner + blockH;
    },
  };
  body(writer);

  const range = doc.bufferedPageRange();
  if (range.count > 1) {
    for (let i = 0; i < range.count; i++) {
      doc.switchToPage(range.start + i);
      put(doc, fill(words.page, { page: i + 1, pages: range.count }), LEFT, mm(8), { size: SIZE.tiny, width: CONTENT_W, align: 'right', color: '#555555' });
    }
  }
  doc.end();
  return finished;
}

/** What other domains use to print on the practice's letter. */
export const letterKit = {
  renderLetter,
  /** The QR-bill data of an invoice for another amount (a reminder's new total), with the invoice's own reference. */
  swissQrBillFor: (snapshot: InvoiceSnapshot, amountMinor: number): Data => swissQrBillData({ ...snapshot, totals: { ...snapshot.totals, totalMinor: amountMinor } }),
  /** The GiroCode payload of an EUR invoice for another amount. */
  epcPayloadFor: (snapshot: InvoiceSnapshot, amountMinor: number): string => epcPayload({ ...snapshot, totals: { ...snapshot.totals, totalMinor: amountMinor } }),
  invoiceWords: invoiceTexts,
  fill,
  formatDate,
};
export type LetterKit = typeof letterKit;
