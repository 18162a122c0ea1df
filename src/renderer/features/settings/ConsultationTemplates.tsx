/**
 * Einstellungen → Beratungsvorlagen: named sets of services with quantities and a default
 * duration ("Behandlung 30 Min."), which fill a new consultation in one click.
 */
import { FormDialog } from '../../ui/FormDialog.js';
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { RowActions } from '../../ui/RowActions.js';
import type { ConsultationTemplate, Service } from '../../../shared/contract/index.js';
import { formatMoneyWithCurrency, lineAmount } from '../../../shared/money.js';
import type { Currency } from '../../../shared/validation/fields.js';
import { api } from '../../api.js';
import { Alert } from '../../ui/Alert.js';
import { ConfirmDialog } from '../../ui/Dialog.js';
import { Icon } from '../../ui/Icon.js';
import { TextField } from '../../ui/Inputs.js';
import { ItemRows, emptyRow, itemErrors, rowQuantity, toItems, type ItemRow } from '../consultations/ItemRows.js';
import { PracticePicker } from '../practices/PracticePicker.js';
import { useToast } from '../../ui/Toast.js';
import { errorText } from '../../ui/errors.js';
import { fieldErrorsFrom, renamePaths, useFocusOnErrors, useForm } from '../../ui/form.js';
import { useT } from '../../app/i18n.js';
import { formatHundredths, parseMinutes } from '../invoices/invoiceModel.js';
import { paths } from '../../app/routes.js';
import { usePractices } from '../practices/usePractices.js';

export function ConsultationTemplates() {
  const t = useT();
  const toast = useToast();
  const { practices, defaultPractice, error: practicesError } = usePractices();
  const [picked, setPicked] = useState<string | null>(null);
  const practice = practices?.find((p) => p.id === picked) ?? defaultPractice;
  const [templates, setTemplates] = useState<ConsultationTemplate[] | null>(null);
  const [services, setServices] = useState<Service[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<ConsultationTemplate | 'new' | null>(null);
  const [toDelete, setToDelete] = useState<ConsultationTemplate | null>(null);
  const [deleteError, setDeleteError] = useState<string | null>(null);

  const practiceId = practice?.id;
  const load = useCallback(async () => {
    if (!practiceId) return;
    const [list, catalog] = await Promise.all([
      api.call('consultationTemplates.list', { practiceId }),
      api.call('services.list', { practiceId, includeInactive: true }),
    ]);
    if (!list.ok) return setError(errorText(t, list.error));
    if (!catalog.ok) return setError(errorText(t, catalog.error));
    setTemplates(list.data);
    setServices(catalog.data);
  }, [practiceId, t]);
  useEffect(() => {
    void load();
  }, [load]);

  async function remove() {
    if (!toDelete) return;
    const result = await api.call('consultationTemplates.delete', { id: toDelete.id });
    if (!result.ok) return setDeleteError(errorText(t, result.error));
    toast.show(t('templates.deleted', { name: toDelete.name }));
    setToDelete(null);
    await load();
  }

  const currency: Currency = practice?.currency ?? 'CHF';
  const byId = new Map(services.map((s) => [s.id, s]));
  const noServices = templates !== null && services.filter((s) => s.active).length === 0;

  return (
    <section className="settings-panel" aria-labelledby="templates-title">
      <div className="section-head">
        <div>
          <h2 id="templates-title">{t('settings.tab.templates')}</h2>
          <p className="muted">{t('templates.intro')}</p>
        </div>
        <div className="section-actions">
          {practices && practice && <PracticePicker id="templates-practice" practices={practices} value={practice.id} onChange={setPicked} />}
          <button type="button" className="button primary" disabled={!practice || noServices} onClick={() => setEditing('new')}>
            <Icon name="plus" />
            {t('templates.new')}
          </button>
        </div>
      </div>
      {practicesError && <Alert>{errorText(t, practicesError)}</Alert>}
      {error && <Alert>{error}</Alert>}
      {noServices && (
        <Alert kind="info">
          {t('templates.needServices')} <a href={`#${paths.settingsTab('services')}`}>{t('templates.toServices')}</a>
        </Alert>
      )}
      {templates && templates.length === 0 && !noServices && (
        <div className="empty">
          <Icon name="template" size={32} />
          <h3>{t('templates.empty')}</h3>
          <p className="muted">{t('templates.emptyHint')}</p>
        </div>
      )}
      {templates && templates.length > 0 && (
        <div className="card table-card">
          <table className="table table-auto">
            <thead>
              <tr>
                <th scope="col">{t('templates.col.name')}</th>
                <th scope="col">{t('templates.col.duration')}</th>
                <th scope="col">{t('templates.col.items')}</th>
                <th scope="col" className="num">{t('templates.col.amount')}</th>
                <th scope="col"><span className="visually-hidden">{t('common.actions')}</span></th>
              </tr>
            </thead>
            <tbody>
              {templates.map((tpl) => {
                let sum = 0;
                const lines = tpl.items.map((item, i) => {
                  const s = byId.get(item.serviceId);
                  const q = s?.unit === 'min5' ? rowQuantity({ serviceId: item.serviceId, quantity: '' }, s, tpl.durationMinutes) : item.quantityHundredths;
                  if (s) sum += lineAmount(q, s.priceMinor);
                  return (
                    <li key={i}>
                      <span className="mono muted">{s?.code}</span> {s?.names.de ?? '?'}
                      <span className="muted"> · {formatHundredths(q)} × {s ? t(`unitShort.${s.unit}`) : ''}</span>
                    </li>
                  );
                });
                return (
                  <tr key={tpl.id}>
                    <td className="cell-strong">{tpl.name}</td>
                    <td className="nowrap">{t('common.minutes', { count: tpl.durationMinutes })}</td>
                    <td>
                      <ul className="plain-list">{lines}</ul>
                    </td>
                    <td className="num nowrap">{formatMoneyWithCurrency(sum, currency, t.lang)}</td>
                    <td>
                      <RowActions onEdit={() => setEditing(tpl)} onDelete={() => { setDeleteError(null); setToDelete(tpl); }} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {editing !== null && practice && (
        <TemplateDialog
          practiceId={practice.id}
          currency={currency}
          services={services}
          template={editing === 'new' ? null : editing}
          onCancel={() => setEditing(null)}
          onSaved={(saved, created) => {
            setEditing(null);
            toast.show(t(created ? 'templates.created' : 'templates.saved', { name: saved.name }));
            void load();
          }}
        />
      )}
      <ConfirmDialog
        open={toDelete !== null}
        title={t('templates.deleteTitle')}
        confirmLabel={t('templates.deleteConfirm')}
        cancelLabel={deleteError ? t('action.close') : undefined}
        danger
        error={deleteError}
        onCancel={() => setToDelete(null)}
        onConfirm={() => void remove()}
      >
        {t('templates.deleteBody', { name: toDelete?.name ?? '' })}
      </ConfirmDialog>
    </section>
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
    ? { name: template.name, duration: String(template.durationMinutes), items: template.items.map((i) => ({ serviceId: i.serviceId, quantity: formatHundredths(i.quantityHundredths) })) }
    : { name: '', duration: '30', items: [emptyRow()] });
  const [busy, setBusy] = useState(false);
  const [banner, setBanner] = useState<string | null>(null);
  const ref = useRef<HTMLFormElement>(null);
  useFocusOnErrors(ref, form);
  const byId = new Map(services.map((s) => [s.id, s]));
  const duration = parseMinutes(form.values.duration);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setBanner(null);
    const fields = { name: form.values.name, durationMinutes: duration, items: toItems(form.values.items, byId, duration) };
    const result = template
      ? await api.call('consultationTemplates.update', { id: template.id, template: fields })
      : await api.call('consultationTemplates.create', { practiceId, template: fields });
    setBusy(false);
    if (result.ok) return onSaved(result.data, template === null);
    setBanner(errorText(t, result.error));
    if (result.error.code === 'validation') {
      const server = renamePaths(fieldErrorsFrom(result.error, 'template'), { durationMinutes: 'duration' });
      form.setErrors({ ...server, ...itemErrors(form.values.items, byId, duration) });
    }
  }

  return (
    <FormDialog
      title={template ? t('templates.editTitle') : t('templates.newTitle')}
      formId="template-form"
      submitLabel={t('action.save')}
      busy={busy}
      onCancel={onCancel}
      onSubmit={submit}
      formRef={ref}
      size="wide"
    >
        {banner && <Alert>{banner}</Alert>}
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
