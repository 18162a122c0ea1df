/**
 * "Zahlung erfassen": date, amount, method (Überweisung/QR, bar, Karte, TWINT, andere) and a note for
 * an invoice. When the patient has other open invoices, one payment can be spread over them: the
 * amounts start oldest first and can be changed; what is left over is shown, and goes to this invoice
 * as an overpayment.
 */
import { useMemo } from 'react';
import type { Invoice, InvoiceAccount } from '../../../shared/contract/index.js';
import { paymentMethods } from '../../../shared/contract/payments.js';
import { formatDate } from '../../../shared/dates.js';
import { minorToDecimalString } from '../../../shared/money.js';
import { useT } from '../../app/i18n.js';
import { useApiMutation, useApiQuery } from '../../data/query.js';
import { FormDialog } from '../../ui/FormDialog.js';
import { useForm, type FieldErrors } from '../../ui/form.js';
import { formatNumber, todayIso } from '../../ui/format.js';
import { CheckboxField, DateField, SelectField, TextField } from '../../ui/Inputs.js';
import { useToast } from '../../ui/Toast.js';
import { useFormSave } from '../../ui/useFormSave.js';
import { amountOf, useMoney } from './moneyUi.js';

export const moneyChanges = ['payments.', 'reminders.', 'invoices.', 'jobs.'];

interface Values {
  date: string;
  method: string;
  amount: string;
  note: string;
  split: boolean;
  /** Amounts typed per invoice when the payment is spread. */
  parts: Record<string, string>;
}

export function RecordPaymentDialog({ invoice, account, onClose }: { invoice: Invoice; account: InvoiceAccount; onClose(): void }) {
  const t = useT();
  const toast = useToast();
  const money = useMoney();
  const balance = useApiQuery('payments.patientBalance', { patientId: invoice.patientId });
  const others = useMemo(
    () => (balance.data?.invoices ?? []).filter((i) => i.invoiceId !== invoice.id && i.account.openMinor > 0 && i.account.currency === invoice.currency),
    [balance.data, invoice.id, invoice.currency],
  );
  const form = useForm<Values>('payment', {
    date: todayIso(), method: 'transfer', amount: account.openMinor > 0 ? minorToDecimalString(account.openMinor) : '', note: '', split: false, parts: {},
  });
  const record = useApiMutation('payments.record', { invalidates: moneyChanges });
  const v = form.values;
  const total = amountOf(v.amount);
  const targets = [{ invoiceId: invoice.id, number: invoice.number ?? '', invoiceDate: invoice.invoiceDate, open: account.openMinor }, ...others.map((o) => ({ invoiceId: o.invoiceId, number: o.number, invoiceDate: o.invoiceDate, open: o.account.openMinor }))];
  // Oldest first until the amount is used up; the rest stays with this invoice.
  const proposed = useMemo(() => {
    const out: Record<string, number> = {};
    let left = total ?? 0;
    for (const target of [...targets].sort((a, b) => a.invoiceDate.localeCompare(b.invoiceDate))) {
      const take = Math.min(Math.max(target.open, 0), left);
      out[target.invoiceId] = take;
      left -= take;
    }
    out[invoice.id] = (out[invoice.id] ?? 0) + left;
    return out;
  }, [total, targets.length]);
  const partOf = (id: string) => (v.parts[id] !== undefined ? amountOf(v.parts[id]!) ?? (v.parts[id]!.trim() === '' ? 0 : NaN) : proposed[id] ?? 0);
  const allocated = targets.reduce((s, x) => s + partOf(x.invoiceId), 0);
  const remainder = (total ?? 0) - allocated;

  const clientErrors = (values: Values): FieldErrors => {
    const out: FieldErrors = {};
    if (amountOf(values.amount) === null) out.amount = { path: 'amount', key: 'v.amount_positive' };
    if (values.split && (Number.isNaN(allocated) || remainder < 0)) out.amount = { path: 'amount', key: 'v.split_too_much' };
    return out;
  };

  const save = useFormSave(form, {
    save: async (values) => {
      const errors = clientErrors(values);
      if (Object.keys(errors).length > 0) {
        form.setErrors(errors);
        return { ok: false, error: { code: 'validation', message: 'form', details: { fields: Object.values(errors) } } };
      }
      const allocations = values.split
        ? targets.map((x) => ({ invoiceId: x.invoiceId, amountMinor: partOf(x.invoiceId) + (x.invoiceId === invoice.id ? remainder : 0) })).filter((a) => a.amountMinor > 0)
        : [{ invoiceId: invoice.id, amountMinor: amountOf(values.amount)! }];
      return record.run({ date: values.date, method: values.method as (typeof paymentMethods)[number], note: values.note, allocations });
    },
    onSaved: (entries) => {
      toast.show(t.plural('payments.recorded', entries.length, { count: formatNumber(entries.length) }));
      onClose();
    },
    wrapper: 'payment',
    rename: { allocations: 'amount' },
  });

  return (
    <FormDialog
      title={t('payments.recordTitle', { number: invoice.number ?? '' })}
      formId="payment-form"
      submitLabel={t('payments.recordSubmit')}
      save={save}
      onCancel={onClose}
      lead={<p>{t('payments.recordLead', { open: money(account.openMinor, invoice.currency) })}</p>}
    >
      <div className="grid">
        <DateField form={form} path="date" label={t('payments.field.date')} span={3} withToday />
        <TextField form={form} path="amount" label={t('payments.field.amount', { currency: invoice.currency })} span={3} inputMode="decimal" autoComplete="off" required />
        <SelectField form={form} path="method" label={t('payments.field.method')} span={3} options={paymentMethods.map((m) => ({ value: m, label: t(`payments.method.${m}`) }))} />
        <TextField form={form} path="note" label={t('payments.field.note')} span={3} />
        {others.length > 0 && <CheckboxField form={form} path="split" label={t('payments.split', { count: others.length })} hint={t('payments.splitHint')} />}
      </div>
      {v.split && (
        <div className="allocation-rows" role="group" aria-label={t('payments.splitTitle')}>
          {targets.map((x) => (
            <div key={x.invoiceId} className="allocation-row">
              <label htmlFor={`part-${x.invoiceId}`}>
                {t('payments.splitRow', { number: x.number, date: formatDate(x.invoiceDate), open: money(x.open, invoice.currency) })}
              </label>
              <input
                id={`part-${x.invoiceId}`}
                className="input"
                inputMode="decimal"
                value={v.parts[x.invoiceId] ?? minorToDecimalString(proposed[x.invoiceId] ?? 0)}
                onChange={(e) => form.set('parts', { ...v.parts, [x.invoiceId]: e.target.value })}
              />
            </div>
          ))}
          <p className={`allocation-remainder${remainder < 0 || Number.isNaN(remainder) ? ' is-off' : ''}`} aria-live="polite">
            {Number.isNaN(remainder) ? t('v.money') : remainder === 0 ? t('payments.splitNone') : remainder > 0 ? t('payments.splitRest', { amount: money(remainder, invoice.currency) }) : t('payments.splitOver', { amount: money(-remainder, invoice.currency) })}
          </p>
        </div>
      )}
    </FormDialog>
  );
}
