/**
 * Owns the invoice PDF: one A4 document from one snapshot, byte-identical every time (the PDF
 * dates and file id derive from the invoice date, fonts are embedded from assets/fonts, nothing
 * reads the clock). Layout: letterhead, return line and recipient address in the envelope window
 * (Swiss C5/C6 right window for CHF, DIN 5008 form B left window for EUR), invoice data, the table
 * of lines with page breaks (header repeated), totals, VAT summary or exemption note, payment
 * terms, and on the last page the Swiss QR-bill payment part (CHF) or bank details with a
 * GiroCode (EUR). A new page is started for the payment part when the last page has no room.
 *
 * Since issue 12: the address carries the salutation (its own line) and the title; the invoice data
 * the insurer and insured number; a block below the title the treatment case (law, reason, accident,
 * referring doctor, diagnosis, period, remark); the table sizes its columns from what they hold (the
 * service text takes the rest, so it wraps only when it must), shows free lines and discounts, and
 * over several pages carries its running sum ("Übertrag") at the foot of a page and the head of the
 * next; the last lines always go with the totals (never a total alone on a page); the draft's note
 * stands above the totals.
 *
 * A snapshot with `cancelled` gives the cancellation notice (Storno) instead: the same header, "Storniert
 * am … – nicht bezahlen" with the reason, and the cancelled lines for reference, but no payment terms
 * and no payment part at all (no QR-bill, no GiroCode): nothing on it can be paid.
 */
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { SwissQRBill } from 'swissqrbill/pdf';
import { AppError } from '../../../shared/errors.js';
import { formatMoney, formatRate } from '../../../shared/money.js';
import { formatIban } from '../../../shared/validation/checksums.js';
import type { Currency, Language } from '../../../shared/validation/fields.js';
import { InvoiceSnapshot, checkPrintable, type SnapshotAddress, type SnapshotCase, type SnapshotLine } from '../snapshot.js';
import { parsedInvoiceFonts } from './fonts.js';
import { epcPayload, qrMessage, swissQrBillData } from './qrData.js';
import { countryName, fill, formatDate, formatQuantity, invoiceTexts } from './texts.js';
import { layoutTarif590, type SecurityCodePart } from './tarif590Form.js';

type Doc = PDFKit.PDFDocument;
type Texts = ReturnType<typeof invoiceTexts>;

/** swissqrbill looks fonts up as `<fontName>` and `<fontName>-Bold`: we register exactly those. */
const FONT = 'Liberation Sans';
const FONT_BOLD = 'Liberation Sans-Bold';

const mm = (value: number) => (value * 72) / 25.4;
const PAGE_H = mm(297);
const LEFT = mm(20);
const RIGHT = mm(190);
const CONTENT_W = RIGHT - LEFT;
/** Table rows and totals stop here; below is page margin. */
const BOTTOM = PAGE_H - mm(18);
/** The payment part is 105 mm high at the foot of the page; keep a little air above its cut line. */
const BILL_TOP = PAGE_H - SwissQRBill.height;
const BILL_CLEARANCE = mm(2);

const SIZE = { body: 9.5, small: 8, tiny: 7, address: 10, title: 15, letterhead: 13 } as const;

/** Envelope window geometry, measured from the top-left corner of the page. */
interface Layout {
  /** Left edge of the address field. */
  addressX: number;
  /** Top of the window: the return (sender) line sits here. */
  windowTop: number;
  /** First line of the recipient address. */
  addressTop: number;
  addressW: number;
  /** The invoice data block (number, dates, patient) opposite the window. */
  metaX: number;
  metaW: number;
  /** Right-hand letterhead column (phone, email, ids). */
  contactX: number;
}

/** Swiss window envelope C5/C6, window right: field from 118 mm, address from 50 mm. */
const SWISS: Layout = {
  addressX: mm(118), windowTop: mm(45), addressTop: mm(50), addressW: mm(80),
  metaX: LEFT, metaW: mm(90), contactX: mm(118),
};

/**
 * DIN 5008 form B, window left: field at 20 mm / 45 mm; 5 mm return line zone and 12.7 mm
 * endorsement zone above the address, so the address starts at 62.7 mm; information block at 125 mm.
 */
const GERMAN: Layout = {
  addressX: LEFT, windowTop: mm(45), addressTop: mm(62.7), addressW: mm(85),
  // The information block may run to 10 mm from the right edge (DIN 5008 allows it there).
  metaX: mm(125), metaW: mm(75), contactX: mm(125),
};

interface Ctx {
  doc: Doc;
  s: InvoiceSnapshot;
  t: Texts;
  layout: Layout;
  money: (minor: number) => string;
  /** The table's columns, sized from this invoice's contents. */
  columns: Column[];
}

// ---------------------------------------------------------------------------------------------
// Small drawing helpers. Every call passes x, y and width: page margins are zero and we place
// everything ourselves, so pdfkit never breaks a page behind our back.

interface TextOpts {
  bold?: boolean;
  size?: number;
  width: number;
  align?: 'left' | 'right' | 'center';
  color?: string;
  underline?: boolean;
  lineGap?: number;
}

function setFont(doc: Doc, o: Pick<TextOpts, 'bold' | 'size'>): void {
  doc.font(o.bold ? FONT_BOLD : FONT).fontSize(o.size ?? SIZE.body);
}

function heightOf(doc: Doc, text: string, o: TextOpts): number {
  if (text === '') return 0;
  setFont(doc, o);
  return doc.heightOfString(text, { width: o.width, lineGap: o.lineGap ?? 0 });
}

/** Draws text and returns the y below it. */
function put(doc: Doc, text: string, x: number, y: number, o: TextOpts): number {
  if (text === '') return y;
  setFont(doc, o);
  doc.fillColor(o.color ?? 'black');
  doc.text(text, x, y, { width: o.width, align: o.align ?? 'left', lineGap: o.lineGap ?? 0, underline: o.underline ?? false });
  return y + doc.heightOfString(text, { width: o.width, lineGap: o.lineGap ?? 0 });
}

/**
 * The return line must stay one line (a second one would run into the address): shrink the font
 * down to 5.5 pt, then shorten the practice name with an ellipsis; the address part stays whole
 * because it is what the post office needs.
 */
function putReturnLine(doc: Doc, name: string, address: string, x: number, y: number, width: number): void {
  const line = (n: string) => joinNonEmpty([n, address], ', ');
  let fontSize: number = SIZE.tiny;
  setFont(doc, { size: fontSize });
  while (doc.widthOfString(line(name)) > width && fontSize > 5.5) {
    fontSize = Math.max(5.5, fontSize - 0.25);
    setFont(doc, { size: fontSize });
  }
  let shortName = name;
  while (doc.widthOfString(line(shortName)) > width && shortName.length > 1) shortName = `${shortName.slice(0, -2).trimEnd()}…`;
  doc.fillColor('black').text(line(shortName), x, y, { width, lineBreak: false, underline: true });
}

function rule(doc: Doc, y: number, x1 = LEFT, x2 = RIGHT, width = 0.5): void {
  doc.save().moveTo(x1, y).lineTo(x2, y).lineWidth(width).strokeColor('black').undash().stroke().restore();
}

function newPage(doc: Doc): void {
  doc.addPage({ size: 'A4', margins: { top: 0, bottom: 0, left: 0, right: 0 } });
}

function joinNonEmpty(parts: string[], sep: string): string {
  return parts.filter((p) => p.trim() !== '').join(sep);
}

function addressLines(address: SnapshotAddress, homeCountry: string, lang: InvoiceSnapshot['language']): string[] {
  const lines = [joinNonEmpty([address.street, address.houseNumber], ' '), joinNonEmpty([address.postalCode, address.town], ' ')];
  // A foreign address ends with the country name in capitals (Swiss Post and Deutsche Post rule).
  if (address.country !== homeCountry) lines.push(countryName(lang, address.country).toUpperCase());
  return lines.filter((l) => l !== '');
}

// ---------------------------------------------------------------------------------------------
// First page header: letterhead, window address, invoice data, title.

function drawFirstPageHeader(c: Ctx): number {
  const { doc, s, t, layout } = c;
  const p = s.practice;

  // Letterhead, left.
  let y = mm(15);
  y = put(doc, p.name, LEFT, y, { bold: true, size: SIZE.letterhead, width: mm(92) }) + mm(1);
  y = put(doc, joinNonEmpty([p.therapistName, p.profession], ', '), LEFT, y, { width: mm(92) });
  y = put(doc, joinNonEmpty([p.address.street, p.address.houseNumber], ' '), LEFT, y, { width: mm(92) });
  const letterheadBottom = put(doc, joinNonEmpty([p.address.postalCode, p.address.town], ' '), LEFT, y, { width: mm(92) });

  // Contact details and registry numbers, right.
  const contact: [string, string][] = [
    [t.phone, p.phone],
    [t.email, p.email],
    ['', p.website],
    [t.zsr, p.zsrNumber],
    [t.gln, p.glnNumber],
    [t.vatNumber, p.vatNumber],
  ];
  let cy = mm(16);
  const cw = RIGHT - layout.contactX;
  for (const [label, value] of contact) {
    if (value.trim() === '') continue;
    cy = put(doc, label === '' ? value : `${label} ${value}`, layout.contactX, cy, { size: SIZE.small, width: cw, lineGap: 0.5 });
  }

  // Return line in the window, then the recipient.
  const home = p.address.country;
  const senderAddress = joinNonEmpty([joinNonEmpty([p.address.street, p.address.houseNumber], ' '), joinNonEmpty([p.address.postalCode, p.address.town], ' ')], ', ');
  putReturnLine(doc, p.name, senderAddress, layout.addressX, layout.windowTop + mm(0.5), layout.addressW);
  let ay = layout.addressTop;
  const salutation = s.recipient.salutation ? [s.recipient.salutation] : [];
  for (const line of [...salutation, ...s.recipient.nameLines, ...addressLines(s.recipient.address, home, s.language)]) {
    ay = put(doc, line, layout.addressX, ay, { size: SIZE.address, width: layout.addressW, lineGap: 1 });
  }

  // Invoice data opposite the window.
  const meta: [string, string][] = [
    [t.invoiceNumber, s.invoiceNumber],
    [t.invoiceDate, formatDate(s.invoiceDate)],
    // A cancellation is not payable, by any date.
    ...(s.cancelled ? [] : ([[t.dueDate, formatDate(s.dueDate)]] as [string, string][])),
    [t.patient, s.patient.name],
  ];
  if (s.patient.birthDate) meta.push([t.birthDate, formatDate(s.patient.birthDate)]);
  if (s.insurance?.name) meta.push([t.insurance, s.insurance.name]);
  if (s.insurance?.insuredNumber) meta.push([t.insuredNumber, s.insurance.insuredNumber]);
  const labelW = mm(31);
  const valueW = layout.metaW - labelW;
  // Swiss layout: the data block shares the left column with a letterhead that may wrap.
  let my = s.currency === 'EUR' ? mm(50) : Math.max(layout.addressTop, letterheadBottom + mm(5));
  for (const [label, value] of meta) {
    put(doc, label, layout.metaX, my, { size: SIZE.body, width: labelW - mm(1), color: '#333333' });
    my = put(doc, value, layout.metaX + labelW, my, { size: SIZE.body, width: valueW, bold: label === t.invoiceNumber }) + mm(0.8);
  }

  // The window (45 mm high from 45 mm) ends at 90 mm; the title goes below it and both blocks.
  const titleY = Math.max(ay, my, mm(92)) + mm(5);
  return put(doc, documentTitle(c), LEFT, titleY, { bold: true, size: SIZE.title, width: CONTENT_W }) + mm(3.5);
}

function documentTitle(c: Pick<Ctx, 's' | 't'>): string {
  const { s, t } = c;
  return s.cancelled ? fill(t.cancellationTitle, { number: s.invoiceNumber }) : `${t.invoice} ${s.invoiceNumber}`;
}

/** Continuation pages: who, which invoice, then the table continues. */
function drawContinuationHeader(c: Ctx): number {
  const { doc, s } = c;
  const y = mm(15);
  put(doc, s.practice.name, LEFT, y, { bold: true, size: SIZE.body, width: mm(100) });
  put(doc, `${documentTitle(c)} · ${c.t.continued}`, LEFT + mm(100), y, { size: SIZE.body, width: CONTENT_W - mm(100), align: 'right' });
  rule(doc, y + mm(6));
  return y + mm(10);
}

// ---------------------------------------------------------------------------------------------
// The treatment case, below the title.

/** Label and value pairs of the case; empty when the case says nothing worth printing. */
function caseRows(c: Ctx, tc: SnapshotCase): { label: string; value: string; wide?: boolean }[] {
  const { t } = c;
  const rows: { label: string; value: string; wide?: boolean }[] = [];
  if (tc.law) rows.push({ label: t.caseLaw, value: t[`law.${tc.law}`] });
  if (tc.reason) rows.push({ label: t.caseReason, value: t[`reason.${tc.reason}`] });
  if (tc.accidentDate) rows.push({ label: t.accidentDate, value: formatDate(tc.accidentDate) });
  if (tc.claimNumber) rows.push({ label: t.claimNumber, value: tc.claimNumber });
  const said = rows.length > 0 || tc.diagnosis.trim() !== '' || tc.referrer !== null || tc.remark.trim() !== '';
  if (!said) return [];
  if (tc.period) {
    const from = formatDate(tc.period.from);
    const to = formatDate(tc.period.to);
    // Within one year the first date goes without it: 03.11.–17.11.2026.
    const short = tc.period.from.slice(0, 4) === tc.period.to.slice(0, 4) ? from.slice(0, 6) : from;
    rows.push({ label: t.treatmentPeriod, value: from === to ? from : fill(t.periodRange, { from: short, to }) });
  }
  if (tc.referrer) {
    const r = tc.referrer;
    const address = joinNonEmpty([joinNonEmpty([r.address.street, r.address.houseNumber], ' '), joinNonEmpty([r.address.postalCode, r.address.town], ' ')], ', ');
    const ids = joinNonEmpty([r.gln ? `${t.gln} ${r.gln}` : '', r.zsr ? `${t.zsr} ${r.zsr}` : ''], ' · ');
    rows.push({ label: t.referrer, value: joinNonEmpty([r.name, address, ids], ', '), wide: true });
  }
  if (tc.diagnosis.trim() !== '') rows.push({ label: t.diagnosis, value: tc.diagnosis, wide: true });
  if (tc.remark.trim() !== '') rows.push({ label: t.remark, value: tc.remark, wide: true });
  return rows;
}

/** Two columns of short facts, then the long ones across the width. Returns the y below it. */
function drawCase(c: Ctx, tc: SnapshotCase, y: number): number {
  const rows = caseRows(c, tc);
  if (rows.length === 0) return y;
  const { doc, t } = c;
  const heading = tc.title.trim() !== '' ? fill(t.caseTitled, { title: tc.title }) : t.case;
  y = put(doc, heading, LEFT, y, { bold: true, size: SIZE.small, width: CONTENT_W }) + mm(0.6);
  // Short facts three to a row (label above value), the long ones across the width.
  const third = CONTENT_W / 3;
  const short = rows.filter((r) => !r.wide);
  // Each column's labels as wide as its longest one, so the values get the rest.
  setFont(doc, { size: SIZE.small });
  const labelWidths = [0, 1, 2].map((k) => Math.min(third * 0.55, mm(2) + Math.max(0, ...short.filter((_, i) => i % 3 === k).map((r) => doc.widthOfString(r.label)))));
  for (let i = 0; i < short.length; i += 3) {
    let bottom = y;
    short.slice(i, i + 3).forEach((r, k) => {
      const x = LEFT + k * third;
      const labelW = labelWidths[k]!;
      put(doc, r.label, x, y, { size: SIZE.small, width: labelW - mm(1), color: '#333333' });
      bottom = Math.max(bottom, put(doc, r.value, x + labelW, y, { size: SIZE.small, width: third - labelW - mm(2) }));
    });
    y = bottom + mm(0.6);
  }
  // The long facts' values line up with the first column's.
  const wide = rows.filter((x) => x.wide);
  const labelW = Math.max(labelWidths[0]!, mm(2) + Math.max(0, ...wide.map((r) => doc.widthOfString(r.label))));
  for (const r of wide) {
    put(doc, r.label, LEFT, y, { size: SIZE.small, width: labelW - mm(1), color: '#333333' });
    y = put(doc, r.value, LEFT + labelW, y, { size: SIZE.small, width: CONTENT_W - labelW, lineGap: 0.5 }) + mm(0.6);
  }
  return y + mm(2.5);
}

// ---------------------------------------------------------------------------------------------
// The table.

type ColumnKey = 'date' | 'code' | 'text' | 'qty' | 'unit' | 'price' | 'amount';

interface Column {
  key: ColumnKey;
  x: number;
  w: number;
  align: 'left' | 'right';
}

/** Inner padding so neighbouring columns never touch (a right-aligned number next to a left-aligned unit). */
const CELL_PAD = mm(1.2);
/** The service text keeps at least this much; codes and units wrap before it gets narrower. */
const TEXT_MIN_W = mm(50);

function cellBox(col: Column): { x: number; w: number } {
  // The outer edges of the table stay flush with the text margins.
  const padLeft = col.x <= LEFT ? 0 : CELL_PAD;
  const padRight = col.x + col.w >= RIGHT - 0.01 ? 0 : CELL_PAD;
  return { x: col.x + padLeft, w: col.w - padLeft - padRight };
}

function headerLabels(t: Texts): Record<ColumnKey, string> {
  return { date: t.colDate, code: t.colCode, text: t.colText, qty: t.colQuantity, unit: t.colUnit, price: t.colUnitPrice, amount: t.colAmount };
}

/**
 * Column widths from what they hold: each column as wide as its widest cell (a header may wrap at a
 * space), a column nobody fills (no tariff codes) left out, and the service text gets the rest.
 * Where that leaves the text too narrow, long codes and units wrap instead.
 */
function sizeColumns(doc: Doc, t: Texts, cells: Record<ColumnKey, string>[], extraAmounts: string[]): Column[] {
  const labels = headerLabels(t);
  const order: [ColumnKey, Column['align']][] = [['date', 'left'], ['code', 'left'], ['text', 'left'], ['qty', 'right'], ['unit', 'left'], ['price', 'right'], ['amount', 'right']];
  const widest = (key: ColumnKey): number => {
    setFont(doc, { size: SIZE.body });
    const content = Math.max(0, ...cells.map((r) => doc.widthOfString(r[key])));
    // The payable total is printed a size larger and bold in the amount column.
    setFont(doc, { bold: true, size: SIZE.body + 1 });
    const totals = key === 'amount' ? Math.max(0, ...extraAmounts.map((v) => doc.widthOfString(v))) : 0;
    setFont(doc, { bold: true, size: SIZE.small });
    const header = Math.max(0, ...labels[key].split(/\s+/).map((w) => doc.widthOfString(w)));
    return Math.max(content, totals, header) + 2 * CELL_PAD + 0.5;
  };
  const used = order.filter(([key]) => key === 'text' || key === 'amount' || cells.some((r) => r[key] !== ''));
  const widths = new Map<ColumnKey, number>(used.filter(([k]) => k !== 'text').map(([k]) => [k, widest(k)]));
  const fixed = () => [...widths.values()].reduce((a, b) => a + b, 0);
  for (const key of ['code', 'unit'] as const) {
    const w = widths.get(key);
    if (w !== undefined && CONTENT_W - fixed() < TEXT_MIN_W) widths.set(key, Math.max(mm(14), w - (TEXT_MIN_W - (CONTENT_W - fixed()))));
  }
  widths.set('text', Math.max(mm(30), CONTENT_W - fixed()));
  let x = LEFT;
  return used.map(([key, align]) => {
    const col = { key, x, w: widths.get(key)!, align };
    x += col.w;
    return col;
  });
}

function drawTableHeader(c: Ctx, y: number): number {
  const { doc, t } = c;
  const labels = headerLabels(t);
  let bottom = y;
  for (const col of c.columns) {
    const box = cellBox(col);
    bottom = Math.max(bottom, put(doc, labels[col.key], box.x, y, { bold: true, size: SIZE.small, width: box.w, align: col.align }));
  }
  rule(doc, bottom + mm(1));
  return bottom + mm(2.5);
}

function unitLabel(t: Texts, unit: '5min' | 'session' | 'item' | 'none'): string {
  return unit === '5min' ? t.unit5min : unit === 'session' ? t.unitSession : unit === 'item' ? t.unitItem : '';
}

function lineCells(s: InvoiceSnapshot, t: Texts, money: (minor: number) => string, line: SnapshotLine): Record<ColumnKey, string> {
  if (line.kind === 'discount') {
    const rate = line.percentBasisPoints === null ? '' : `${formatPercent(line.percentBasisPoints, s.currency)} %`;
    return { date: '', code: '', text: line.text, qty: '', unit: '', price: rate, amount: money(line.amountMinor) };
  }
  return {
    date: line.date ? formatDate(line.date) : '',
    code: line.code,
    text: line.text,
    qty: formatQuantity(line.quantityHundredths, s.currency),
    unit: unitLabel(t, line.unit),
    price: money(line.unitPriceMinor),
    amount: money(line.amountMinor),
  };
}

function formatPercent(basisPoints: number, currency: InvoiceSnapshot['currency']): string {
  const rate = formatRate(basisPoints);
  return currency === 'EUR' ? rate.replace('.', ',') : rate;
}

function rowHeight(c: Ctx, cells: Record<ColumnKey, string>): number {
  let h = 0;
  for (const col of c.columns) h = Math.max(h, heightOf(c.doc, cells[col.key], { size: SIZE.body, width: cellBox(col).w }));
  return h + mm(1.6);
}

function drawRow(c: Ctx, cells: Record<ColumnKey, string>, y: number): void {
  for (const col of c.columns) {
    const box = cellBox(col);
    put(c.doc, cells[col.key], box.x, y, { size: SIZE.body, width: box.w, align: col.align });
  }
}

const CARRY_H = mm(7);

/** "Übertrag" with the sum of the lines so far: at the foot of a page (rule above) and the head of the next (rule below). */
function drawCarryOver(c: Ctx, sum: number, y: number, at: 'foot' | 'head'): number {
  const { doc, t } = c;
  const amount = c.columns[c.columns.length - 1]!;
  const box = cellBox(amount);
  const labelX = c.columns.find((col) => col.key === 'text')!.x;
  if (at === 'foot') rule(doc, y, labelX, RIGHT);
  const ty = y + mm(1.2);
  put(doc, t.carryOver, labelX, ty, { size: SIZE.body, bold: true, width: box.x - labelX - mm(2), align: 'right' });
  put(doc, c.money(sum), box.x, ty, { size: SIZE.body, bold: true, width: box.w, align: 'right' });
  if (at === 'head') rule(doc, ty + mm(5), labelX, RIGHT);
  return y + CARRY_H;
}

// ---------------------------------------------------------------------------------------------
// Totals, notes, terms.

interface TotalsRow {
  label: string;
  amount: string;
  bold?: boolean;
}

function totalsRows(c: Ctx): TotalsRow[] {
  const { s, t } = c;
  const rows: TotalsRow[] = [];
  const hasVat = s.totals.vat.length > 0;
  if (hasVat || s.totals.roundingMinor !== 0) rows.push({ label: t.subtotal, amount: c.money(s.totals.subtotalMinor) });
  for (const g of s.totals.vat) {
    const rate = s.currency === 'EUR' ? formatRate(g.rateBasisPoints).replace('.', ',') : formatRate(g.rateBasisPoints);
    rows.push({ label: fill(t.vatOn, { rate, net: c.money(g.netMinor) }), amount: c.money(g.vatMinor) });
  }
  if (s.totals.roundingMinor !== 0) rows.push({ label: t.rounding, amount: c.money(s.totals.roundingMinor) });
  rows.push({ label: `${t.total} ${s.currency}`, amount: c.money(s.totals.totalMinor), bold: true });
  return rows;
}

const TOTALS_LABEL_X = mm(100);

function totalsHeight(rows: TotalsRow[]): number {
  return mm(2) + rows.length * mm(5.2) + mm(2);
}

function drawTotals(c: Ctx, rows: TotalsRow[], y: number): number {
  const { doc } = c;
  rule(doc, y, TOTALS_LABEL_X, RIGHT);
  let ty = y + mm(2);
  const amountBox = cellBox(c.columns[c.columns.length - 1]!);
  rows.forEach((row, i) => {
    // The payable total gets its own rule, unless the block's top rule is right above it.
    if (row.bold && i > 0) rule(doc, ty - mm(0.8), TOTALS_LABEL_X, RIGHT);
    const size = row.bold ? SIZE.body + 1 : SIZE.body;
    put(doc, row.label, TOTALS_LABEL_X, ty, { size, bold: row.bold ?? false, width: amountBox.x - TOTALS_LABEL_X - mm(2) });
    put(doc, row.amount, amountBox.x, ty, { size, bold: row.bold ?? false, width: amountBox.w, align: 'right' });
    ty += mm(5.2);
  });
  rule(doc, ty - mm(0.8), TOTALS_LABEL_X, RIGHT, 1);
  return ty + mm(1);
}

/** Free text blocks after the totals, in order, with the gap above each. */
/** The VAT exemption note, when there is one (no VAT charged). */
function vatNote(c: Ctx): string {
  return c.s.totals.vat.length === 0 ? (c.s.texts.vatNote ?? c.t.vatExempt).trim() : '';
}

const BESIDE_TOTALS_W = TOTALS_LABEL_X - LEFT - mm(8);

/** A short VAT note stands left of the totals (room the page has anyway) rather than on a line of its own. */
function vatNoteBeside(c: Ctx, totals: TotalsRow[]): boolean {
  const note = vatNote(c);
  return note !== '' && heightOf(c.doc, note, { size: SIZE.small, width: BESIDE_TOTALS_W, lineGap: 1 }) <= totalsHeight(totals) - mm(2);
}

function closingBlocks(c: Ctx, vatBeside: boolean): { text: string; size: number }[] {
  const { s, t } = c;
  const blocks: { text: string; size: number }[] = [];
  if (!vatBeside && vatNote(c) !== '') blocks.push({ text: vatNote(c), size: SIZE.small });
  blocks.push({ text: fill(t.paymentTerms, { date: formatDate(s.dueDate) }), size: SIZE.body });
  if (s.texts.closing) blocks.push({ text: s.texts.closing, size: SIZE.body });
  return blocks.filter((b) => b.text.trim() !== '');
}

// ---------------------------------------------------------------------------------------------
// Payment parts.

function attachSwissQrBill(c: Ctx, contentBottom: number): void {
  const { doc, s } = c;
  const bill = new SwissQRBill(swissQrBillData(s), {
    language: s.language.toUpperCase() as 'DE' | 'FR' | 'IT' | 'EN',
    fontName: FONT,
    scissors: true,
    outlines: true,
  });
  let y = contentBottom;
  if (y > BILL_TOP - BILL_CLEARANCE) {
    newPage(doc);
    y = drawContinuationHeader(c);
  }
  // swissqrbill refuses the current page (and opens a slip-sized one) if doc.y is below its top.
  doc.x = 0;
  doc.y = y;
  bill.attachTo(doc, 0, BILL_TOP);
}

const BANK_BLOCK_H = mm(46);
const GIRO_SIZE = mm(32);

function drawGiroCode(doc: Doc, payload: string, x: number, y: number, size: number): void {
  // EPC069-12 demands error correction level M.
  const qr = QRCode.create(payload, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const quiet = 4;
  const cell = size / (n + 2 * quiet);
  doc.save();
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      if (qr.modules.get(row, col)) doc.rect(x + (col + quiet) * cell, y + (row + quiet) * cell, cell, cell);
    }
  }
  doc.fillColor('black').fill();
  doc.restore();
}

function drawBankDetails(c: Ctx, contentBottom: number): void {
  const { doc, s, t } = c;
  let y = contentBottom + mm(4);
  if (y + BANK_BLOCK_H > BOTTOM) {
    newPage(doc);
    y = drawContinuationHeader(c);
  }
  rule(doc, y);
  const top = y + mm(3);
  put(doc, t.bankDetails, LEFT, top, { bold: true, size: SIZE.body, width: mm(100) });
  const rows: [string, string][] = [
    [t.accountHolder, s.practice.name],
    [t.iban, formatIban(s.practice.iban)],
    ...(s.practice.bic.trim() !== '' ? ([[t.bic, s.practice.bic.trim()]] as [string, string][]) : []),
    [t.remittance, qrMessage(s)],
    [t.amount, `${c.money(s.totals.totalMinor)} ${s.currency}`],
  ];
  let ry = top + mm(6);
  for (const [label, value] of rows) {
    put(doc, label, LEFT, ry, { size: SIZE.body, width: mm(38), color: '#333333' });
    ry = put(doc, value, LEFT + mm(38), ry, { size: SIZE.body, width: mm(85), bold: label === t.iban }) + mm(1);
  }
  const qx = RIGHT - GIRO_SIZE;
  drawGiroCode(doc, epcPayload(s), qx, top - mm(1), GIRO_SIZE);
  put(doc, t.giroCodeHint, qx - mm(8), top - mm(1) + GIRO_SIZE, { size: SIZE.tiny, width: GIRO_SIZE + mm(8), align: 'right' });
}

// ---------------------------------------------------------------------------------------------
// The document.

function drawPageNumbers(c: Ctx): void {
  const { doc, t } = c;
  const range = doc.bufferedPageRange();
  if (range.count < 2) return;
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    put(doc, fill(t.page, { page: i + 1, pages: range.count }), LEFT, mm(8), { size: SIZE.tiny, width: CONTENT_W, align: 'right', color: '#555555' });
  }
}

const CANCELLED_RED = '#c0392b';

/** The cancellation notice below the title: what happened, the reason, and what the reader should do. */
function drawCancellationNotice(c: Ctx, cancelled: { date: string; reason: string }, y: number): number {
  const { doc, s, t } = c;
  y = put(doc, fill(t.cancelledStatement, { date: formatDate(cancelled.date) }), LEFT, y, { bold: true, size: SIZE.letterhead, width: CONTENT_W, color: CANCELLED_RED }) + mm(2);
  if (cancelled.reason.trim() !== '') {
    y = put(doc, fill(t.cancelReason, { reason: cancelled.reason }), LEFT, y, { size: SIZE.body, width: CONTENT_W, lineGap: 1.5 }) + mm(2);
  }
  const body = fill(t.cancellationBody, {
    number: s.invoiceNumber, invoiceDate: formatDate(s.invoiceDate), amount: `${s.currency} ${c.money(s.totals.totalMinor)}`,
  });
  y = put(doc, body, LEFT, y, { size: SIZE.body, width: CONTENT_W, lineGap: 1.5 }) + mm(6);
  return put(doc, t.cancelledLines, LEFT, y, { bold: true, size: SIZE.body, width: CONTENT_W }) + mm(2);
}

/** The draft's note, printed above the totals. */
function noteHeight(c: Ctx): number {
  const note = c.s.texts.note?.trim() ?? '';
  return note === '' ? 0 : heightOf(c.doc, note, { size: SIZE.body, width: CONTENT_W, lineGap: 1.5 }) + mm(3);
}

/** How many of the last lines always stand on the page of the totals, so a total is never alone. */
const KEEP_WITH_TOTALS = 2;

/**
 * The lines, page by page: a line goes on the page if it fits above the room kept for the
 * "Übertrag" line; the last lines go over together with the note and the totals when those would not
 * fit after them. Each page break carries the running sum at the foot and at the head of the next.
 */
function drawLines(c: Ctx, y: number, tail: number): number {
  const { doc, s } = c;
  const rows = s.lines.map((line) => {
    const cells = lineCells(s, c.t, c.money, line);
    return { cells, h: rowHeight(c, cells), amount: line.amountMinor };
  });
  const keep = Math.min(KEEP_WITH_TOTALS, rows.length);
  const keptHeight = rows.slice(rows.length - keep).reduce((sum, r) => sum + r.h, 0) + tail;
  let sum = 0;
  let placed = 0;
  let fresh = false;
  rows.forEach((row, i) => {
    const keptFromHere = i === rows.length - keep;
    const fitsAlone = y + row.h + CARRY_H <= BOTTOM;
    const keptFits = y + keptHeight <= BOTTOM;
    // A group that does not fit even on a page of its own flows line by line.
    const groupPossible = drawContinuationHeaderHeight(c) + keptHeight <= BOTTOM;
    const inKeptGroup = i >= rows.length - keep && groupPossible;
    const fits = keptFromHere && groupPossible ? keptFits : inKeptGroup ? true : fitsAlone;
    if (!fits && !fresh) {
      if (placed > 0) drawCarryOver(c, sum, y, 'foot');
      newPage(doc);
      y = drawTableHeader(c, drawContinuationHeader(c));
      if (placed > 0) y = drawCarryOver(c, sum, y, 'head');
      fresh = true;
    }
    drawRow(c, row.cells, y);
    y += row.h;
    sum += row.amount;
    placed += 1;
    fresh = false;
  });
  return y;
}

/** Where the table starts on a continuation page (its header included), for the fit test of the last lines. */
function drawContinuationHeaderHeight(c: Ctx): number {
  return mm(25) + heightOf(c.doc, 'X', { bold: true, size: SIZE.small, width: mm(20) }) + mm(2.5) + CARRY_H;
}

function layoutDocument(c: Ctx): void {
  const { doc, s } = c;
  newPage(doc);
  let y = drawFirstPageHeader(c);
  if (s.cancelled) {
    y = drawCancellationNotice(c, s.cancelled, y);
  } else if (s.texts.intro && s.texts.intro.trim() !== '') {
    y = put(doc, s.texts.intro, LEFT, y, { size: SIZE.body, width: CONTENT_W, lineGap: 1.5 }) + mm(4);
  }
  if (s.treatmentCase) y = drawCase(c, s.treatmentCase, y);

  const rows = totalsRows(c);
  const note = noteHeight(c);
  y = drawLines(c, drawTableHeader(c, y), note + mm(1) + totalsHeight(rows));

  if (y + note + mm(1) + totalsHeight(rows) > BOTTOM) {
    newPage(doc);
    y = drawContinuationHeader(c);
  }
  if (note > 0) y = put(doc, s.texts.note!.trim(), LEFT, y + mm(2), { size: SIZE.body, width: CONTENT_W, lineGap: 1.5 }) + mm(1);
  const vatBeside = !s.cancelled && vatNoteBeside(c, rows);
  if (vatBeside) put(doc, vatNote(c), LEFT, y + mm(3), { size: SIZE.small, width: BESIDE_TOTALS_W, lineGap: 1 });
  y = drawTotals(c, rows, y + mm(1));

  if (s.cancelled) {
    // Nothing to pay: no payment terms and no payment part.
    drawPageNumbers(c);
    drawCancelled(c, s.cancelled);
    return;
  }
  const blocks = closingBlocks(c, vatBeside);
  const blockHeight = (block: { text: string; size: number }) => mm(3) + heightOf(doc, block.text, { size: block.size, width: CONTENT_W, lineGap: 1.5 });
  // The payment terms point to the payment part below them: when that part needs a page of its own,
  // they go there with it.
  if (s.currency === 'CHF' && y + blocks.reduce((h, b) => h + blockHeight(b), 0) > BILL_TOP - BILL_CLEARANCE) {
    newPage(doc);
    y = drawContinuationHeader(c) - mm(3);
  }
  for (const block of blocks) {
    if (y + blockHeight(block) > BOTTOM) {
      newPage(doc);
      y = drawContinuationHeader(c) - mm(3);
    }
    y = put(doc, block.text, LEFT, y + mm(3), { size: block.size, width: CONTENT_W, lineGap: 1.5 });
  }

  if (s.currency === 'CHF') attachSwissQrBill(c, y);
  else drawBankDetails(c, y);
  drawPageNumbers(c);
}

/** Every page of a cancellation says so, and that it must not be paid. */
function drawCancelled(c: Ctx, cancelled: { date: string; reason: string }): void {
  const { doc, t } = c;
  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    doc.save();
    doc.rotate(-30, { origin: [mm(105), mm(148)] });
    doc.font(FONT_BOLD).fontSize(72).fillColor(CANCELLED_RED).fillOpacity(0.22);
    doc.text(t.cancelledStamp, mm(5), mm(135), { width: mm(200), align: 'center', lineBreak: false });
    doc.restore();
    put(doc, fill(t.cancelledStatement, { date: formatDate(cancelled.date) }), LEFT, mm(9), {
      size: SIZE.small, width: mm(120), color: CANCELLED_RED, bold: true,
    });
  }
}

/** UTC midnight of the invoice date: the same instant on every machine and every re-print. */
function documentDate(isoDate: string): Date {
  return new Date(`${isoDate}T00:00:00Z`);
}

/**
 * Renders the invoice. Refuses (validation AppError with the problems as fields) a snapshot that
 * checkPrintable rejects, because swissqrbill would print an unpayable slip without complaint.
 */
export interface RenderOptions {
  /**
   * A stored snapshot of an issued invoice was checked when it was issued; re-printing it must not
   * depend on rules that may have tightened since. Pass false for those.
   */
  check?: boolean;
  /** The Tarif 590 form's 2D security code: off unless a part is given (no public specification exists to build one). */
  securityCode?: SecurityCodePart;
}

/**
 * A new document with Arnika's fonts and metadata (language, title, author, a creation date that is
 * the document's own date, so the same document renders to the same bytes), and its bytes once ended.
 */
function openDocument(o: { language: Language; currency: Currency; title: string; author: string; date: string }): { doc: Doc; finished: Promise<Buffer> } {
  const fonts = parsedInvoiceFonts();
  const date = documentDate(o.date);
  const doc = new PDFDocument({
    autoFirstPage: false,
    bufferPages: true,
    // No default font: pdfkit would otherwise open (and write) Helvetica, which we never use.
    font: null as unknown as string,
    lang: `${o.language}-${o.currency === 'EUR' ? 'DE' : 'CH'}`,
    displayTitle: true,
    info: { Title: o.title, Author: o.author, Creator: 'Arnika', Producer: 'Arnika', CreationDate: date, ModDate: date },
  });
  doc.registerFont(FONT, fonts.regular as unknown as Buffer);
  doc.registerFont(FONT_BOLD, fonts.bold as unknown as Buffer);
  const chunks: Buffer[] = [];
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return { doc, finished };
}

export async function renderInvoicePdf(snapshot: InvoiceSnapshot, options: RenderOptions = {}): Promise<Buffer> {
  const s = InvoiceSnapshot.parse(snapshot);
  const problems = options.check === false ? [] : checkPrintable(s);
  if (problems.length > 0) {
    throw new AppError('validation', `invoice ${s.invoiceNumber} is not printable: ${problems.map((p) => `${p.path} ${p.key}`).join(', ')}`, { fields: problems });
  }
  const t = invoiceTexts(s.language, s.currency);
  const { doc, finished } = openDocument({ language: s.language, currency: s.currency, title: documentTitle({ s, t }), author: s.practice.name, date: s.invoiceDate });

  const money = (minor: number) => formatMoney(minor, s.currency, s.language);
  const columns = sizeColumns(doc, t, s.lines.map((line) => lineCells(s, t, money, line)), [money(s.totals.subtotalMinor), money(s.totals.totalMinor)]);
  const ctx: Ctx = { doc, s, t, layout: s.currency === 'EUR' ? GERMAN : SWISS, money, columns };
  if (s.tarif590 && !s.cancelled) layoutTarif590(doc, s, { security: options.securityCode });
  else layoutDocument(ctx);
  doc.end();
  return finished;
}

// Building blocks the money domains' letters (reminders, receipts, credit notes) are made of, through
// letterKit.ts: the same fonts, geometry, envelope windows, return line, QR-bill placement and GiroCode.
export {
  FONT, FONT_BOLD, SIZE, SWISS, GERMAN, LEFT, RIGHT, CONTENT_W, PAGE_H, BOTTOM, BILL_TOP, BILL_CLEARANCE, mm, put, heightOf, putReturnLine,
  rule, newPage, addressLines, joinNonEmpty, drawGiroCode, documentDate, openDocument,
};
export type { Layout as WindowLayout, TextOpts };
