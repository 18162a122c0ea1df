/**
 * Einstellungen → Leistungen: the service catalog of one practice (the default, or the one picked
 * when there are several): code, names in four languages, unit, price, VAT rate, active. Prices
 * are typed as "12.50" and sent in minor units; a refused delete explains what to do instead.
 */
import { useState } from 'react';
import type { Service, ServiceFields, ServiceUnit } from '../../../shared/contract/index.js';
import { serviceUnits } from '../../../shared/contract/index.js';
import { formatMoneyWithCurrency, formatRate, minorToDecimalString } from '../../../shared/money.js';
import type { Currency } from '../../../shared/validation/fields.js';
import { useT } from '../../app/i18n.js';
import { useApiMutation, useApiQuery } from '../../data/query.js';
import { Alert } from '../../ui/Alert.js';
import { errorText } from '../../ui/errors.js';
import { useForm, type FieldErrors } from '../../ui/form.js';
import { FormDialog } from '../../ui/FormDialog.js';
import { CheckboxField, SelectField, TextField } from '../../ui/Inputs.js';
import { DataTable, EmptyState, NewButton, SectionHead, type Column } from '../../ui/ListScreen.js';
import { formatDate } from '../../ui/format.js';
import { useToast } from '../../ui/Toast.js';
import { ConfirmActionDialog, useListEditor } from '../../ui/listEditor.js';
import { useFormSave } from '../../ui/useFormSave.js';
import { parsePrice, parseRate } from '../invoices/invoiceModel.js';
import { PracticePicker } from '../practices/PracticePicker.js';
import { usePracticeChoice } from '../practices/usePractices.js';
import { TariffFields } from '../tarif590/TariffFields.js';
import '../tarif590/tarif590.css';

/** Services appear in templates and consultations too. */
const invalidates = ['services.', 'consultationTemplates.'];

export function Services() {
  const t = useT();
  const toast = useToast();
  const choice = usePracticeChoice();
  const practice = choice.practice;
  const practiceId = practice?.id ?? '';
  const list = useApiQuery('services.list', { practiceId, includeInactive: true }, { enabled: practice !== null });
  const remove = useApiMutation('services.delete', { invalidates });
  const editor = useListEditor({
    remove: (s: Service) => remove.run({ id: s.id }),
    removed: (s) => t('services.deleted', { name: s.names.de }),
  });
  const update = useApiMutation('services.update', { invalidates });
  const [switching, setSwitching] = useState<Record<string, boolean>>({});
  const [switchError, setSwitchError] = useState<string | null>(null);

  /** The switch moves at once; a refusal puts it back and says why. */
  async function setActive(s: Service, active: boolean) {
    setSwitchError(null);
    setSwitching((m) => ({ ...m, [s.id]: active }));
    const { id: _id, practiceId: _p, inUse: _u, tariffFlag: _f, ...fields } = s;
    const result = await update.run({ id: s.id, service: { ...fields, active } });
    setSwitching(({ [s.id]: _done, ...rest }) => rest);
    if (!result.ok) {
      const field = result.error.details?.fields?.[0];
      return setSwitchError(field ? t.message(field) : errorText(t, result.error));
    }
    toast.show(t(active ? 'services.activated' : 'services.deactivated', { name: s.names.de }));
  }

  const currency: Currency = practice?.currency ?? 'CHF';
  const columns: Column<Service>[] = [
    { header: t('services.col.code'), cellClass: 'mono', cell: (s) => s.code },
    { header: t('services.col.name'), cell: (s) => (<><ServiceNames service={s} />{s.tariffFlag && <TariffFlag service={s} onOpen={() => editor.edit(s)} />}</>) },
    { header: t('services.col.unit'), cellClass: 'nowrap', cell: (s) => t(`unit.${s.unit}`) },
    { header: t('services.col.price'), num: true, cellClass: 'nowrap', cell: (s) => formatMoneyWithCurrency(s.priceMinor, currency, t.lang) },
    { header: t('services.col.vat'), num: true, cellClass: 'nowrap', cell: (s) => `${formatRate(s.vatRateBasisPoints)} %` },
    { header: t('services.col.status'), cell: (s) => <ActiveSwitch service={s} active={switching[s.id] ?? s.active} onChange={(on) => void setActive(s, on)} /> },
  ];
  const [onlyFlagged, setOnlyFlagged] = useState(false);
  const flagged = (list.data ?? []).filter((s) => s.tariffFlag !== null).length;
  // The services that do not match the tariff list come first, so they are seen before the others.
  const services = list.data && [...list.data].filter((s) => !onlyFlagged || s.tariffFlag !== null).sort((a, b) => Number(b.tariffFlag !== null) - Number(a.tariffFlag !== null));
  return (
    <section className="settings-panel" aria-labelledby="services-title">
      <SectionHead id="services-title" title={t('settings.tab.services')} intro={t('services.intro')}>
        <PracticePicker choice={choice} />
        <NewButton label={t('services.new')} disabled={!practice} onClick={() => editor.edit('new')} />
      </SectionHead>
      {choice.error && <Alert>{errorText(t, choice.error)}</Alert>}
      {list.error && <Alert>{errorText(t, list.error)}</Alert>}
      {switchError && <Alert>{switchError}</Alert>}
      {(flagged > 0 || onlyFlagged) && (
        <label className="tariff-flag-filter">
          <input type="checkbox" checked={onlyFlagged} onChange={(e) => setOnlyFlagged(e.target.checked)} />
          {t.plural('services.tariffFlag.filter', flagged, { count: flagged })}
        </label>
      )}
      {services && services.length === 0 && <EmptyState icon="template" title={t('services.empty')} hint={t('services.emptyHint')} />}
      {services && services.length > 0 && (
        <DataTable
          rows={services}
          columns={columns}
          tableClass="table services-table"
          colgroup={['col-code', undefined, 'col-unit', 'col-price', 'col-vat', 'col-active', 'col-service-actions']}
          rowClass={(s) => ((switching[s.id] ?? s.active) ? undefined : 'row-inactive')}
          onEdit={(s) => editor.edit(s)}
          onDelete={editor.remove.ask}
        />
      )}
      {editor.editing !== null && practice && (
        <ServiceDialog
          practiceId={practice.id}
          currency={currency}
          service={editor.editing === 'new' ? null : editor.editing}
          onCancel={editor.closeEditor}
          onSaved={(saved, created) => {
            editor.closeEditor();
            toast.show(t(created ? 'services.created' : 'services.saved', { name: saved.names.de }));
          }}
        />
      )}
      <ConfirmActionDialog action={editor.remove} title={t('services.deleteTitle')} confirmLabel={t('services.deleteConfirm')} body={(s) => t('services.deleteBody', { name: `${s.code} ${s.names.de}` })} />
    </section>
  );
}

function ServiceNames({ service: s }: { service: Service }) {
  const others = [s.names.fr, s.names.it, s.names.en].filter(Boolean);
  return (
    <>
      <div className="cell-strong">{s.names.de}</div>
      {others.length > 0 && <div className="muted small">{others.join(' · ')}</div>}
    </>
  );
}

/** Why the service does not match the Tarif 590 list valid today (main decides it), and the way to fix it. */
function TariffFlag({ service: s, onOpen }: { service: Service; onOpen(): void }) {
  const t = useT();
  const flag = s.tariffFlag!;
  const from = flag.versionFrom ? formatDate(flag.versionFrom) : '';
  return (
    <div className="tariff-flag" role="note">
      <span className="badge badge-draft flush">{t(`services.tariffFlag.${flag.reason}`, { code: flag.code, from })}</span>
      <button type="button" className="link-button small" onClick={onOpen} aria-label={t('services.tariffFlag.fixNamed', { name: s.names.de })}>
        {t('services.tariffFlag.fix')}
      </button>
    </div>
  );
}

/** Active as a switch: the column shows the state and changes it in one place. */
function ActiveSwitch({ service, active, onChange }: { service: Service; active: boolean; onChange(active: boolean): void }) {
  const t = useT();
  return (
    <label className="switch">
      <input type="checkbox" role="switch" checked={active} aria-label={t('services.activeSwitch', { name: service.names.de })} onChange={(e) => onChange(e.target.checked)} />
      <span className="switch-track" aria-hidden="true" />
      <span className="switch-text" aria-hidden="true">
        {t(active ? 'services.active' : 'services.inactive')}
      </span>
    </label>
  );
}

interface ServiceFormValues {
  code: string;
  names: { de: string; fr: string; it: string; en: string };
  unit: ServiceUnit;
  price: string;
  vat: string;
  active: boolean;
  tariffCode: string;
  tariffTexts: { de: string; fr: string; it: string };
  absence: boolean;
}

const emptyService = (): ServiceFormValues => ({
  code: '', names: { de: '', fr: '', it: '', en: '' }, unit: 'session', price: '', vat: '0', active: true, tariffCode: '', tariffTexts: { de: '', fr: '', it: '' }, absence: false,
});

const fromService = (s: Service): ServiceFormValues => ({
  code: s.code, names: { ...s.names }, unit: s.unit, price: minorToDecimalString(s.priceMinor), vat: formatRate(s.vatRateBasisPoints), active: s.active,
  tariffCode: s.tariffCode, tariffTexts: { ...s.tariffTexts }, absence: s.absence,
});

const toServiceFields = (v: ServiceFormValues): ServiceFields => ({
  code: v.code.trim(), names: v.names, unit: v.unit, priceMinor: parsePrice(v.price), vatRateBasisPoints: parseRate(v.vat), active: v.active,
  tariffCode: v.tariffCode.trim(), tariffTexts: v.tariffTexts, absence: v.absence,
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
  const create = useApiMutation('services.create', { invalidates });
  const update = useApiMutation('services.update', { invalidates });
  const save = useFormSave(form, {
    save: (v) => (service ? update.run({ id: service.id, service: toServiceFields(v) }) : create.run({ practiceId, service: toServiceFields(v) })),
    onSaved: (saved) => onSaved(saved, service === null),
    wrapper: 'service',
    rename: { priceMinor: 'price', vatRateBasisPoints: 'vat' },
    clientErrors,
  });

  const names = t('services.field.name');
  return (
    <FormDialog title={service ? t('services.editTitle') : t('services.newTitle')} formId="service-form" submitLabel={t('action.save')} save={save} onCancel={onCancel} size="wide">
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
      <TariffFields form={form} />
    </FormDialog>
  );
}
