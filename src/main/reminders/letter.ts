/**
 * Owns the reminder's frozen data (ReminderSnapshot) and its print on the practice's letter. The
 * snapshot holds what a reminder is, whoever prints it: level, date, number, fee, interest, new due
 * date, what was paid, the open amount and the reference. This renderer prints it as a letter with
 * the Swiss QR-bill (or a GiroCode for EUR) for the new total and the invoice's own reference, so the
 * bank file still matches it; another form (the Tarif 590 reminder) can print the same data its way.
 */
import { z } from 'zod';
import { formatDate } from '../../shared/dates.js';
import { translate } from '../../shared/i18n/index.js';
import { formatMoney, formatRate } from '../../shared/money.js';
import { Currency, IsoDate, Language } from '../../shared/validation/fields.js';
import { loadLetterKit, renderInvoiceDocument, SnapshotPractice, SnapshotRecipient, type InvoiceSnapshot } from '../invoices/index.js';

const int = z.number().int();

export const ReminderSnapshot = z.object({
  schemaVersion: z.literal(1),
  /** 1 = Zahlungserinnerung, 2 = 1. Mahnung, 3 = 2. Mahnung (by default). */
  level: int.min(1),
  /** "1. Mahnung", in the invoice's language, as the practice worded it. */
  title: z.string(),
  /** The letter's text with its placeholders filled in. */
  body: z.string(),
  /** The invoice number with the level: "2026-00042-M2". */
  number: z.string(),
  date: IsoDate,
  /** The new payment term. */
  dueDate: IsoDate,
  language: Language,
  currency: Currency,
  invoice: z.object({ number: z.string(), date: IsoDate, dueDate: IsoDate, totalMinor: int }),
  /** Credit notes that reduced the invoice. */
  reductionsMinor: int,
  /** Fees and interest of earlier reminders. */
  earlierChargesMinor: int,
  /** Paid so far (net of reversals and refunds), and the payments it is made of. */
  paidMinor: int,
  payments: z.array(z.object({ date: IsoDate, amountMinor: int })),
  /** Open before this reminder's fee and interest. */
  openMinor: int,
  feeMinor: int,
  interest: z.object({ minor: int, rateBasisPoints: int, from: IsoDate, to: IsoDate, days: int, onMinor: int }).nullable(),
  /** What the reminder asks for: open amount, fee and interest. */
  totalMinor: int,
  /** The invoice's reference, unchanged: a payment of this reminder matches the invoice. */
  reference: z.object({ type: z.enum(['QRR', 'SCOR', 'NON']), value: z.string() }),
  /** 'charges_first': payments cover fees and interest before the invoice amount (OR 85, BGB 367). */
  allocation: z.literal('charges_first'),
  practice: SnapshotPractice,
  recipient: SnapshotRecipient,
  patientName: z.string(),
});
export type ReminderSnapshot = z.infer<typeof ReminderSnapshot>;

export function reminderFileName(s: Pick<ReminderSnapshot, 'language' | 'number'>): string {
  return `${translate(s.language, 'letter.reminder.file')}-${s.number.replace(/[^A-Za-z0-9._-]/g, '_')}.pdf`;
}

/**
 * A reminder of an invoice issued on the Tarif 590 form is that form again, with the reminder's date
 * and number, its charges as their own line and a QR-bill for what is due, so the patient can still
 * claim the reimbursement with it. Fees and interest (this reminder's and earlier ones) make one line;
 * the form prints what was paid or credited as total + charges - amount due, so its figures add up.
 */
function renderReminderForm(s: ReminderSnapshot, invoice: InvoiceSnapshot): Promise<Buffer> {
  const t = (key: string, params?: Record<string, string | number>) => translate(s.language, key, params);
  const interest = s.interest?.minor ?? 0;
  const labels = [
    ...(s.feeMinor > 0 ? [t('letter.reminder.fee')] : []),
    ...(interest > 0 && s.interest ? [t('letter.reminder.interest', {
      rate: formatRate(s.interest.rateBasisPoints), from: formatDate(s.interest.from), to: formatDate(s.interest.to),
      amount: formatMoney(s.interest.onMinor, s.currency, s.language),
    })] : []),
    ...(s.earlierChargesMinor > 0 ? [t('letter.reminder.earlierCharges')] : []),
  ];
  const reminder = {
    date: s.date, number: s.number, feeText: labels.join(' / ') || t('letter.reminder.fee'),
    feeMinor: s.feeMinor + interest + s.earlierChargesMinor, amountDueMinor: s.totalMinor,
  };
  // Not checked again: the invoice was checked when it was issued, and its archived PDF is what was sent.
  return renderInvoiceDocument({ ...invoice, reminder }, { check: false });
}

/** Prints the reminder; `invoice` is the invoice's own snapshot (its QR-bill data, billing information). */
export async function renderReminder(snapshot: ReminderSnapshot, invoice: InvoiceSnapshot): Promise<Buffer> {
  const s = ReminderSnapshot.parse(snapshot);
  if (invoice.tarif590) return renderReminderForm(s, invoice);
  const kit = await loadLetterKit();
  const t = (key: string, params?: Record<string, string | number>) => translate(s.language, key, params);
  return kit.renderLetter(
    {
      language: s.language, currency: s.currency, practice: s.practice, recipient: s.recipient, date: s.date, title: s.title,
      meta: [
        [t('letter.reminder.number'), s.number],
        [t('letter.date'), formatDate(s.date)],
        [t('letter.invoiceNumber'), s.invoice.number],
        [t('letter.invoiceDate'), formatDate(s.invoice.date)],
        [t('letter.reminder.originalDue'), formatDate(s.invoice.dueDate)],
        [t('letter.patient'), s.patientName],
      ],
    },
    (w) => {
      w.paragraph(s.body, { gapBefore: 0 });
      const rows = [{ label: t('letter.invoiceTotal'), amount: w.money(s.invoice.totalMinor) }];
      if (s.reductionsMinor > 0) rows.push({ label: t('letter.reminder.reductions'), amount: w.money(-s.reductionsMinor) });
      if (s.earlierChargesMinor > 0) rows.push({ label: t('letter.reminder.earlierCharges'), amount: w.money(s.earlierChargesMinor) });
      // Each payment on its own row; what reversals and refunds changed comes as one correction.
      for (const p of s.payments) rows.push({ label: t('letter.reminder.paymentOn', { date: formatDate(p.date) }), amount: w.money(-p.amountMinor) });
      const listed = s.payments.reduce((sum, p) => sum + p.amountMinor, 0);
      if (s.paidMinor !== listed) rows.push({ label: t('letter.reminder.corrections'), amount: w.money(listed - s.paidMinor) });
      if (s.feeMinor > 0) rows.push({ label: t('letter.reminder.fee'), amount: w.money(s.feeMinor) });
      if (s.interest && s.interest.minor > 0) {
        const rate = formatRate(s.interest.rateBasisPoints);
        rows.push({
          label: t('letter.reminder.interest', { rate: s.currency === 'EUR' ? rate.replace('.', ',') : rate, from: formatDate(s.interest.from), to: formatDate(s.interest.to), amount: w.money(s.interest.onMinor) }),
          amount: w.money(s.interest.minor),
        });
      }
      w.amounts([...rows, { label: t('letter.reminder.total', { date: formatDate(s.dueDate) }), amount: w.money(s.totalMinor), bold: true }]);
      w.paragraph(t('letter.reminder.allocation'), { size: 8 });
      // The letter's text says what to pay by when; the payment part carries it.
      if (s.currency === 'CHF') {
        w.swissQrBill(kit.swissQrBillFor(invoice, s.totalMinor));
      } else {
        w.giroCode(kit.epcPayloadFor(invoice, s.totalMinor), [
          [w.words.accountHolder, s.practice.name],
          [w.words.iban, s.practice.iban],
          ...(s.practice.bic.trim() !== '' ? ([[w.words.bic, s.practice.bic.trim()]] as [string, string][]) : []),
          [w.words.remittance, `${w.words.invoice} ${s.invoice.number}`],
          [w.words.amount, `${w.money(s.totalMinor)} ${s.currency}`],
        ]);
      }
    },
  );
}
