/**
 * Export issued and cancelled invoices as PDF files into a folder on this computer (the one the
 * Arnika backend runs on): the selected invoices, within a date range that starts as the span of
 * the selection; without a selection, every issued and cancelled invoice of the range.
 */
import { FormDialog } from '../../ui/FormDialog.js';
import { useRef, useState, type FormEvent } from 'react';
import type { InvoiceSummary } from '../../../shared/contract/index.js';
import { api } from '../../api.js';
import { Alert } from '../../ui/Alert.js';
import { DateField, TextField } from '../../ui/Inputs.js';
import { errorText } from '../../ui/errors.js';
import { fieldErrorsFrom, useFocusOnErrors, useForm } from '../../ui/form.js';
import { formatNumber } from '../../ui/format.js';
import { useT } from '../../app/i18n.js';

interface ExportValues {
  folder: string;
  from: string;
  to: string;
}

export function ExportDialog({ selected, onCancel, onDone }: { selected: InvoiceSummary[]; onCancel(): void; onDone(message: string): void }) {
  const t = useT();
  const dates = selected.map((i) => i.invoiceDate).sort();
  const form = useForm<ExportValues>('export', { folder: '', from: dates[0] ?? '', to: dates[dates.length - 1] ?? '' });
  const [busy, setBusy] = useState(false);
  const [banner, setBanner] = useState<string | null>(null);
  const ref = useRef<HTMLFormElement>(null);
  useFocusOnErrors(ref, form);
  const drafts = selected.filter((i) => i.status === 'draft').length;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setBanner(null);
    const v = form.values;
    const invoiceIds = selected.map((i) => i.id);
    const result = await api.call('invoices.exportPdfs', { folder: v.folder.trim(), from: v.from, to: v.to, ...(invoiceIds.length ? { invoiceIds } : {}) });
    setBusy(false);
    if (result.ok) {
      onDone(t.plural('export.done', result.data.files.length, { count: formatNumber(result.data.files.length), folder: result.data.folder }));
      return;
    }
    setBanner(errorText(t, result.error));
    if (result.error.details?.fields) form.setErrors(fieldErrorsFrom(result.error, 'input'));
  }

  return (
    <FormDialog
      title={t('export.title')}
      formId="export-form"
      submitLabel={t('export.submit')}
      busy={busy}
      onCancel={onCancel}
      onSubmit={submit}
      formRef={ref}
    >
        <p>{t(selected.length ? 'export.explain_selection' : 'export.explain')}</p>
        {drafts > 0 && <p className="muted small">{t('export.draftsSkipped', { count: formatNumber(drafts) })}</p>}
        {banner && <Alert>{banner}</Alert>}
        <div className="grid">
          <TextField form={form} path="folder" label={t('export.folder')} required span={6} autoComplete="off" spellCheck={false} autoFocus hint={t('export.folderHint')} />
          <DateField form={form} path="from" label={t('export.from')} span={3} />
          <DateField form={form} path="to" label={t('export.to')} span={3} />
        </div>
    </FormDialog>
  );
}
