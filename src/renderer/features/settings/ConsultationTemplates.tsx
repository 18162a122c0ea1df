/**
 * Einstellungen → Beratungsvorlagen: named sets of services with quantities (per-5-minutes
 * services with their default minutes) and a default duration ("Behandlung 50 Min."), which fill a
 * new consultation in one click.
 */
import type { ConsultationTemplate, Service } from '../../../shared/contract/index.js';
import { formatMoneyWithCurrency, lineAmount } from '../../../shared/money.js';
import type { Currency } from '../../../shared/validation/fields.js';
import { useT } from '../../app/i18n.js';
import { paths } from '../../app/routes.js';
import { useApiMutation, useApiQuery } from '../../data/query.js';
import { Alert } from '../../ui/Alert.js';
import { errorText } from '../../ui/errors.js';
import { useForm } from '../../ui/form.js';
import { FormDialog } from '../../ui/FormDialog.js';
import { TextField } from '../../ui/Inputs.js';
import { ConfirmActionDialog, useListEditor } from '../../ui/listEditor.js';
import { DataTable, EmptyState, NewButton, SectionHead, type Column } from '../../ui/ListScreen.js';
import { useToast } from '../../ui/Toast.js';
import { useFormSave } from '../../ui/useFormSave.js';
import { ItemRows, emptyRow, itemErrors, rowQuantity, toItems, type ItemRow } from '../consultations/ItemRows.js';
import { formatHundredths, parseMinutes } from '../invoices/invoiceModel.js';
import { PracticePicker } from '../practices/PracticePicker.js';
import { usePracticeList } from '../practices/usePractices.js';

const invalidates = ['consultationTemplates.'];

export function ConsultationTemplates() {
  const t = useT();
  const toast = useToast();
  const { choice, practice, practiceId, list } = usePracticeList('consultationTemplates.list');
  const catalog = useApiQuery('services.list', { practiceId: practiceId ?? '', includeInactive: true }, { enabled: practice !== null });
  const remove = useApiMutation('consultationTemplates.delete', { invalidates });
  const editor = useListEditor({
    remove: (tpl: ConsultationTemplate) => remove.run({ id: tpl.id }),
    removed: (tpl) => t('templates.deleted', { name: tpl.name }),
  });

  const currency: Currency = practice?.currency ?? 'CHF';
  const services = catalog.data ?? [];
  const byId = new Map(services.map((s) => [s.id, s]));
  const templates = list.data && catalog.data ? list.data : null;
  const noServices = templates !== null && services.filter((s) => s.active).length === 0;
  const columns: Column<ConsultationTemplate>[] = [
    { header: t('templates.col.name'), cellClass: 'cell-strong', cell: (tpl) => tpl.name },
    { header: t('templates.col.duration'), cellClass: 'nowrap', cell: (tpl) => t('common.minutes', { count: tpl.durationMinutes }) },
    { header: t('templates.col.items'), cell: (tpl) => <TemplateLines template={tpl} byId={byId} /> },
    { header: t('templates.col.amount'), num: true, cellClass: 'nowrap', cell: (tpl) => formatMoneyWithCurrency(templateSum(tpl, byId), currency, t.lang) },
  ];
  const error = list.error ?? catalog.error;

  return (
    <section className="settings-panel" aria-labelledby="templates-title">
      <SectionHead id="templates-title" title={t('settings.tab.templates')} intro={t('templates.intro')}>
        <PracticePicker choice={choice} />
        <NewButton label={t('templates.new')} disabled={!practice || noServices} onClick={() => editor.edit('new')} />
      </SectionHead>
      {choice.error && <Alert>{errorText(t, choice.error)}</Alert>}
      {error && <Alert>{errorText(t, error)}</Alert>}
      {noServices && (
        <Alert kind="info">
          {t('templates.needServices')} <a href={`#${paths.settingsTab('services')}`}>{t('templates.toServices')}</a>
        </Alert>
      )}
      {templates && templates.length === 0 && !noServices && <EmptyState icon="template" title={t('templates.empty')} hint={t('templates.emptyHint')} />}
      {templates && templates.length > 0 && (
        <DataTable rows={templates} columns={columns} onEdit={(tpl) => editor.edit(tpl)} onDelete={editor.remove.ask} />
      )}
      {editor.editing !== null && practice && (
        <TemplateDialog
          practiceId={practice.id}
          currency={currency}
          services={services}
          template={editor.editing === 'new' ? null : editor.editing}
          onCancel={editor.closeEditor}
          onSaved={(saved, created) => {
            editor.closeEditor();
            toast.show(t(created ? 'templates.created' : 'templates.saved', { name: saved.name }));
          }}
        />
      )}
      <ConfirmActionDialog action={editor.remove} title={t('templates.deleteTitle')} confirmLabel={t('templates.deleteConfirm')} body={(tpl) => t('templates.deleteBody', { name: tpl.name })} />
    </section>
  );
}

/** A service by minutes is counted from its default minutes (without: the template's duration), the others as stored. */
function lineQuantity(tpl: ConsultationTemplate, item: ConsultationTemplate['items'][number], s: Service | undefined): number {
  if (s?.unit !== 'min5') return item.quantityHundredths;
  const q = rowQuantity({ serviceId: item.serviceId, quantity: '', minutes: String(item.minutes ?? tpl.durationMinutes) }, s);
  return Number.isNaN(q) ? 0 : q;
}

function templateSum(tpl: ConsultationTemplate, byId: Map<string, Service>): number {
  return tpl.items.reduce((sum, item) => {
    const s = byId.get(item.serviceId);
    return s ? sum + lineAmount(lineQuantity(tpl, item, s), s.priceMinor) : sum;
  }, 0);
}

function TemplateLines({ template: tpl, byId }: { template: ConsultationTemplate; byId: Map<string, Service> }) {
  const t = useT();
  return (
    <ul className="plain-list">
      {tpl.items.map((item, i) => {
        const s = byId.get(item.serviceId);
        return (
          <li key={i}>
            <span className="mono muted">{s?.code}</span> {s?.names.de ?? '?'}
            <span className="muted"> · {formatHundredths(lineQuantity(tpl, item, s))} × {s ? t(`unitShort.${s.unit}`) : ''}</span>
          </li>
        );
      })}
    </ul>
  );
}

interface TemplateFormValues {
  name: string;
  duration: string;
  items: ItemRow[];
}

function TemplateDialog({ practiceId, currency, services, template, onCancel, onSaved }: {
  practiceId: string; currency: Currency; services: Service[]; template: ConsultationTemplate | null;
  onCancel(): void; onSaved(tpl: ConsultationTemplate, created: boolean): void;
}) {
  const t = useT();
  const form = useForm<TemplateFormValues>('template', template
    ? {
        name: template.name, duration: String(template.durationMinutes),
        items: template.items.map((i) => ({ serviceId: i.serviceId, quantity: formatHundredths(i.quantityHundredths), minutes: i.minutes === null ? '' : String(i.minutes) })),
      }
    : { name: '', duration: '30', items: [emptyRow()] });
  const byId = new Map(services.map((s) => [s.id, s]));
  const duration = parseMinutes(form.values.duration);
  const create = useApiMutation('consultationTemplates.create', { invalidates });
  const update = useApiMutation('consultationTemplates.update', { invalidates });
  const save = useFormSave(form, {
    save: (v) => {
      const fields = { name: v.name, durationMinutes: duration, items: toItems(v.items, byId) };
      return template ? update.run({ id: template.id, template: fields }) : create.run({ practiceId, template: fields });
    },
    onSaved: (saved) => onSaved(saved, template === null),
    wrapper: 'template',
    rename: { durationMinutes: 'duration' },
    clientErrors: (v) => itemErrors(v.items, byId),
  });

  return (
    <FormDialog title={template ? t('templates.editTitle') : t('templates.newTitle')} formId="template-form" submitLabel={t('action.save')} save={save} onCancel={onCancel} size="wide">
      <div className="grid">
        <TextField form={form} path="name" label={t('templates.field.name')} required span={4} autoComplete="off" autoFocus placeholder={t('templates.field.namePlaceholder')} />
        <TextField form={form} path="duration" label={t('templates.field.duration')} span={2} inputMode="numeric" autoComplete="off" />
        <ItemRows
          scope="template"
          label={t('items.label')}
          rows={form.values.items}
          onChange={(rows) => form.set('items', rows)}
          services={services}
          durationMinutes={duration}
          errors={form.errors}
          currency={currency}
          amounts
        />
      </div>
    </FormDialog>
  );
}
