/**
 * The Tarif 590 part of a service: its code, picked from the tariff list valid today (choosing one
 * takes over the official texts, printed verbatim), or 999 with a text of the therapist's own; and
 * whether it is a missed appointment (never on an insurer's form).
 */
import { useT } from '../../app/i18n.js';
import { useApiQuery } from '../../data/query.js';
import type { Form } from '../../ui/form.js';
import { FormSection } from '../../ui/FormSection.js';
import { CheckboxField, SelectField, TextAreaField } from '../../ui/Inputs.js';
import { todayIso } from '../../ui/format.js';

interface TariffValues {
  tariffCode: string;
  tariffTexts: { de: string; fr: string; it: string };
  absence: boolean;
}

export function TariffFields<T extends TariffValues>({ form }: { form: Form<T> }) {
  const t = useT();
  const list = useApiQuery('tariff.entries', { date: todayIso() });
  const entries = list.data?.entries ?? [];
  const code = form.values.tariffCode;
  const known = code === '' || code === '999' || entries.some((e) => e.code === code);
  const options = [
    { value: '', label: '–' },
    ...entries.map((e) => ({ value: e.code, label: `${e.code} – ${e.texts.de}` })),
    { value: '999', label: '999' },
    ...(known ? [] : [{ value: code, label: code }]),
  ];
  const choose = (value: string) => {
    form.set('tariffCode', value);
    const entry = entries.find((e) => e.code === value);
    if (entry) form.set('tariffTexts', { ...entry.texts });
    else if (value === '') form.set('tariffTexts', { de: '', fr: '', it: '' });
  };
  // The select writes through `choose`, so the texts follow the code.
  const chooser: Form<T> = { ...form, set: (path, value) => (path === 'tariffCode' ? choose(String(value)) : form.set(path, value)) };
  return (
    <FormSection title={t('t590ui.settings.title')} heading="h3" description={t('t590ui.service.tariffHint')}>
      <SelectField form={chooser} path="tariffCode" label={t('t590ui.service.tariffCode')} span={6} options={options} />
      {!known && <p className="field-hint span-6 grid-note">{t('t590ui.service.notInList')}</p>}
      {code !== '' && (
        <>
          <TextAreaField form={form} path="tariffTexts.de" label={t('t590ui.service.tariffText', { lang: 'DE' })} rows={2} />
          <TextAreaField form={form} path="tariffTexts.fr" label={t('t590ui.service.tariffText', { lang: 'FR' })} rows={2} />
          <TextAreaField form={form} path="tariffTexts.it" label={t('t590ui.service.tariffText', { lang: 'IT' })} rows={2} />
        </>
      )}
      <CheckboxField form={form} path="absence" label={t('t590ui.service.absence')} />
    </FormSection>
  );
}
