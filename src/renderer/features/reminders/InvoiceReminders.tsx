/**
 * «Mahnungen» on an invoice: each reminder with its date and amount and how it went out
 * ("1. Mahnung am … per E-Mail an …", or printed for the post), its archived PDF, and after the
 * last level the hand-over to debt collection (Inkasso/Betreibung), which keeps it out of further runs.
 */
import { useState } from 'react';
import type { Invoice } from '../../../shared/contract/index.js';
import { formatDate } from '../../../shared/dates.js';
import type { ErrorBody } from '../../../shared/errors.js';
import { useT } from '../../app/i18n.js';
import { callOrThrow, useApiMutation, useApiQuery } from '../../data/query.js';
import { Alert } from '../../ui/Alert.js';
import { errorText } from '../../ui/errors.js';
import { FormDialog } from '../../ui/FormDialog.js';
import { useForm } from '../../ui/form.js';
import { TextField } from '../../ui/Inputs.js';
import { useToast } from '../../ui/Toast.js';
import { useFormSave } from '../../ui/useFormSave.js';
import { PdfButton, useMoney } from '../payments/moneyUi.js';
import { moneyChanges } from '../payments/RecordPaymentDialog.js';
import { deliveryLine } from './reminderFormat.js';

export function InvoiceReminders({ invoice }: { invoice: Invoice }) {
  const t = useT();
  const money = useMoney();
  const query = useApiQuery('reminders.forInvoice', { invoiceId: invoice.id }, { enabled: invoice.status !== 'draft' });
  const [handingOver, setHandingOver] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const data = query.data;
  if (invoice.status === 'draft' || !data || (data.reminders.length === 0 && !data.handover)) return null;
  return (
    <section className="card money-section" aria-labelledby="invoice-reminders-title">
      <h2 id="invoice-reminders-title" className="card-title">{t('reminders.invoice.title')}</h2>
      <div className="money-section-body">
        {problem && <Alert>{problem}</Alert>}
        <ul className="plain-list reminder-history">
          {data.reminders.map((r) => (
            <li key={r.id}>
              <span>
                <strong>{t('reminders.history.line', { title: r.title, date: formatDate(r.date) })}</strong>
                {' · '}
                {money(r.totalMinor, r.currency)}
                {r.feeMinor > 0 && ` (${t('reminders.history.fee', { amount: money(r.feeMinor, r.currency) })})`}
                {r.deliveries.map((d, i) => <span key={i} className="muted"> · {deliveryLine(t, d)}</span>)}
              </span>
              <PdfButton label={t('payments.pdf')} load={async () => {
                try {
                  return { ok: true as const, data: await callOrThrow('reminders.pdf', { reminderId: r.id }) };
                } catch (error) {
                  return { ok: false as const, error: error as ErrorBody };
                }
              }} onError={(e) => setProblem(errorText(t, e.error))} />
            </li>
          ))}
        </ul>
        {data.handover && <Alert kind="info">{t('reminders.handedOver', { date: formatDate(data.handover.date), note: data.handover.note })}</Alert>}
        {data.canHandOver && (
          <button type="button" className="button" onClick={() => setHandingOver(true)}>
            {t('reminders.handOver')}
          </button>
        )}
      </div>
      {handingOver && <HandOverDialog invoiceId={invoice.id} onClose={() => setHandingOver(false)} />}
    </section>
  );
}

function HandOverDialog({ invoiceId, onClose }: { invoiceId: string; onClose(): void }) {
  const t = useT();
  const toast = useToast();
  const form = useForm<{ note: string }>('handover', { note: '' });
  const call = useApiMutation('reminders.handOver', { invalidates: moneyChanges });
  const save = useFormSave(form, {
    save: (v) => call.run({ invoiceId, note: v.note.trim() }),
    onSaved: () => {
      toast.show(t('reminders.handOverDone'));
      onClose();
    },
    wrapper: 'input',
  });
  return (
    <FormDialog title={t('reminders.handOverTitle')} formId="handover-form" submitLabel={t('reminders.handOverSubmit')} save={save} onCancel={onClose} lead={<p>{t('reminders.handOverLead')}</p>}>
      <div className="grid">
        <TextField form={form} path="note" label={t('reminders.handOverNote')} span={6} />
      </div>
    </FormDialog>
  );
}
