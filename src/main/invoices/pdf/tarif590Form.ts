/**
 * Owns the Tarif 590 Rückforderungsbeleg: the invoice drawn as the uniform form of Swiss
 * complementary medicine, laid out after the Forum Datenaustausch 4.5 paper form the official form
 * uses (header with title, release tag, document identification and page; Rechnungssteller and
 * Leistungserbringer with GLN, ZSR, address, phone; the patient block with identity, case data,
 * law, reason and, on the right, the invoice and reminder dates and numbers; referring doctor,
 * diagnosis, remark; the service lines with tariff 590, code, quantity of 5-minute periods, unit
 * price, amount, VAT code and the verbatim tariff text under each; the VAT table and amounts), with
 * the Swiss QR-bill for the amount due in the bottom third of the last page.
 *
 * The 2D security code some insurers read has no public specification that we found: it is a
 * pluggable part (`SecurityCodePart`) that is off unless a caller passes one. No format is invented.
 */
import { SwissQRBill } from 'swissqrbill/pdf';
import { formatMoney, formatRate } from '../../../shared/money.js';
import { catalogs } from '../../../shared/i18n/index.js';
import { vatCodeOf } from '../../../shared/tarif590/rules.js';
import type { InvoiceSnapshot, SnapshotParty, SnapshotTarif590 } from '../snapshot.js';
import { swissQrBillData } from './qrData.js';
import { fill, formatDate, formatQuantity } from './texts.js';

type Doc = PDFKit.PDFDocument;

/** Draws the 2D security code into the box it is given. None is built in (see the top of this file). */
export interface SecurityCodePart {
  draw(doc: Doc, s: InvoiceSnapshot, box: { x: number; y: number; size: number }): void;
}

const FONT = 'Liberation Sans';
const FONT_BOLD = 'Liberation Sans-Bold';
const mm = (v: number) => (v * 72) / 25.4;
const PAGE_H = mm(297);
const LEFT = mm(12);
const RIGHT = mm(198);
const W = RIGHT - LEFT;
const BILL_TOP = PAGE_H - SwissQRBill.height;
const BOTTOM = PAGE_H - mm(14);
/** The left strip of each block carries the block's name, as on the paper form. */
const STRIP = mm(24);
const SIZE = { label: 6.5, value: 8, title: 13, text: 7 } as const;
const GREY = '#555555';

type Words = (key: string, params?: Record<string, string | number>) => string;

function wordsFor(lang: InvoiceSnapshot['language']): Words {
  const catalog = catalogs[lang === 'en' ? 'de' : lang] as Record<string, string>;
  return (key, params) => fill(catalog[key] ?? key, params ?? {});
}

function text(doc: Doc, value: string, x: number, y: number, width: number, o: { bold?: boolean; size?: number; align?: 'left' | 'right' | 'center'; color?: string } = {}): number {
  if (value === '') return y;
  doc.font(o.bold ? FONT_BOLD : FONT).fontSize(o.size ?? SIZE.value).fillColor(o.color ?? 'black');
  doc.text(value, x, y, { width, align: o.align ?? 'left', lineGap: 0 });
  return y + doc.heightOfString(value, { width });
}

function heightOf(doc: Doc, value: string, width: number, size: number): number {
  doc.font(FONT).fontSize(size);
  return value === '' ? 0 : doc.heightOfString(value, { width });
}

function hline(doc: Doc, y: number, x1 = LEFT, x2 = RIGHT, width = 0.4): void {
  doc.save().moveTo(x1, y).lineTo(x2, y).lineWidth(width).strokeColor('black').stroke().restore();
}

function box(doc: Doc, x: number, y: number, w: number, h: number): void {
  doc.save().rect(x, y, w, h).lineWidth(0.6).strokeColor('black').stroke().restore();
}

/** Label / value pairs, one per row: label in small grey, value beside it. Returns the y below. */
function pairs(doc: Doc, rows: [string, string][], x: number, y: number, labelW: number, valueW: number): number {
  for (const [label, value] of rows) {
    // A long label wraps; the row grows to hold it.
    const labelBottom = text(doc, label, x, y + 0.6, labelW - mm(1), { size: SIZE.label, color: GREY });
    y = Math.max(y + mm(3.4), labelBottom + mm(0.6), text(doc, value, x + labelW, y, valueW, { size: SIZE.value }) + mm(0.4));
  }
  return y;
}

const addressLine = (p: { address: SnapshotParty['address'] }) =>
  [[p.address.street, p.address.houseNumber].filter(Boolean).join(' '), [p.address.postalCode, p.address.town].filter(Boolean).join(' ')].filter(Boolean).join(', ');

interface FormCtx {
  doc: Doc;
  s: InvoiceSnapshot;
  f: SnapshotTarif590;
  w: Words;
  money: (minor: number) => string;
  copy: boolean;
}

/** Title, release tag, document identification and (filled in at the end) the page. */
function drawHeader(c: FormCtx): number {
  const { doc, s, f, w } = c;
  let y = mm(10);
  text(doc, w('doc.t590.title'), LEFT, y, mm(120), { bold: true, size: SIZE.title });
  text(doc, `${w('doc.t590.release')} ${f.release}`, RIGHT - mm(70), y, mm(70), { size: SIZE.label, align: 'right', color: GREY });
  y += mm(6);
  text(doc, w('doc.t590.subtitle'), LEFT, y, mm(120), { size: SIZE.value });
  y += mm(5);
  const id = `${w('doc.t590.documentId')}  ${s.invoiceNumber}  ${formatDate(s.invoiceDate)}`;
  text(doc, id, LEFT, y, mm(120), { size: SIZE.value, bold: true });
  if (c.copy) text(doc, w('doc.t590.copyStamp'), RIGHT - mm(70), y - mm(2), mm(70), { bold: true, size: SIZE.title, align: 'right', color: '#c0392b' });
  return y + mm(5.5);
}

/** A block with its name in the left strip; `draw` fills it from `y` and returns the y below. Returns the y below the block. */
function block(c: FormCtx, name: string, y: number, draw: (x: number, y: number, width: number) => number): number {
  const { doc } = c;
  const bottom = draw(LEFT + STRIP + mm(2), y + mm(1.5), W - STRIP - mm(3)) + mm(0.5);
  box(doc, LEFT, y, W, bottom - y);
  doc.save().moveTo(LEFT + STRIP, y).lineTo(LEFT + STRIP, bottom).lineWidth(0.4).stroke().restore();
  text(doc, name, LEFT + mm(1.5), y + mm(1.5), STRIP - mm(3), { bold: true, size: SIZE.value });
  return bottom;
}

function drawParty(c: FormCtx, name: string, p: SnapshotParty, y: number): number {
  const { w } = c;
  return block(c, name, y, (x, top, width) => {
    const half = width / 2;
    const left = pairs(c.doc, [[w('doc.t590.gln'), p.gln], [w('doc.t590.zsr'), p.zsr]], x, top, mm(16), half - mm(18));
    const right = pairs(c.doc, [
      [w('doc.t590.name'), [p.name, p.profession].filter(Boolean).join(', ')],
      [w('doc.t590.address'), addressLine(p)],
      [w('doc.t590.phone'), p.phone],
    ], x + half, top, mm(16), half - mm(16));
    return Math.max(left, right);
  });
}

const sexLetter = (w: Words, sex: SnapshotTarif590['patient']['sex']) => (sex === 'female' || sex === 'male' ? w(`doc.t590.sex.${sex}`) : '');

function drawPatient(c: FormCtx, y: number): number {
  const { doc, s, f, w } = c;
  const tc = s.treatmentCase;
  const p = f.patient;
  const period = tc?.period ? `${formatDate(tc.period.from)} – ${formatDate(tc.period.to)}` : '';
  const reasons = ['illness', 'accident', 'maternity', 'prevention', 'birth_defect'] as const;
  return block(c, w('doc.t590.patient'), y, (x, top, width) => {
    // Three columns: the person, the case, and (right, in the envelope window) invoice data and address.
    const c1 = width * 0.36;
    const c2 = width * 0.32;
    const c3 = width - c1 - c2;
    const left = pairs(doc, [
      [w('doc.t590.lastName'), p.lastName],
      [w('doc.t590.firstName'), p.firstName],
      [w('doc.t590.street'), [p.address.street, p.address.houseNumber].filter(Boolean).join(' ')],
      [w('doc.t590.postalCode'), p.address.postalCode],
      [w('doc.t590.town'), p.address.town],
      [w('doc.t590.birthDate'), p.birthDate ? formatDate(p.birthDate) : ''],
      [w('doc.t590.sex'), sexLetter(w, p.sex)],
      [w('doc.t590.ahv'), p.ahv],
      [w('doc.t590.cardNumber'), p.cardNumber],
      [w('doc.t590.insuredNumber'), p.insuredNumber],
    ], x, top, mm(23), c1 - mm(24));
    const middle = pairs(doc, [
      // Falldatum: the accident date where there is one, else the day the case began.
      [w('doc.t590.caseDate'), tc?.accidentDate ? formatDate(tc.accidentDate) : tc ? formatDate(tc.startDate) : ''],
      [w('doc.t590.caseNumber'), tc?.claimNumber ?? ''],
      [w('doc.t590.canton'), f.canton],
      [w('doc.t590.invoiceCopy'), c.copy ? w('doc.t590.yes') : w('doc.t590.no')],
      [w('doc.t590.reimbursement'), f.reimbursement],
      [w('doc.t590.law'), tc?.law ? w(`doc.law.${tc.law}`) : ''],
      [w('doc.t590.period'), period],
      [w('doc.t590.treatmentType'), w('doc.t590.ambulatory')],
    ], x + c1, top, mm(22), c2 - mm(23));
    const rx = x + c1 + c2;
    let ry = pairs(doc, [
      [w('doc.t590.invoiceDateNumber'), `${formatDate(s.invoiceDate)}\n${s.invoiceNumber}`],
      [w('doc.t590.reminderDateNumber'), s.reminder ? `${formatDate(s.reminder.date)}\n${s.reminder.number}` : ''],
    ], rx, top, mm(22), c3 - mm(22)) + mm(3);
    const r = s.recipient;
    for (const line of [...(r.salutation ? [r.salutation] : []), ...r.nameLines, [r.address.street, r.address.houseNumber].filter(Boolean).join(' '), [r.address.postalCode, r.address.town].filter(Boolean).join(' ')]) {
      ry = text(doc, line, rx, ry, c3, { size: 9.5 });
    }
    const below = Math.max(left, middle, ry) + mm(0.5);
    return pairs(doc, [[w('doc.t590.reason'), reasons.map((r) => `${tc?.reason === r ? '[X]' : '[  ]'} ${w(`doc.reason.${r}`)}`).join('    ')]], x, below, mm(23), width - mm(23));
  });
}

function drawCaseFacts(c: FormCtx, y: number): number {
  const { doc, s, w } = c;
  const tc = s.treatmentCase;
  const r = tc?.referrer;
  const referrer = r ? [r.name, addressLine({ address: { ...r.address, country: r.address.country } } as { address: SnapshotParty['address'] }), r.gln ? `GLN ${r.gln}` : '', r.zsr ? `ZSR ${r.zsr}` : ''].filter(Boolean).join(', ') : '';
  return block(c, w('doc.t590.more'), y, (x, top, width) => pairs(doc, [
    [w('doc.t590.referrer'), referrer],
    [w('doc.t590.diagnosis'), tc?.diagnosis ?? ''],
    [w('doc.t590.remark'), [tc?.remark ?? '', s.texts.note ?? ''].filter((v) => v.trim() !== '').join('\n')],
  ], x, top, mm(30), width - mm(30)));
}

// The service table: date, tariff, code, quantity, unit price, amount, VAT code; the text below.
const COLS = [
  { key: 'date', w: mm(24), align: 'left' },
  { key: 'tariff', w: mm(16), align: 'left' },
  { key: 'code', w: mm(26), align: 'left' },
  { key: 'qty', w: mm(22), align: 'right' },
  { key: 'price', w: mm(30), align: 'right' },
  { key: 'amount', w: mm(34), align: 'right' },
  { key: 'vat', w: mm(34), align: 'right' },
] as const;

function drawTableHeader(c: FormCtx, y: number): number {
  let x = LEFT;
  for (const col of COLS) {
    text(c.doc, c.w(`doc.t590.col.${col.key}`), x, y, col.w - mm(2), { bold: true, size: SIZE.label, align: col.align });
    x += col.w;
  }
  hline(c.doc, y + mm(3.5));
  return y + mm(5);
}

interface Row { cells: Record<(typeof COLS)[number]['key'], string>; under: string; amount: number }

function rowsOf(c: FormCtx): Row[] {
  const { s, money } = c;
  const rows: Row[] = s.lines.map((l) => {
    if (l.kind === 'discount') {
      return { cells: { date: '', tariff: '', code: '', qty: '', price: '', amount: money(l.amountMinor), vat: '' }, under: l.text, amount: l.amountMinor };
    }
    const tariff = l.tariffCode ? '590' : '';
    return {
      cells: {
        date: l.date ? formatDate(l.date) : '', tariff, code: l.tariffCode ?? '', qty: formatQuantity(l.quantityHundredths, s.currency),
        price: money(l.unitPriceMinor), amount: money(l.amountMinor), vat: vatCodeOf(s.practice.vatNumber.trim() === '' ? 0 : l.vatRateBasisPoints) ?? '?',
      },
      // The tariff's official text verbatim; a line without a code shows its own text.
      under: l.tariffText ?? l.text,
      amount: l.amountMinor,
    };
  });
  if (s.reminder) {
    rows.push({ cells: { date: formatDate(s.reminder.date), tariff: '', code: '', qty: '1', price: money(s.reminder.feeMinor), amount: money(s.reminder.feeMinor), vat: '0' }, under: s.reminder.feeText, amount: s.reminder.feeMinor });
  }
  return rows;
}

const UNDER_W = W - COLS[0].w;

function rowHeight(c: FormCtx, r: Row): number {
  return mm(4) + heightOf(c.doc, r.under, UNDER_W, SIZE.text) + mm(1.2);
}

function drawRow(c: FormCtx, r: Row, y: number): number {
  let x = LEFT;
  for (const col of COLS) {
    text(c.doc, r.cells[col.key], x, y, col.w - mm(2), { size: SIZE.value, align: col.align });
    x += col.w;
  }
  const bottom = text(c.doc, r.under, LEFT + COLS[0].w, y + mm(3.8), UNDER_W, { size: SIZE.text, color: '#222222' });
  hline(c.doc, bottom + mm(0.8), LEFT, RIGHT, 0.2);
  return bottom + mm(1.2);
}

/** The VAT table and the amounts: currency, total, prepayment, amount due. */
function footerRows(c: FormCtx): { vat: string[][]; amounts: [string, string][] } {
  const { s, f, w, money } = c;
  const liable = s.practice.vatNumber.trim() !== '';
  const base = liable ? s.totals.vat : [{ rateBasisPoints: 0, netMinor: s.totals.subtotalMinor, vatMinor: 0 }];
  // A reminder's fee carries no VAT (code 0): it joins the code-0 row, so the table adds up to the total.
  const fee = s.reminder?.feeMinor ?? 0;
  const groups = fee === 0 ? base : base.some((g) => g.rateBasisPoints === 0)
    ? base.map((g) => (g.rateBasisPoints === 0 ? { ...g, netMinor: g.netMinor + fee } : g))
    : [{ rateBasisPoints: 0, netMinor: fee, vatMinor: 0 }, ...base];
  const vat = [
    [w('doc.t590.vat.code'), w('doc.t590.vat.rate'), w('doc.t590.vat.net'), w('doc.t590.vat.vat')],
    ...groups.map((g) => [vatCodeOf(g.rateBasisPoints) ?? '?', `${formatRate(g.rateBasisPoints)} %`, money(g.netMinor), money(g.vatMinor)]),
  ];
  const total = s.totals.totalMinor + (s.reminder?.feeMinor ?? 0);
  const due = s.reminder ? s.reminder.amountDueMinor : s.totals.totalMinor - f.prepaymentMinor;
  const amounts: [string, string][] = [
    [w('doc.t590.vatNumber'), liable ? s.practice.vatNumber : w('doc.t590.notLiable')],
    [w('doc.t590.currency'), s.currency],
    [w('doc.t590.total'), money(total)],
    ...(s.totals.roundingMinor !== 0 ? ([[w('doc.t590.rounding'), money(s.totals.roundingMinor)]] as [string, string][]) : []),
    [w('doc.t590.vatTotal'), money(liable ? s.totals.vatTotalMinor : 0)],
    // On a reminder, what was paid or credited since the invoice: so total - paid = amount due on the form too.
    s.reminder ? [w('doc.t590.paid'), money(total - due)] : [w('doc.t590.prepayment'), money(f.prepaymentMinor)],
    [w('doc.t590.amountDue'), money(due)],
  ];
  return { vat, amounts };
}

const FOOTER_H = mm(34);

function drawFooter(c: FormCtx, y: number): number {
  const { doc } = c;
  const { vat, amounts } = footerRows(c);
  hline(doc, y, LEFT, RIGHT, 0.8);
  let vy = y + mm(2);
  const vw = [mm(12), mm(16), mm(24), mm(22)];
  vat.forEach((row, i) => {
    let x = LEFT;
    row.forEach((cell, k) => {
      text(doc, cell, x, vy, vw[k]! - mm(2), { size: i === 0 ? SIZE.label : SIZE.value, bold: i === 0, align: k === 0 ? 'left' : 'right' });
      x += vw[k]!;
    });
    vy += mm(4);
  });
  let ay = y + mm(2);
  const ax = LEFT + mm(100);
  for (const [label, value] of amounts) {
    const last = label === amounts.at(-1)![0];
    text(doc, label, ax, ay, mm(50), { size: last ? SIZE.value : SIZE.label, bold: last, color: last ? 'black' : GREY });
    ay = text(doc, value, ax + mm(50), ay, W - mm(150), { size: SIZE.value, bold: last, align: 'right' }) + mm(0.8);
  }
  return Math.max(vy, ay);
}

function continuationHeader(c: FormCtx): number {
  const y = drawHeader(c);
  return drawTableHeader(c, y + mm(2));
}

/** The form's pages (the original, or the patient copy). Returns the y below the footer on the last page. */
function drawForm(c: FormCtx, security: SecurityCodePart | undefined): number {
  const { doc } = c;
  doc.addPage({ size: 'A4', margins: { top: 0, bottom: 0, left: 0, right: 0 } });
  let y = drawHeader(c);
  if (security) security.draw(doc, c.s, { x: RIGHT - mm(24), y: mm(18), size: mm(22) });
  y = drawParty(c, c.w('doc.t590.biller'), c.f.biller, y);
  y = drawParty(c, c.w('doc.t590.provider'), c.f.provider, y + mm(1.5));
  y = drawPatient(c, y + mm(1.5));
  y = drawCaseFacts(c, y + mm(1.5));
  y = drawTableHeader(c, y + mm(3));
  for (const row of rowsOf(c)) {
    if (y + rowHeight(c, row) > BOTTOM) {
      doc.addPage({ size: 'A4', margins: { top: 0, bottom: 0, left: 0, right: 0 } });
      y = continuationHeader(c);
    }
    y = drawRow(c, row, y);
  }
  if (y + FOOTER_H > BOTTOM) {
    doc.addPage({ size: 'A4', margins: { top: 0, bottom: 0, left: 0, right: 0 } });
    y = drawHeader(c);
  }
  return drawFooter(c, y + mm(1));
}

/**
 * Lays out the whole document: the form, the QR-bill for the amount due in the bottom third of
 * its last page (a page of its own when the form leaves no room), then the patient copy when the
 * practice wants one (marked as copy, without a payment part). Page numbers last.
 */
export function layoutTarif590(doc: Doc, s: InvoiceSnapshot, options: { security?: SecurityCodePart | undefined } = {}): void {
  const f = s.tarif590!;
  const w = wordsFor(s.language);
  const money = (minor: number) => formatMoney(minor, s.currency, s.language);
  const original: FormCtx = { doc, s, f, w, money, copy: false };
  let y = drawForm(original, options.security);
  const due = s.reminder ? s.reminder.amountDueMinor : s.totals.totalMinor - f.prepaymentMinor;
  const bill = new SwissQRBill(swissQrBillData({ ...s, totals: { ...s.totals, totalMinor: due } }), {
    language: s.language.toUpperCase() as 'DE' | 'FR' | 'IT' | 'EN', fontName: FONT, scissors: true, outlines: true,
  });
  if (y > BILL_TOP - mm(2)) {
    doc.addPage({ size: 'A4', margins: { top: 0, bottom: 0, left: 0, right: 0 } });
    y = drawHeader(original);
  }
  doc.x = 0;
  doc.y = y;
  bill.attachTo(doc, 0, BILL_TOP);
  const originalPages = doc.bufferedPageRange().count;
  if (f.patientCopy) drawForm({ ...original, copy: true }, options.security);
  // Pages are counted per form: the copy has its own "Seite 1/2".
  const range = doc.bufferedPageRange();
  const parts = [[0, originalPages], [originalPages, range.count - originalPages]] as const;
  for (const [start, count] of parts) {
    for (let i = 0; i < count; i++) {
      doc.switchToPage(range.start + start + i);
      text(doc, w('doc.page', { page: i + 1, pages: count }), RIGHT - mm(50), mm(16), mm(50), { size: SIZE.value, align: 'right' });
    }
  }
}
