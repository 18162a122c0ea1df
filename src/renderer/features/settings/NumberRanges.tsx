/**
 * Einstellungen → Nummernkreise: the invoice number ranges of this installation, which one this
 * computer draws from, how much of it is used (with the year in the number format, counted again
 * each year), a warning from 90 % used; create (an overlap is refused at the field), extend (when
 * nothing lies beyond its end) and delete unused ones. Numbers are never reused, so a second
 * computer needs its own range.
 */
import type { NumberRange } from '../../../shared/contract/index.js';
import { useT } from '../../app/i18n.js';
import { useApiMutation, useApiQuery } from '../../data/query.js';
import { Alert } from '../../ui/Alert.js';
import { errorText } from '../../ui/errors.js';
import { useForm } from '../../ui/form.js';
import { FormDialog } from '../../ui/FormDialog.js';
import { formatNumber, todayIso } from '../../ui/format.js';
import { Icon } from '../../ui/Icon.js';
import { CheckboxField, TextField } from '../../ui/Inputs.js';
import { ConfirmActionDialog, useListEditor } from '../../ui/listEditor.js';
import { DataTable, EmptyState, NewButton, SectionHead, type Column } from '../../ui/ListScreen.js';
import { useToast } from '../../ui/Toast.js';
import { useFormSave } from '../../ui/useFormSave.js';
import { formatNumberExample, parseMinutes } from '../invoices/invoiceModel.js';
import { numberFormatHasYear } from '../../../shared/billing/rules.js';
import { useState } from 'react';
import { usePractices } from '../practices/usePractices.js';

/** The ranges decide the next invoice number, which the invoice screens show. */
const invalidates = ['numberRanges.', 'invoices.'];

export function NumberRanges() {
  const t = useT();
  const toast = useToast();
  const { defaultPractice } = usePractices();
  const list = useApiQuery('numberRanges.list', {});
  const remove = useApiMutation('numberRanges.delete', { invalidates });
  const editor = useListEditor({
    remove: (r: NumberRange) => remove.run({ id: r.id }),
    removed: (r) => t('ranges.deleted', { label: r.label }),
  });

  const [extending, setExtending] = useState<NumberRange | null>(null);
  const ranges = list.data;
  const active = ranges?.find((r) => r.active);
  const format = defaultPractice?.invoiceNumberFormat ?? '{YYYY}-{NNNNN}';
  const year = Number(todayIso().slice(0, 4));
  const withYear = numberFormatHasYear(format);
  // With the year in the format, this year's counter (a year not counted yet starts at the range's start).
  const nextValue = (r: NumberRange) => (withYear ? (r.years.find((y) => y.year === year)?.next ?? r.from) : r.next);
  const nextNumber = active && nextValue(active) <= active.to ? formatNumberExample(format, nextValue(active), todayIso()) : null;
  const columns: Column<NumberRange>[] = [
    { header: t('ranges.col.label'), cell: (r) => <RangeLabel range={r} /> },
    { header: t('ranges.col.range'), cellClass: 'nowrap tabular', cell: (r) => `${formatNumber(r.from)}–${formatNumber(r.to)}` },
    { header: t('ranges.col.next'), num: true, cellClass: 'tabular', cell: (r) => (r.thisWorkstation && nextValue(r) <= r.to ? formatNumber(nextValue(r)) : <span className="muted">–</span>) },
    { header: t('ranges.col.used'), cell: (r) => <Used range={r} withYear={withYear} year={year} onExtend={() => setExtending(r)} /> },
    { header: t('ranges.col.workstation'), cell: (r) => t(r.thisWorkstation ? 'ranges.thisWorkstation' : 'ranges.otherWorkstation') },
  ];

  return (
    <section className="settings-panel" aria-labelledby="ranges-title">
      <SectionHead id="ranges-title" title={t('settings.tab.numbers')} intro={t('ranges.intro')}>
        <NewButton label={t('ranges.new')} onClick={() => editor.edit('new')} />
      </SectionHead>
      <div className="explain">
        <Icon name="info" />
        <div>
          <p>{t('ranges.explainNeverReused')}</p>
          <p>{t(withYear ? 'ranges.explainYearly' : 'ranges.explainNoYear')}</p>
          <p>{t('ranges.explainSecondComputer')}</p>
        </div>
      </div>
      {ranges?.filter((r) => r.nearlyFull).map((r) => (
        <Alert key={r.id} kind="info">
          {t('ranges.nearlyFull', { label: r.label, percent: r.usedPercent })}{' '}
          <button type="button" className="link-button" onClick={() => setExtending(r)}>{t('ranges.extend')}</button>
        </Alert>
      ))}
      {list.error && <Alert>{errorText(t, list.error)}</Alert>}
      {ranges && ranges.length === 0 && (
        <EmptyState icon="invoice" title={t('ranges.empty')} hint={t('ranges.emptyHint', { from: formatNumber(1), to: formatNumber(999_999) })} />
      )}
      {ranges && ranges.length > 0 && <DataTable rows={ranges} columns={columns} onDelete={editor.remove.ask} />}
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
      {editor.editing !== null && (
        <RangeDialog
          onCancel={editor.closeEditor}
          onSaved={(range) => {
            editor.closeEditor();
            toast.show(t('ranges.created', { label: range.label }));
          }}
        />
      )}
      {extending && (
        <ExtendDialog
          range={extending}
          onCancel={() => setExtending(null)}
          onSaved={(range) => {
            setExtending(null);
            toast.show(t('ranges.extended', { label: range.label, to: formatNumber(range.to) }));
          }}
        />
      )}
      <ConfirmActionDialog action={editor.remove} title={t('ranges.deleteTitle')} confirmLabel={t('ranges.deleteConfirm')} body={(r) => t('ranges.deleteBody', { label: r.label })} />
    </section>
  );
}

function RangeLabel({ range: r }: { range: NumberRange }) {
  const t = useT();
  return (
    <>
      <span className="cell-strong">{r.label}</span>
      {r.active && <span className="badge badge-accent">{t('ranges.activeBadge')}</span>}
    </>
  );
}

/**
 * How much of this computer's range is used, as a meter: this year's sequence when the number format
 * carries the year (it starts again next year), else the one sequence; ranges of other computers
 * are counted there. From 90 % on it says so and offers to extend the range.
 */
function Used({ range: r, withYear, year, onExtend }: { range: NumberRange; withYear: boolean; year: number; onExtend(): void }) {
  const t = useT();
  if (!r.thisWorkstation) return <span className="muted">{t('ranges.countedThere')}</span>;
  const size = r.to - r.from + 1;
  const next = withYear ? (r.years.find((y) => y.year === year)?.next ?? r.from) : r.next;
  const used = Math.max(0, Math.min(size, next - r.from));
  const share = used / size;
  const low = r.nearlyFull || used === size;
  return (
    <div className="meter-cell">
      <span className={low ? 'meter meter-low' : 'meter'} aria-hidden="true">
        <span style={{ width: `${Math.round(share * 100)}%` }} />
      </span>
      <span className={low ? 'tabular danger-text' : 'tabular'}>
        {used === size ? t('ranges.exhausted') : t(withYear ? 'ranges.usedYear' : 'ranges.used', { count: formatNumber(used), size: formatNumber(size), year })}
      </span>
      <button type="button" className="button small ghost" onClick={onExtend}>{t('ranges.extend')}</button>
    </div>
  );
}

/** A new end for a range: refused at the field when another range or issued numbers lie in between. */
function ExtendDialog({ range, onCancel, onSaved }: { range: NumberRange; onCancel(): void; onSaved(range: NumberRange): void }) {
  const t = useT();
  const size = range.to - range.from + 1;
  const form = useForm<{ to: string }>('extend', { to: String(range.to + size) });
  const extend = useApiMutation('numberRanges.extend', { invalidates });
  const save = useFormSave(form, { save: (v) => extend.run({ id: range.id, to: parseWhole(v.to) }), onSaved, wrapper: 'input' });
  return (
    <FormDialog
      title={t('ranges.extendTitle', { label: range.label })}
      formId="extend-form"
      submitLabel={t('ranges.extend')}
      save={save}
      onCancel={onCancel}
      lead={<p>{t('ranges.extendLead', { from: formatNumber(range.from), to: formatNumber(range.to) })}</p>}
    >
      <div className="grid">
        <TextField form={form} path="to" label={t('ranges.field.newTo')} required span={6} inputMode="numeric" autoComplete="off" autoFocus />
      </div>
    </FormDialog>
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
  const create = useApiMutation('numberRanges.create', { invalidates });
  const save = useFormSave(form, {
    save: (v) => create.run({ range: { label: v.label, from: parseWhole(v.from), to: parseWhole(v.to), thisWorkstation: v.thisWorkstation } }),
    onSaved,
    wrapper: 'range',
  });

  return (
    <FormDialog title={t('ranges.newTitle')} formId="range-form" submitLabel={t('ranges.create')} save={save} onCancel={onCancel}>
      <div className="grid">
        <TextField form={form} path="label" label={t('ranges.field.label')} required span={6} autoComplete="off" autoFocus placeholder={t('ranges.field.labelPlaceholder')} />
        <TextField form={form} path="from" label={t('ranges.field.from')} required span={3} inputMode="numeric" autoComplete="off" placeholder="1000001" />
        <TextField form={form} path="to" label={t('ranges.field.to')} required span={3} inputMode="numeric" autoComplete="off" placeholder="2000000" />
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
