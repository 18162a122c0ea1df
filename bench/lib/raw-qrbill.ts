/**
 * The raw library path for the invoice benchmark: one A4 page with a minimal header and the same
 * QR-bill data, drawn by pdfkit + swissqrbill alone (no snapshot validation, no layout, no table,
 * no page numbering). The benchmark runs this next to renderInvoicePdf in the same process to show
 * what our layer costs on top of the libraries.
 */
import PDFDocument from 'pdfkit';
import { SwissQRBill } from 'swissqrbill/pdf';
import type { Data } from 'swissqrbill/types';
import { loadInvoiceFonts } from '../../src/main/invoices/pdf/fonts.js';
import { swissQrBillData } from '../../src/main/invoices/pdf/qrData.js';
import type { InvoiceSnapshot } from '../../src/main/invoices/snapshot.js';

export interface RawBillOptions {
  /**
   * 'liberation' embeds the same Liberation Sans as our renderer (a like-for-like comparison);
   * 'helvetica' uses PDF's built-in font, the library's default and its cheapest path.
   */
  font?: 'liberation' | 'helvetica';
  language?: 'DE' | 'FR' | 'IT' | 'EN';
  /** Fixed PDF dates, so repeated runs produce the same bytes as ours do. */
  date?: Date;
}

/** The QR-bill data our renderer would pass to swissqrbill for this snapshot (CHF only). */
export function rawBillDataFromSnapshot(snapshot: InvoiceSnapshot): Data {
  if (snapshot.currency !== 'CHF') throw new Error('the Swiss QR-bill exists for CHF invoices only');
  return swissQrBillData(snapshot);
}

export async function renderRawBill(data: Data, options: RawBillOptions = {}): Promise<Buffer> {
  const liberation = (options.font ?? 'liberation') === 'liberation';
  const date = options.date ?? new Date('2026-01-01T00:00:00Z');
  const doc = new PDFDocument({ size: 'A4', info: { CreationDate: date, ModDate: date } });
  let fontName: 'Helvetica' | 'Liberation Sans' = 'Helvetica';
  if (liberation) {
    const fonts = loadInvoiceFonts();
    doc.registerFont('Liberation Sans', fonts.regular);
    doc.registerFont('Liberation Sans-Bold', fonts.bold);
    fontName = 'Liberation Sans';
  }
  const chunks: Buffer[] = [];
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.font(liberation ? 'Liberation Sans-Bold' : 'Helvetica-Bold').fontSize(14).text(data.creditor.name, 57, 57);
  doc.font(fontName).fontSize(10).text(data.message ?? '', 57, 80);
  new SwissQRBill(data, { language: options.language ?? 'DE', fontName }).attachTo(doc);
  doc.end();
  return finished;
}
