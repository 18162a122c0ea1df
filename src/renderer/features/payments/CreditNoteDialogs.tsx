/**
 * The money dialogs beside recording a payment: reverse a payment with a reason ("Zahlung
 * stornieren": a counter-entry, both kept), issue a credit note (for an overpayment, or a reduction of
 * what the invoice asks), and record the refund that pays a credit note back (which closes it).
 */
import type { CreditNote, Invoice, InvoiceAccount, PaymentEntry } from '../../../shared/contract/index.js';
import { paymentMethods } from '../../../shared/contract/payments.js';
import { minorToDecimalString } from '../../../shared/money.js';
import { useT } from '../../app/i18n.js';
import { useApiMutation } from '../../data/query.js';
import { FormDialog } from '../../ui/FormDialog.js';
import { useForm } from '../../ui/form.js';
import { todayIso } from '../../ui/format.js';
import { DateField, SelectField, TextAreaField, TextField } from '../../ui/Inputs.js';
import { useToast } from '../../ui/Toast.js';
import { useFormSave } from '../../ui/useFormSave.js';
import { amountOf, useMoney } from './moneyUi.js';
import { moneyChanges } from './RecordPaymentDialog.js';

/** An amount the form could not read goes to main as 0, which it refuses with the field's message. */
const minor = (text: string) => amountOf(text) ?? 0;

export function ReverseDialog({ entry, currency, onClose }: { entry: PaymentEntry; currency: string; onClose(): void }) {
  const t = useT();
  const toast = useToast();
  const money = useMoney();
  const form = useForm<{ reason: string }>('reverse', { reason: '' });
  const reverse = useApiMutation('payments.reverse', { invalidates: moneyChanges });
  const save = useFormSave(form, {
    save: (v) => reverse.run({ paymentId: entry.id, reason: v.reason.trim() }),
    onSaved: () => {
      toast.show(t('payments.reversed'));
      onClose();
    },
    wrapper: 'input',
  });
  return (
    <FormDialog title={t('payments.reverseTitle')} formId="reverse-form" submitLabel={t('payments.reverseSubmit')} save={save} onCancel={onClose} danger
      lead={<p>{t('payments.reverseLead', { amount: money(entry.amountMinor, currency) })}</p>}>
      <div className="grid">
        <TextAreaField form={form} path="reason" label={t('payments.field.reason')} rows={3} />
      </div>
    </FormDialog>
  );
}

export function CreditNoteDialog({ invoice, account, onClose }: { invoice: Invoice; account: InvoiceAccount; onClose(): void }) {
  const t = useT();
  const toast = useToast();
  const overpaid = account.openMinor < 0;
  const form = useForm<{ kind: string; amount: string; reason: string }>('creditNote', {
    kind: overpaid ? 'overpayment' : 'reduction', amount: overpaid ? minorToDecimalString(-account.openMinor) : '', reason: '',
  });
  const create = useApiMutation('payments.createCreditNote', { invalidates: moneyChanges });
  const save = useFormSave(form, {
    save: (v) => create.run({ invoiceId: invoice.id, kind: v.kind as 'overpayment' | 'reduction', amountMinor: minor(v.amount), reason: v.reason.trim() }),
    onSaved: (note) => {
      toast.show(t('payments.creditNote.created', { number: note.number }));
      onClose();
    },
    wrapper: 'input',
    rename: { amountMinor: 'amount' },
  });
  return (
    <FormDialog title={t('payments.creditNote.title', { number: invoice.number ?? '' })} formId="credit-note-form" submitLabel={t('payments.creditNote.submit')} save={save} onCancel={onClose}
      lead={<p>{t('payments.creditNote.lead')}</p>}>
      <div className="grid">
        <SelectField form={form} path="kind" label={t('payments.creditNote.kindLabel')} span={3}
          options={[{ value: 'overpayment', label: t('payments.creditNote.kind.overpayment') }, { value: 'reduction', label: t('payments.creditNote.kind.reduction') }]} />
        <TextField form={form} path="amount" label={t('payments.field.amount', { currency: invoice.currency })} span={3} inputMode="decimal" autoComplete="off" required />
        <TextAreaField form={form} path="reason" label={t('payments.field.reason')} rows={3} />
      </div>
    </FormDialog>
  );
}

export function RefundDialog({ note, onClose }: { note: CreditNote; onClose(): void }) {
  const t = useT();
  const toast = useToast();
  const left = note.amountMinor - note.refundedMinor;
  const form = useForm<{ amount: string; date: string; method: string; note: string }>('refund', { amount: minorToDecimalString(left), date: todayIso(), method: 'transfer', note: '' });
  const refund = useApiMutation('payments.refund', { invalidates: moneyChanges });
  const save = useFormSave(form, {
    save: (v) => refund.run({ creditNoteId: note.id, amountMinor: minor(v.amount), date: v.date, method: v.method as (typeof paymentMethods)[number], note: v.note }),
    onSaved: () => {
      toast.show(t('payments.refunded'));
      onClose();
    },
    wrapper: 'input',
    rename: { amountMinor: 'amount' },
  });
  return (
    <FormDialog title={t('payments.refundTitle', { number: note.number })} formId="refund-form" submitLabel={t('payments.refundSubmit')} save={save} onCancel={onClose}>
      <div className="grid">
        <TextField form={form} path="amount" label={t('payments.field.amount', { currency: note.currency })} span={3} inputMode="decimal" autoComplete="off" required />
        <DateField form={form} path="date" label={t('payments.field.date')} span={3} withToday />
        <SelectField form={form} path="method" label={t('payments.field.method')} span={3} options={paymentMethods.map((m) => ({ value: m, label: t(`payments.method.${m}`) }))} />
        <TextField form={form} path="note" label={t('payments.field.note')} span={3} />
      </div>
    </FormDialog>
  );
}
