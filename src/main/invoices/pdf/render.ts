/**
 * Owns the invoice PDF: one A4 document from one snapshot, byte-identical every time (the PDF
 * dates and file id derive from the invoice date, fonts are embedded from assets/fonts, nothing
 * reads the clock). Layout: letterhead, return line and recipient address in the envelope window
 * (Swiss C5/C6 right window for CHF, DIN 5008 form B left window for EUR), invoice data, the table
 * of lines with page breaks (header repeated), totals, VAT summary or exemption note, payment
 * terms, and on the last page the Swiss QR-bill payment part (CHF) or bank details with a
 * GiroCode (EUR). A new page is started for the payment part when the last page has no room.
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
import { InvoiceSnapshot, checkPrintable, type SnapshotAddress, type SnapshotLine } from '../snapshot.js';
import { parsedInvoiceFonts } from './fonts.js';
import { epcPayload, qrMessage, swissQrBillData } from './qrData.js';
import { countryName, fill, formatDate, formatQuantity, invoiceTexts } from './texts.js';

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
const BILL_CLEARANCE = mm(4);

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
  for (const line of [...s.recipient.nameLines, ...addressLines(s.recipient.address, home, s.language)]) {
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
  const labelW = mm(31);
  const valueW = layout.metaW - labelW;
  // Swiss layout: the data block shares the left column with a letterhead that may wrap.
  let my = s.currency === 'EUR' ? mm(50) : Math.max(layout.addressTop, letterheadBottom + mm(5));
  for (const [label, value] of meta) {
    put(doc, label, layout.metaX, my, { size: SIZE.body, width: labelW - mm(1), color: '#333333' });
    my = put(doc, value, layout.metaX + labelW, my, { size: SIZE.body, width: valueW, bold: label === t.invoiceNumber }) + mm(0.8);
  }

  // The window ends about 95 mm from the top; the title goes below both blocks.
  const titleY = Math.max(ay, my, mm(95)) + mm(6);
  return put(doc, documentTitle(c), LEFT, titleY, { bold: true, size: SIZE.title, width: CONTENT_W }) + mm(4);
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
// The table.

interface Column {
  key: 'date' | 'code' | 'text' | 'qty' | 'unit' | 'price' | 'amount';
  x: number;
  w: number;
  align: 'left' | 'right';
}

const COLUMNS: Column[] = (() => {
  const spec: [Column['key'], number, Column['align']][] = [
    ['date', 19, 'left'], ['code', 21, 'left'], ['text', 54, 'left'], ['qty', 14, 'right'],
    ['unit', 15, 'left'], ['price', 21, 'right'], ['amount', 26, 'right'],
  ];
  let x = LEFT;
  return spec.map(([key, w, align]) => {
    const col = { key, x, w: mm(w), align };
    x += mm(w);
    return col;
  });
})();

/** Inner padding so neighbouring columns never touch (a right-aligned number next to a left-aligned unit). */
const CELL_PAD = mm(1.2);

function cellBox(col: Column): { x: number; w: number } {
  // The outer edges of the table stay flush with the text margins.
  const padLeft = col.x <= LEFT ? 0 : CELL_PAD;
  const padRight = col.x + col.w >= RIGHT - 0.01 ? 0 : CELL_PAD;
  return { x: col.x + padLeft, w: col.w - padLeft - padRight };
}

function drawTableHeader(c: Ctx, y: number): number {
  const { doc, t } = c;
  const labels: Record<Column['key'], string> = {
    date: t.colDate, code: t.colCode, text: t.colText, qty: t.colQuantity, unit: t.colUnit, price: t.colUnitPrice, amount: t.colAmount,
  };
  let bottom = y;
  for (const col of COLUMNS) {
    const box = cellBox(col);
    bottom = Math.max(bottom, put(doc, labels[col.key], box.x, y, { bold: true, size: SIZE.small, width: box.w, align: col.align }));
  }
  rule(doc, bottom + mm(1));
  return bottom + mm(2.5);
}

function unitLabel(t: Texts, unit: SnapshotLine['unit']): string {
  return unit === '5min' ? t.unit5min : unit === 'session' ? t.unitSession : t.unitItem;
}

function lineCells(c: Ctx, line: SnapshotLine): Record<Column['key'], string> {
  return {
    date: formatDate(line.date),
    code: line.code,
    text: line.text,
    qty: formatQuantity(line.quantityHundredths, c.s.currency),
    unit: unitLabel(c.t, line.unit),
    price: c.money(line.unitPriceMinor),
    amount: c.money(line.amountMinor),
  };
}

function rowHeight(c: Ctx, cells: Record<Column['key'], string>): number {
  let h = 0;
  for (const col of COLUMNS) h = Math.max(h, heightOf(c.doc, cells[col.key], { size: SIZE.body, width: cellBox(col).w }));
  return h + mm(1.6);
}

function drawRow(c: Ctx, cells: Record<Column['key'], string>, y: number): void {
  for (const col of COLUMNS) {
    const box = cellBox(col);
    put(c.doc, cells[col.key], box.x, y, { size: SIZE.body, width: box.w, align: col.align });
  }
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
const AMOUNT_COL = COLUMNS[COLUMNS.length - 1] as Column;

function totalsHeight(rows: TotalsRow[]): number {
  return mm(2) + rows.length * mm(5.2) + mm(2);
}

function drawTotals(c: Ctx, rows: TotalsRow[], y: number): number {
  const { doc } = c;
  rule(doc, y, TOTALS_LABEL_X, RIGHT);
  let ty = y + mm(2);
  const amountBox = cellBox(AMOUNT_COL);
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
function closingBlocks(c: Ctx): { text: string; size: number }[] {
  const { s, t } = c;
  const blocks: { text: string; size: number }[] = [];
  if (s.totals.vat.length === 0) blocks.push({ text: s.texts.vatNote ?? t.vatExempt, size: SIZE.small });
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

function layoutDocument(c: Ctx): void {
  const { doc, s } = c;
  newPage(doc);
  let y = drawFirstPageHeader(c);
  if (s.cancelled) {
    y = drawCancellationNotice(c, s.cancelled, y);
  } else if (s.texts.intro && s.texts.intro.trim() !== '') {
    y = put(doc, s.texts.intro, LEFT, y, { size: SIZE.body, width: CONTENT_W, lineGap: 1.5 }) + mm(4);
  }

  y = drawTableHeader(c, y);
  for (const line of s.lines) {
    const cells = lineCells(c, line);
    const h = rowHeight(c, cells);
    if (y + h > BOTTOM) {
      newPage(doc);
      y = drawTableHeader(c, drawContinuationHeader(c));
    }
    drawRow(c, cells, y);
    y += h;
  }

  const rows = totalsRows(c);
  if (y + totalsHeight(rows) > BOTTOM) {
    newPage(doc);
    y = drawContinuationHeader(c);
  }
  y = drawTotals(c, rows, y + mm(1));

  if (s.cancelled) {
    // Nothing to pay: no payment terms and no payment part.
    drawPageNumbers(c);
    drawCancelled(c, s.cancelled);
    return;
  }
  for (const block of closingBlocks(c)) {
    const h = heightOf(doc, block.text, { size: block.size, width: CONTENT_W, lineGap: 1.5 });
    if (y + mm(4) + h > BOTTOM) {
      newPage(doc);
      y = drawContinuationHeader(c) - mm(4);
    }
    y = put(doc, block.text, LEFT, y + mm(4), { size: block.size, width: CONTENT_W, lineGap: 1.5 });
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
}

export async function renderInvoicePdf(snapshot: InvoiceSnapshot, options: RenderOptions = {}): Promise<Buffer> {
  const s = InvoiceSnapshot.parse(snapshot);
  const problems = options.check === false ? [] : checkPrintable(s);
  if (problems.length > 0) {
    throw new AppError('validation', `invoice ${s.invoiceNumber} is not printable: ${problems.map((p) => `${p.path} ${p.key}`).join(', ')}`, { fields: problems });
  }
  const t = invoiceTexts(s.language, s.currency);
  const fonts = parsedInvoiceFonts();
  const date = documentDate(s.invoiceDate);
  const doc = new PDFDocument({
    autoFirstPage: false,
    bufferPages: true,
    // No default font: pdfkit would otherwise open (and write) Helvetica, which we never use.
    font: null as unknown as string,
    lang: `${s.language}-${s.currency === 'EUR' ? 'DE' : 'CH'}`,
    displayTitle: true,
    info: {
      Title: documentTitle({ s, t }),
      Author: s.practice.name,
      Creator: 'Arnika',
      Producer: 'Arnika',
      CreationDate: date,
      ModDate: date,
    },
  });
  doc.registerFont(FONT, fonts.regular as unknown as Buffer);
  doc.registerFont(FONT_BOLD, fonts.bold as unknown as Buffer);

  const chunks: Buffer[] = [];
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const ctx: Ctx = { doc, s, t, layout: s.currency === 'EUR' ? GERMAN : SWISS, money: (minor) => formatMoney(minor, s.currency, s.language) };
  layoutDocument(ctx);
  doc.end();
  return finished;
}

// Building blocks the money domains' letters (reminders, receipts, credit notes) are made of, through
// letterKit.ts: the same fonts, geometry, envelope windows, return line, QR-bill placement and GiroCode.
export {
  FONT, FONT_BOLD, SIZE, SWISS, GERMAN, LEFT, RIGHT, CONTENT_W, PAGE_H, BOTTOM, BILL_TOP, BILL_CLEARANCE, mm, put, heightOf, putReturnLine,
  rule, newPage, addressLines, joinNonEmpty, drawGiroCode, documentDate,
};
export type { Layout as WindowLayout, TextOpts };
