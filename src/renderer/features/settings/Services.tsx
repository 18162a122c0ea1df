/**
 * Einstellungen → Leistungen: the service catalog of one practice (the default, or the one picked
 * when there are several): code, names in four languages, unit, price, VAT rate, active. Prices
 * are typed as "12.50" and sent in minor units; a refused delete explains what to do instead.
 */
import { FormDialog } from '../../ui/FormDialog.js';
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { RowActions } from '../../ui/RowActions.js';
import type { Service, ServiceFields, ServiceUnit } from '../../../shared/contract/index.js';
import { serviceUnits } from '../../../shared/contract/index.js';
import { formatMoneyWithCurrency, formatRate, minorToDecimalString } from '../../../shared/money.js';
import type { Currency } from '../../../shared/validation/fields.js';
import { api } from '../../api.js';
import { Alert } from '../../ui/Alert.js';
import { ConfirmDialog } from '../../ui/Dialog.js';
import { Icon } from '../../ui/Icon.js';
import { CheckboxField, SelectField, TextField } from '../../ui/Inputs.js';
import { PracticePicker } from '../practices/PracticePicker.js';
import { useToast } from '../../ui/Toast.js';
import { errorText } from '../../ui/errors.js';
import { fieldErrorsFrom, renamePaths, useFocusOnErrors, useForm, type FieldErrors } from '../../ui/form.js';
import { useT } from '../../app/i18n.js';
import { parsePrice, parseRate } from '../invoices/invoiceModel.js';
import { usePractices } from '../practices/usePractices.js';

export function Services() {
  const t = useT();
  const toast = useToast();
  const { practices, defaultPractice, error: practicesError } = usePractices();
  const [picked, setPicked] = useState<string | null>(null);
  const practice = practices?.find((p) => p.id === picked) ?? defaultPractice;
  const [services, setServices] = useState<Service[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<Service | 'new' | null>(null);
  const [toDelete, setToDelete] = useState<Service | null>(null);
  const [deleteError, setDeleteError] = useState<string | null>(null);

  const practiceId = practice?.id;
  const load = useCallback(async () => {
    if (!practiceId) return;
    const result = await api.call('services.list', { practiceId, includeInactive: true });
    if (result.ok) setServices(result.data);
    else setError(errorText(t, result.error));
  }, [practiceId, t]);
  useEffect(() => {
    void load();
  }, [load]);

  /** The switch moves at once; a refusal puts it back and says why. */
  async function setActive(s: Service, active: boolean) {
    setError(null);
    const mark = (value: boolean) => setServices((list) => list?.map((x) => (x.id === s.id ? { ...x, active: value } : x)) ?? list);
    mark(active);
    const { id: _id, practiceId: _p, inUse: _u, ...fields } = s;
    const result = await api.call('services.update', { id: s.id, service: { ...fields, active } });
    if (!result.ok) {
      mark(s.active);
      const field = result.error.details?.fields?.[0];
      return setError(field ? t.tx(field.key, field.params) : errorText(t, result.error));
    }
    toast.show(t(active ? 'services.activated' : 'services.deactivated', { name: s.names.de }));
  }

  async function remove() {
    if (!toDelete) return;
    const result = await api.call('services.delete', { id: toDelete.id });
    if (!result.ok) return setDeleteError(errorText(t, result.error));
    toast.show(t('services.deleted', { name: toDelete.names.de }));
    setToDelete(null);
    await load();
  }

  const currency: Currency = practice?.currency ?? 'CHF';
  return (
    <section className="settings-panel" aria-labelledby="services-title">
      <div className="section-head">
        <div>
          <h2 id="services-title">{t('settings.tab.services')}</h2>
          <p className="muted">{t('services.intro')}</p>
        </div>
        <div className="section-actions">
          {practices && practice && <PracticePicker id="services-practice" practices={practices} value={practice.id} onChange={setPicked} />}
          <button type="button" className="button primary" disabled={!practice} onClick={() => setEditing('new')}>
            <Icon name="plus" />
            {t('services.new')}
          </button>
        </div>
      </div>
      {practicesError && <Alert>{errorText(t, practicesError)}</Alert>}
      {error && <Alert>{error}</Alert>}
      {services && services.length === 0 && (
        <div className="empty">
          <Icon name="template" size={32} />
          <h3>{t('services.empty')}</h3>
          <p className="muted">{t('services.emptyHint')}</p>
        </div>
      )}
      {services && services.length > 0 && (
        <div className="card table-card">
          <table className="table services-table">
            <colgroup>
              <col className="col-code" />
              <col />
              <col className="col-unit" />
              <col className="col-price" />
              <col className="col-vat" />
              <col className="col-active" />
              <col className="col-service-actions" />
            </colgroup>
            <thead>
              <tr>
                <th scope="col">{t('services.col.code')}</th>
                <th scope="col">{t('services.col.name')}</th>
                <th scope="col">{t('services.col.unit')}</th>
                <th scope="col" className="num">{t('services.col.price')}</th>
                <th scope="col" className="num">{t('services.col.vat')}</th>
                <th scope="col">{t('services.col.status')}</th>
                <th scope="col"><span className="visually-hidden">{t('common.actions')}</span></th>
              </tr>
            </thead>
            <tbody>
              {services.map((s) => (
                <tr key={s.id} className={s.active ? undefined : 'row-inactive'}>
                  <td className="mono">{s.code}</td>
                  <td>
                    <div className="cell-strong">{s.names.de}</div>
                    {[s.names.fr, s.names.it, s.names.en].some(Boolean) && (
                      <div className="muted small">{[s.names.fr, s.names.it, s.names.en].filter(Boolean).join(' · ')}</div>
                    )}
                  </td>
                  <td className="nowrap">{t(`unit.${s.unit}`)}</td>
                  <td className="num nowrap">{formatMoneyWithCurrency(s.priceMinor, currency, t.lang)}</td>
                  <td className="num nowrap">{formatRate(s.vatRateBasisPoints)} %</td>
                  <td>
                    {/* Active as a switch: the column shows the state and changes it in one place. */}
                    <label className="switch">
                      <input
                        type="checkbox"
                        role="switch"
                        checked={s.active}
                        aria-label={t('services.activeSwitch', { name: s.names.de })}
                        onChange={(e) => void setActive(s, e.target.checked)}
                      />
                      <span className="switch-track" aria-hidden="true" />
                      <span className="switch-text" aria-hidden="true">
                        {t(s.active ? 'services.active' : 'services.inactive')}
                      </span>
                    </label>
                  </td>
                  <td>
                    <RowActions onEdit={() => setEditing(s)} onDelete={() => { setDeleteError(null); setToDelete(s); }} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editing !== null && practice && (
        <ServiceDialog
          practiceId={practice.id}
          currency={currency}
          service={editing === 'new' ? null : editing}
          onCancel={() => setEditing(null)}
          onSaved={(saved, created) => {
            setEditing(null);
            toast.show(t(created ? 'services.created' : 'services.saved', { name: saved.names.de }));
            void load();
          }}
        />
      )}
      <ConfirmDialog
        open={toDelete !== null}
        title={t('services.deleteTitle')}
        confirmLabel={t('services.deleteConfirm')}
        cancelLabel={deleteError ? t('action.close') : undefined}
        danger
        error={deleteError}
        onCancel={() => setToDelete(null)}
        onConfirm={() => void remove()}
      >
        {t('services.deleteBody', { name: toDelete ? `${toDelete.code} ${toDelete.names.de}` : '' })}
      </ConfirmDialog>
    </section>
  );
}

interface ServiceFormValues {
  code: string;
  names: { de: string; fr: string; it: string; en: string };
  unit: ServiceUnit;
  price: string;
  vat: string;
  active: boolean;
}

const emptyService = (): ServiceFormValues => ({ code: '', names: { de: '', fr: '', it: '', en: '' }, unit: 'session', price: '', vat: '0', active: true });

const fromService = (s: Service): ServiceFormValues => ({
  code: s.code, names: { ...s.names }, unit: s.unit, price: minorToDecimalString(s.priceMinor), vat: formatRate(s.vatRateBasisPoints), active: s.active,
});

const toServiceFields = (v: ServiceFormValues): ServiceFields => ({
  code: v.code.trim(), names: v.names, unit: v.unit, priceMinor: parsePrice(v.price), vatRateBasisPoints: parseRate(v.vat), active: v.active,
});

/** What can be said before asking main: the price and the rate must be numbers people recognise. */
function clientErrors(v: ServiceFormValues): FieldErrors {
  const out: FieldErrors = {};
  if (v.price.trim() === '') out.price = { path: 'price', key: 'v.required' };
  else if (Number.isNaN(parsePrice(v.price))) out.price = { path: 'price', key: 'v.money' };
  if (Number.isNaN(parseRate(v.vat))) out.vat = { path: 'vat', key: 'v.rate' };
  return out;
}

function ServiceDialog({ practiceId, currency, service, onCancel, onSaved }: {
  practiceId: string; currency: Currency; service: Service | null; onCancel(): void; onSaved(s: Service, created: boolean): void;
}) {
  const t = useT();
  const form = useForm<ServiceFormValues>('service', service ? fromService(service) : emptyService());
  const [busy, setBusy] = useState(false);
  const [banner, setBanner] = useState<string | null>(null);
  const ref = useRef<HTMLFormElement>(null);
  useFocusOnErrors(ref, form);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setBanner(null);
    const fields = toServiceFields(form.values);
    const result = service
      ? await api.call('services.update', { id: service.id, service: fields })
      : await api.call('services.create', { practiceId, service: fields });
    setBusy(false);
    if (result.ok) return onSaved(result.data, service === null);
    setBanner(errorText(t, result.error));
    if (result.error.code === 'validation') {
      const server = renamePaths(fieldErrorsFrom(result.error, 'service'), { priceMinor: 'price', vatRateBasisPoints: 'vat' });
      form.setErrors({ ...server, ...clientErrors(form.values) });
    }
  }

  const names = t('services.field.name');
  return (
    <FormDialog
      title={service ? t('services.editTitle') : t('services.newTitle')}
      formId="service-form"
      submitLabel={t('action.save')}
      busy={busy}
      onCancel={onCancel}
      onSubmit={submit}
      formRef={ref}
      size="wide"
    >
        {banner && <Alert>{banner}</Alert>}
        <div className="grid">
          <TextField form={form} path="code" label={t('services.field.code')} required span={2} autoComplete="off" autoFocus hint={t('services.field.codeHint')} />
          <TextField form={form} path="names.de" label={t('services.field.nameDe')} required span={4} autoComplete="off" />
          <TextField form={form} path="names.fr" label={t('language.fr')} span={2} autoComplete="off" context={names} />
          <TextField form={form} path="names.it" label={t('language.it')} span={2} autoComplete="off" context={names} />
          <TextField form={form} path="names.en" label={t('language.en')} span={2} autoComplete="off" context={names} />
          <p className="field-hint span-6 grid-note">{t('services.field.namesHint')}</p>
          <SelectField form={form} path="unit" label={t('services.field.unit')} span={2} options={serviceUnits.map((u) => ({ value: u, label: t(`unit.${u}`) }))} />
          <TextField form={form} path="price" label={t('services.field.price', { currency })} required span={2} inputMode="decimal" autoComplete="off" placeholder="0.00" />
          <TextField form={form} path="vat" label={t('services.field.vat')} span={2} inputMode="decimal" autoComplete="off" hint={t('services.field.vatHint')} />
          <CheckboxField form={form} path="active" label={t('services.field.active')} hint={t('services.field.activeHint')} />
        </div>
    </FormDialog>
  );
}
