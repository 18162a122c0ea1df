/**
 * Export issued and cancelled invoices as PDF files into a folder on this computer (the one the
 * Arnika backend runs on): the selected invoices, within a date range that starts as the span of
 * the selection; without a selection, every issued and cancelled invoice of the range.
 */
import { FormDialog } from '../../ui/FormDialog.js';
import type { InvoiceSummary } from '../../../shared/contract/index.js';
import { useApiMutation } from '../../data/query.js';
import { useFormSave } from '../../ui/useFormSave.js';
import { DateField, TextField } from '../../ui/Inputs.js';
import { useForm } from '../../ui/form.js';
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
  const drafts = selected.filter((i) => i.status === 'draft').length;
  const exportPdfs = useApiMutation('invoices.exportPdfs');
  const save = useFormSave(form, {
    save: (v) => {
      const invoiceIds = selected.map((i) => i.id);
      return exportPdfs.run({ folder: v.folder.trim(), from: v.from, to: v.to, ...(invoiceIds.length ? { invoiceIds } : {}) });
    },
    onSaved: (done) => onDone(t.plural('export.done', done.files.length, { count: formatNumber(done.files.length), folder: done.folder })),
    wrapper: 'input',
  });

  return (
    <FormDialog
      title={t('export.title')}
      formId="export-form"
      submitLabel={t('export.submit')}
      save={save}
      onCancel={onCancel}
      lead={
        <>
          <p>{t(selected.length ? 'export.explain_selection' : 'export.explain')}</p>
          {drafts > 0 && <p className="muted small">{t('export.draftsSkipped', { count: formatNumber(drafts) })}</p>}
        </>
      }
    >
        <div className="grid">
          <TextField form={form} path="folder" label={t('export.folder')} required span={6} autoComplete="off" spellCheck={false} autoFocus hint={t('export.folderHint')} />
          <DateField form={form} path="from" label={t('export.from')} span={3} />
          <DateField form={form} path="to" label={t('export.to')} span={3} />
        </div>
    </FormDialog>
  );
}
