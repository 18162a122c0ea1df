/**
 * Owns the receipt (Quittung) and the credit note (Gutschrift): their frozen snapshots (everything
 * the PDF prints, stored with the record) and how they are printed on the practice's letter. Neither
 * carries a payment part: a receipt confirms money received, a credit note says the amount will be
 * refunded or set off. Rendered once, archived, never rendered again.
 */
import { z } from 'zod';
import { formatMoneyWithCurrency } from '../../shared/money.js';
import { translate } from '../../shared/i18n/index.js';
import { Currency, IsoDate, Language } from '../../shared/validation/fields.js';
import { loadLetterKit, SnapshotPractice, SnapshotRecipient } from '../invoices/index.js';
import type { InvoiceSnapshot } from '../invoices/index.js';
import { formatDate } from '../../shared/dates.js';

const int = z.number().int();

/** The invoice a money document is about, as its snapshot printed it. */
const InvoiceRef = z.object({ number: z.string(), date: IsoDate, totalMinor: int });

export const ReceiptSnapshot = z.object({
  schemaVersion: z.literal(1),
  language: Language,
  currency: Currency,
  number: z.string(),
  date: IsoDate,
  amountMinor: int,
  method: z.enum(['transfer', 'cash', 'card', 'twint', 'other']),
  invoice: InvoiceRef,
  /** Open on the invoice after this payment (negative: a credit). */
  openAfterMinor: int,
  practice: SnapshotPractice,
  recipient: SnapshotRecipient,
  patientName: z.string(),
});
export type ReceiptSnapshot = z.infer<typeof ReceiptSnapshot>;

export const CreditNoteSnapshot = z.object({
  schemaVersion: z.literal(1),
  language: Language,
  currency: Currency,
  number: z.string(),
  date: IsoDate,
  kind: z.enum(['overpayment', 'reduction']),
  amountMinor: int,
  reason: z.string(),
  invoice: InvoiceRef,
  /** Paid on the invoice when the note was issued. */
  paidMinor: int,
  practice: SnapshotPractice,
  recipient: SnapshotRecipient,
  patientName: z.string(),
});
export type CreditNoteSnapshot = z.infer<typeof CreditNoteSnapshot>;

/** What both take from the invoice: letterhead, addressee, patient, number, date, total. */
export function fromInvoice(s: InvoiceSnapshot) {
  return {
    language: s.language,
    currency: s.currency,
    practice: s.practice,
    recipient: s.recipient,
    patientName: s.patient.name,
    invoice: { number: s.invoiceNumber, date: s.invoiceDate, totalMinor: s.totals.totalMinor },
  };
}

/** File names in the document's language, safe on every system. */
export function letterFileName(kind: 'receipt' | 'credit_note', language: Language, number: string): string {
  return `${translate(language, `letter.${kind}.file`)}-${number.replace(/[^A-Za-z0-9._-]/g, '_')}.pdf`;
}

export async function renderReceipt(snapshot: ReceiptSnapshot): Promise<Buffer> {
  const s = ReceiptSnapshot.parse(snapshot);
  const kit = await loadLetterKit();
  const t = (key: string, params?: Record<string, string | number>) => translate(s.language, key, params);
  const money = (minor: number) => formatMoneyWithCurrency(minor, s.currency, s.language);
  return kit.renderLetter(
    {
      language: s.language, currency: s.currency, practice: s.practice, recipient: s.recipient, date: s.date,
      title: t('letter.receipt.title', { number: s.number }),
      meta: [
        [t('letter.receipt.number'), s.number],
        [t('letter.date'), formatDate(s.date)],
        [t('letter.invoiceNumber'), s.invoice.number],
        [t('letter.patient'), s.patientName],
      ],
    },
    (w) => {
      w.paragraph(t('letter.receipt.body', {
        amount: money(s.amountMinor), method: t(`payments.method.${s.method}`), invoice: s.invoice.number, invoiceDate: formatDate(s.invoice.date),
      }), { gapBefore: 0 });
      w.amounts([
        { label: t('letter.invoiceTotal'), amount: w.money(s.invoice.totalMinor) },
        { label: t('letter.receipt.received', { date: formatDate(s.date) }), amount: w.money(s.amountMinor), bold: true },
        { label: s.openAfterMinor < 0 ? t('letter.credit') : t('letter.openAfter'), amount: w.money(Math.abs(s.openAfterMinor)) },
      ]);
      w.paragraph(t('letter.receipt.thanks'), { gapBefore: 8 });
      w.paragraph(`${s.practice.address.town}, ${formatDate(s.date)}`, { gapBefore: 30 });
      w.paragraph(`______________________________\n${s.practice.therapistName || s.practice.name}`, { gapBefore: 20 });
    },
  );
}

export async function renderCreditNote(snapshot: CreditNoteSnapshot): Promise<Buffer> {
  const s = CreditNoteSnapshot.parse(snapshot);
  const kit = await loadLetterKit();
  const t = (key: string, params?: Record<string, string | number>) => translate(s.language, key, params);
  const money = (minor: number) => formatMoneyWithCurrency(minor, s.currency, s.language);
  return kit.renderLetter(
    {
      language: s.language, currency: s.currency, practice: s.practice, recipient: s.recipient, date: s.date,
      title: t('letter.credit_note.title', { number: s.number }),
      meta: [
        [t('letter.credit_note.number'), s.number],
        [t('letter.date'), formatDate(s.date)],
        [t('letter.invoiceNumber'), s.invoice.number],
        [t('letter.invoiceDate'), formatDate(s.invoice.date)],
        [t('letter.patient'), s.patientName],
      ],
    },
    (w) => {
      w.paragraph(t(`letter.credit_note.body.${s.kind}`, { invoice: s.invoice.number, invoiceDate: formatDate(s.invoice.date), amount: money(s.amountMinor) }), { gapBefore: 0 });
      if (s.reason.trim() !== '') w.paragraph(t('letter.credit_note.reason', { reason: s.reason }));
      w.amounts([
        { label: t('letter.invoiceTotal'), amount: w.money(s.invoice.totalMinor) },
        { label: t('letter.paid'), amount: w.money(s.paidMinor) },
        { label: t('letter.credit_note.amount'), amount: w.money(s.amountMinor), bold: true },
      ]);
      w.paragraph(t('letter.credit_note.refund'));
      w.paragraph(t('letter.credit_note.noPayment'), { size: 8 });
    },
  );
}
