/**
 * Test helpers for PDFs: render a page to PNG with poppler's pdftoppm, decode QR codes on it with
 * jsqr (zbarimg cannot read the Swiss cross), extract text with pdftotext, count pages with
 * pdfinfo, and parse Swiss QR-bill and EPC (GiroCode) payloads into named fields. Temporary files
 * live in a fresh folder under the OS temp dir, removed by `cleanup()`.
 */
import { execFile } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { buildPaymentReference, SNAPSHOT_VERSION, type InvoiceSnapshot, type SnapshotPricedLine } from '../../src/main/invoices/snapshot.js';
import { totalsInput } from '../../src/main/invoices/lines.js';
import { lineAmount, totals } from '../../src/shared/money.js';
import { tempDir } from './tempDir.js';

const run = promisify(execFile);

export interface PdfWorkspace {
  dir: string;
  /** Writes the PDF and returns its path. */
  write(pdf: Buffer, name?: string): Promise<string>;
  cleanup(): Promise<void>;
}

export async function pdfWorkspace(): Promise<PdfWorkspace> {
  const dir = tempDir('arnika-pdf-');
  let n = 0;
  return {
    dir,
    async write(pdf, name) {
      const path = join(dir, name ?? `doc-${++n}.pdf`);
      await writeFile(path, pdf);
      return path;
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

export async function pageCount(pdfPath: string): Promise<number> {
  const { stdout } = await run('pdfinfo', [pdfPath]);
  const m = /^Pages:\s+(\d+)/m.exec(stdout);
  if (!m) throw new Error(`pdfinfo gave no page count for ${pdfPath}`);
  return Number(m[1]);
}

/** Region of a page in millimetres from the top-left corner. */
export interface RegionMm {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Renders one page (1-based) to PNG at `dpi` and returns the file path. With `region`, only that
 * part of the page is rendered (pdftoppm -x/-y/-W/-H), which keeps QR decoding fast.
 */
export async function renderPagePng(pdfPath: string, page: number, opts: { dpi?: number; region?: RegionMm; out?: string } = {}): Promise<string> {
  const dpi = opts.dpi ?? 300;
  const out = opts.out ?? `${pdfPath.replace(/\.pdf$/, '')}-p${page}${opts.region ? '-crop' : ''}`;
  const args = ['-r', String(dpi), '-png', '-singlefile', '-f', String(page), '-l', String(page)];
  if (opts.region) {
    const px = (mm: number) => String(Math.round((mm / 25.4) * dpi));
    args.push('-x', px(opts.region.x), '-y', px(opts.region.y), '-W', px(opts.region.width), '-H', px(opts.region.height));
  }
  await run('pdftoppm', [...args, pdfPath, out]);
  return `${out}.png`;
}

interface Chunk {
  type: string;
  bytes?: number[];
  text?: string;
}

/** Decodes the QR code in a PNG; byte segments are read as UTF-8 (both Swiss QR and EPC say so). */
export async function decodeQrPng(pngPath: string): Promise<string | null> {
  const png = PNG.sync.read(await readFile(pngPath));
  const code = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height);
  if (!code) return null;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  return (code.chunks as Chunk[])
    .map((c) => (c.type === 'byte' && c.bytes ? decoder.decode(new Uint8Array(c.bytes)) : c.type === 'eci' ? '' : (c.text ?? '')))
    .join('');
}

/** Renders a page region and decodes the QR code in it. */
export async function decodeQrOnPage(pdfPath: string, page: number, region?: RegionMm): Promise<string | null> {
  return decodeQrPng(await renderPagePng(pdfPath, page, region ? { region } : {}));
}

/**
 * Every QR code found on the document: each page rendered whole (at 150 dpi, enough for a 46 mm
 * Swiss QR code or a 32 mm GiroCode) and searched. What a phone's banking app would find to pay.
 */
export async function qrCodesInPdf(pdfPath: string): Promise<string[]> {
  const found: string[] = [];
  for (let page = 1; page <= (await pageCount(pdfPath)); page++) {
    const qr = await decodeQrPng(await renderPagePng(pdfPath, page, { dpi: 150 }));
    if (qr !== null) found.push(qr);
  }
  return found;
}

/** Text of the whole document (or one page) as pdftotext sees it, UTF-8. */
export async function pdfText(pdfPath: string, page?: number): Promise<string> {
  const range = page === undefined ? [] : ['-f', String(page), '-l', String(page)];
  const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', '-layout', ...range, pdfPath, '-'], { maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}

/** Where the Swiss QR code sits on an A4 page with the payment part at the bottom (plus margin). */
export const SWISS_QR_REGION: RegionMm = { x: 62, y: 297 - 105 + 12, width: 56, height: 56 };

export interface SwissQrAddress {
  addressType: string;
  name: string;
  street: string;
  houseNumber: string;
  postalCode: string;
  town: string;
  country: string;
}

export interface SwissQrPayload {
  qrType: string;
  version: string;
  coding: string;
  iban: string;
  creditor: SwissQrAddress;
  ultimateCreditor: string[];
  amount: string;
  currency: string;
  debtor: SwissQrAddress;
  referenceType: string;
  reference: string;
  message: string;
  trailer: string;
  billingInformation: string;
  alternativeSchemes: string[];
}

/** Splits a Swiss QR Code payload (IG QR-bill 2.x, field order of section 4.3.3) into fields. */
export function parseSwissQr(payload: string): SwissQrPayload {
  const f = payload.split(/\r?\n/);
  const at = (i: number) => f[i] ?? '';
  const address = (i: number): SwissQrAddress => ({
    addressType: at(i), name: at(i + 1), street: at(i + 2), houseNumber: at(i + 3), postalCode: at(i + 4), town: at(i + 5), country: at(i + 6),
  });
  return {
    qrType: at(0), version: at(1), coding: at(2), iban: at(3),
    creditor: address(4),
    ultimateCreditor: f.slice(11, 18),
    amount: at(18), currency: at(19),
    debtor: address(20),
    referenceType: at(27), reference: at(28), message: at(29), trailer: at(30),
    billingInformation: at(31),
    alternativeSchemes: f.slice(32),
  };
}

export interface EpcPayload {
  serviceTag: string;
  version: string;
  encoding: string;
  identification: string;
  bic: string;
  name: string;
  iban: string;
  amount: string;
  purpose: string;
  structuredRemittance: string;
  unstructuredRemittance: string;
}

export function parseEpc(payload: string): EpcPayload {
  const f = payload.split(/\r?\n/);
  const at = (i: number) => f[i] ?? '';
  return {
    serviceTag: at(0), version: at(1), encoding: at(2), identification: at(3), bic: at(4), name: at(5), iban: at(6),
    amount: at(7), purpose: at(8), structuredRemittance: at(9), unstructuredRemittance: at(10),
  };
}

// ---------------------------------------------------------------------------------------------
// Invoice snapshot fixtures (CHF with QR-IBAN, CHF with normal IBAN, EUR), reusable by any test.


export const QR_IBAN = 'CH44 3199 9123 0008 8901 2';
export const NORMAL_CH_IBAN = 'CH93 0076 2011 6238 5295 7';
export const DE_IBAN = 'DE89 3704 0044 0532 0130 00';

type LineInput = Omit<SnapshotPricedLine, 'amountMinor'>;

export function line(input: LineInput): SnapshotPricedLine {
  return { ...input, amountMinor: lineAmount(input.quantityHundredths, input.unitPriceMinor) };
}

/** Fills amounts, totals and the payment reference the way the issuing code must. */
export function finishSnapshot(s: Omit<InvoiceSnapshot, 'totals' | 'paymentReference'> & Partial<Pick<InvoiceSnapshot, 'paymentReference'>>): InvoiceSnapshot {
  return {
    ...s,
    totals: totals(totalsInput(s.lines), s.currency, s.practice.vatNumber !== ''),
    paymentReference: s.paymentReference ?? buildPaymentReference(s.practice, s.invoiceNumber),
  };
}

/** A Swiss invoice: QR-IBAN (so QRR), total CHF 123.45, special characters everywhere. */
export function chfSnapshot(overrides: Partial<Omit<InvoiceSnapshot, 'totals' | 'paymentReference'>> = {}): InvoiceSnapshot {
  return finishSnapshot({
    schemaVersion: SNAPSHOT_VERSION,
    language: 'de',
    currency: 'CHF',
    invoiceNumber: '2026-00042',
    invoiceDate: '2026-02-14',
    dueDate: '2026-03-16',
    practice: {
      name: 'Physiotherapie Dvořák',
      therapistName: 'Anna Dvořák',
      profession: 'Physiotherapeutin',
      address: { street: 'Bahnhofstrasse', houseNumber: '12a', postalCode: '8001', town: 'Zürich', country: 'CH' },
      phone: '+41 44 123 45 67',
      email: 'praxis@example.ch',
      website: 'www.physio-dvorak.ch',
      iban: QR_IBAN,
      ibanIsQr: true,
      bic: '',
      qrReferencePrefix: '',
      zsrNumber: 'A123456',
      glnNumber: '7601000000002',
      vatNumber: '',
    },
    recipient: {
      nameLines: ['Łukasz Ærø'],
      address: { street: 'Seestrasse', houseNumber: '5', postalCode: '3000', town: 'Bern', country: 'CH' },
      email: 'lukasz@example.ch',
    },
    patient: { name: 'Zoë Müller-Lüdenscheidt', birthDate: '2015-03-09' },
    lines: [
      line({ date: '2026-02-02', code: '7301', text: 'Allgemeine Physiotherapie', quantityHundredths: 100, unitPriceMinor: 12000, unit: 'session', vatRateBasisPoints: 0 }),
      line({ date: '2026-02-02', code: '', text: 'Theraband, leicht', quantityHundredths: 100, unitPriceMinor: 345, unit: 'item', vatRateBasisPoints: 0 }),
    ],
    texts: { intro: 'Für die folgenden Behandlungen erlaube ich mir, Rechnung zu stellen.', closing: 'Freundliche Grüsse\nAnna Dvořák' },
    ...overrides,
  });
}

/** A German invoice: EUR, DIN 5008 layout, GiroCode instead of a QR-bill. */
export function eurSnapshot(overrides: Partial<Omit<InvoiceSnapshot, 'totals' | 'paymentReference'>> = {}): InvoiceSnapshot {
  return finishSnapshot({
    schemaVersion: SNAPSHOT_VERSION,
    language: 'de',
    currency: 'EUR',
    invoiceNumber: 'RE-2026-0007',
    invoiceDate: '2026-02-14',
    dueDate: '2026-02-28',
    practice: {
      name: 'Praxis für Osteopathie Łukasz Nowak',
      therapistName: 'Łukasz Nowak',
      profession: 'Osteopath',
      address: { street: 'Invalidenstraße', houseNumber: '117', postalCode: '10115', town: 'Berlin', country: 'DE' },
      phone: '+49 30 1234567',
      email: 'praxis@example.de',
      website: '',
      iban: DE_IBAN,
      ibanIsQr: false,
      bic: 'COBADEFFXXX',
      qrReferencePrefix: '',
      zsrNumber: '',
      glnNumber: '',
      vatNumber: '',
    },
    recipient: {
      nameLines: ['Frau', 'Zoë Müller-Lüdenscheidt'],
      address: { street: 'Königsallee', houseNumber: '1', postalCode: '40212', town: 'Düsseldorf', country: 'DE' },
      email: '',
    },
    patient: { name: 'Zoë Müller-Lüdenscheidt', birthDate: '1984-11-30' },
    lines: [
      line({ date: '2026-02-03', code: 'GebüH 20.1', text: 'Osteopathische Behandlung (Ærø-Methode)', quantityHundredths: 100, unitPriceMinor: 9500, unit: 'session', vatRateBasisPoints: 0 }),
      line({ date: '2026-02-10', code: 'GebüH 20.1', text: 'Osteopathische Behandlung', quantityHundredths: 100, unitPriceMinor: 9500, unit: 'session', vatRateBasisPoints: 0 }),
    ],
    texts: { intro: 'Vielen Dank für Ihren Besuch. Ich berechne Ihnen folgende Leistungen:' },
    ...overrides,
  });
}
