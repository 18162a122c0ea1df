/**
 * Einstellungen → Nummernkreise: the invoice number ranges of this installation, which one this
 * computer draws from, how many numbers are left; create (an overlap is refused at the field) and
 * delete unused ones. Numbers are never reused, so a second computer needs its own range.
 */
import { FormDialog } from '../../ui/FormDialog.js';
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { RowActions } from '../../ui/RowActions.js';
import type { NumberRange } from '../../../shared/contract/index.js';
import { api } from '../../api.js';
import { Alert } from '../../ui/Alert.js';
import { ConfirmDialog } from '../../ui/Dialog.js';
import { Icon } from '../../ui/Icon.js';
import { CheckboxField, TextField } from '../../ui/Inputs.js';
import { useToast } from '../../ui/Toast.js';
import { errorText } from '../../ui/errors.js';
import { fieldErrorsFrom, useFocusOnErrors, useForm } from '../../ui/form.js';
import { formatNumber, todayIso } from '../../ui/format.js';
import { useT } from '../../app/i18n.js';
import { formatNumberExample, parseMinutes } from '../invoices/invoiceModel.js';
import { usePractices } from '../practices/usePractices.js';

export function NumberRanges() {
  const t = useT();
  const toast = useToast();
  const { defaultPractice } = usePractices();
  const [ranges, setRanges] = useState<NumberRange[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [toDelete, setToDelete] = useState<NumberRange | null>(null);
  const [deleteError, setDeleteError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const result = await api.call('numberRanges.list', {});
    if (result.ok) setRanges(result.data);
    else setError(errorText(t, result.error));
  }, [t]);
  useEffect(() => {
    void load();
  }, [load]);

  async function remove() {
    if (!toDelete) return;
    const result = await api.call('numberRanges.delete', { id: toDelete.id });
    if (!result.ok) return setDeleteError(errorText(t, result.error));
    toast.show(t('ranges.deleted', { label: toDelete.label }));
    setToDelete(null);
    await load();
  }

  const active = ranges?.find((r) => r.active);
  const format = defaultPractice?.invoiceNumberFormat ?? '{YYYY}-{NNNNN}';
  const nextNumber = active && active.remaining > 0 ? formatNumberExample(format, active.next, todayIso()) : null;

  return (
    <section className="settings-panel" aria-labelledby="ranges-title">
      <div className="section-head">
        <div>
          <h2 id="ranges-title">{t('settings.tab.numbers')}</h2>
          <p className="muted">{t('ranges.intro')}</p>
        </div>
        <div className="section-actions">
          <button type="button" className="button primary" onClick={() => setCreating(true)}>
            <Icon name="plus" />
            {t('ranges.new')}
          </button>
        </div>
      </div>
      <div className="explain">
        <Icon name="info" />
        <div>
          <p>{t('ranges.explainNeverReused')}</p>
          <p>{t('ranges.explainSecondComputer')}</p>
        </div>
      </div>
      {error && <Alert>{error}</Alert>}
      {ranges && ranges.length === 0 && (
        <div className="empty">
          <Icon name="invoice" size={32} />
          <h3>{t('ranges.empty')}</h3>
          <p className="muted">{t('ranges.emptyHint', { from: formatNumber(1), to: formatNumber(999_999) })}</p>
        </div>
      )}
      {ranges && ranges.length > 0 && (
        <div className="card table-card">
          <table className="table table-auto">
            <thead>
              <tr>
                <th scope="col">{t('ranges.col.label')}</th>
                <th scope="col">{t('ranges.col.range')}</th>
                <th scope="col" className="num">{t('ranges.col.next')}</th>
                <th scope="col">{t('ranges.col.remaining')}</th>
                <th scope="col">{t('ranges.col.workstation')}</th>
                <th scope="col"><span className="visually-hidden">{t('common.actions')}</span></th>
              </tr>
            </thead>
            <tbody>
              {ranges.map((r) => {
                const size = r.to - r.from + 1;
                const share = r.thisWorkstation ? Math.max(0, Math.min(1, r.remaining / size)) : 0;
                const low = r.thisWorkstation && (r.remaining === 0 || share < 0.05);
                return (
                  <tr key={r.id}>
                    <td>
                      <span className="cell-strong">{r.label}</span>
                      {r.active && <span className="badge badge-accent">{t('ranges.activeBadge')}</span>}
                    </td>
                    <td className="nowrap tabular">
                      {formatNumber(r.from)}–{formatNumber(r.to)}
                    </td>
                    <td className="num tabular">{r.thisWorkstation ? (r.remaining > 0 ? formatNumber(r.next) : '–') : <span className="muted">–</span>}</td>
                    <td>
                      {r.thisWorkstation ? (
                        <div className="meter-cell">
                          <span className={low ? 'meter meter-low' : 'meter'} aria-hidden="true">
                            <span style={{ width: `${Math.round(share * 100)}%` }} />
                          </span>
                          <span className={low ? 'tabular danger-text' : 'tabular'}>
                            {r.remaining === 0 ? t('ranges.exhausted') : t('ranges.remaining', { count: formatNumber(r.remaining), size: formatNumber(size) })}
                          </span>
                        </div>
                      ) : (
                        <span className="muted">{t('ranges.countedThere')}</span>
                      )}
                    </td>
                    <td>{t(r.thisWorkstation ? 'ranges.thisWorkstation' : 'ranges.otherWorkstation')}</td>
                    <td>
                      <RowActions onDelete={() => { setDeleteError(null); setToDelete(r); }} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {ranges && (
        <p className="muted">
          {nextNumber ? (
            <>
              {t('ranges.nextNumber')} <strong className="mono">{nextNumber}</strong>
            </>
          ) : active ? (
            <span className="danger-text">{t('error.invoice.number_range_exhausted')}</span>
          ) : ranges.some((r) => r.thisWorkstation) ? (
            <span className="danger-text">{t('error.invoice.number_range_missing')}</span>
          ) : (
            <>
              {t('ranges.nextNumber')} <strong className="mono">{formatNumberExample(format, 1, todayIso())}</strong>
            </>
          )}
        </p>
      )}
      {creating && (
        <RangeDialog
          onCancel={() => setCreating(false)}
          onSaved={(range) => {
            setCreating(false);
            toast.show(t('ranges.created', { label: range.label }));
            void load();
          }}
        />
      )}
      <ConfirmDialog
        open={toDelete !== null}
        title={t('ranges.deleteTitle')}
        confirmLabel={t('ranges.deleteConfirm')}
        cancelLabel={deleteError ? t('action.close') : undefined}
        danger
        error={deleteError}
        onCancel={() => setToDelete(null)}
        onConfirm={() => void remove()}
      >
        {t('ranges.deleteBody', { label: toDelete?.label ?? '' })}
      </ConfirmDialog>
    </section>
  );
}

interface RangeFormValues {
  label: string;
  from: string;
  to: string;
  thisWorkstation: boolean;
}

/** "10'001" or "10001" → 10001; NaN otherwise (main then names the field). */
const parseWhole = (s: string) => parseMinutes(s.replace(/['’\s]/g, ''));

function RangeDialog({ onCancel, onSaved }: { onCancel(): void; onSaved(range: NumberRange): void }) {
  const t = useT();
  const form = useForm<RangeFormValues>('range', { label: '', from: '', to: '', thisWorkstation: true });
  const [busy, setBusy] = useState(false);
  const [banner, setBanner] = useState<string | null>(null);
  const ref = useRef<HTMLFormElement>(null);
  useFocusOnErrors(ref, form);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setBanner(null);
    const v = form.values;
    const result = await api.call('numberRanges.create', { range: { label: v.label, from: parseWhole(v.from), to: parseWhole(v.to), thisWorkstation: v.thisWorkstation } });
    setBusy(false);
    if (result.ok) return onSaved(result.data);
    setBanner(errorText(t, result.error));
    if (result.error.details?.fields) form.setErrors(fieldErrorsFrom(result.error, 'range'));
  }

  return (
    <FormDialog
      title={t('ranges.newTitle')}
      formId="range-form"
      submitLabel={t('ranges.create')}
      busy={busy}
      onCancel={onCancel}
      onSubmit={submit}
      formRef={ref}
    >
        {banner && <Alert>{banner}</Alert>}
        <div className="grid">
          <TextField form={form} path="label" label={t('ranges.field.label')} required span={6} autoComplete="off" autoFocus placeholder={t('ranges.field.labelPlaceholder')} />
          <TextField form={form} path="from" label={t('ranges.field.from')} required span={3} inputMode="numeric" autoComplete="off" placeholder="10001" />
          <TextField form={form} path="to" label={t('ranges.field.to')} required span={3} inputMode="numeric" autoComplete="off" placeholder="20000" />
          <CheckboxField
            form={form}
            path="thisWorkstation"
            label={t('ranges.field.thisWorkstation')}
            hint={t(form.values.thisWorkstation ? 'ranges.field.thisWorkstationHint' : 'ranges.field.otherWorkstationHint')}
          />
        </div>
    </FormDialog>
  );
}
