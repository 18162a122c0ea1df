/**
 * The practice form, used at first run and on the Praxis screen: every PracticeFields field,
 * saved through main (which validates); field errors from the envelope appear next to their input.
 */
import { useState } from 'react';
import type { Practice } from '../../../shared/contract/index.js';
import { isQrIban } from '../../../shared/validation/checksums.js';
import { useApiMutation } from '../../data/query.js';
import { Alert } from '../../ui/Alert.js';
import { FormSection } from '../../ui/FormSection.js';
import { SelectField, TextField } from '../../ui/Inputs.js';
import { useForm } from '../../ui/form.js';
import { useFormSave } from '../../ui/useFormSave.js';
import { todayIso } from '../../ui/format.js';
import { formatNumberExample } from '../invoices/invoiceModel.js';
import { useT } from '../../app/i18n.js';
import { countryOptions, currencyOptions, languageOptions, professionOptions } from '../../ui/options.js';
import { emptyPractice, fromPractice, toPracticeFields, type PracticeFormValues } from './practiceModel.js';
import { useUnsavedGuard } from '../../app/router.js';

/** A practice's data shows on invoices, mail and settings screens as well. */
export const practiceChanges = ['practices.', 'app.', 'invoices.', 'mail.'];

interface PracticeFormProps {
  practice: Practice | null;
  submitLabel: string;
  onSaved(practice: Practice, created: boolean): void;
  onCancel?: () => void;
  cancelLabel?: string;
}

export function PracticeForm({ practice, submitLabel, onSaved, onCancel, cancelLabel }: PracticeFormProps) {
  const t = useT();
  const form = useForm<PracticeFormValues>('practice', practice ? fromPractice(practice) : emptyPractice());
  const [current, setCurrent] = useState(practice);
  const create = useApiMutation('practices.create', { invalidates: practiceChanges });
  const update = useApiMutation('practices.update', { invalidates: practiceChanges });
  const save = useFormSave(form, {
    save: (v) => (current ? update.run({ id: current.id, practice: toPracticeFields(v) }) : create.run({ practice: toPracticeFields(v) })),
    onSaved: (saved) => {
      form.reset(fromPractice(saved));
      setCurrent(saved);
      onSaved(saved, current === null);
    },
    wrapper: 'practice',
  });
  const { busy, banner } = save;
  useUnsavedGuard(form.dirty);

  const qr = isQrIban(form.values.iban);
  const professions = [{ value: '', label: t('form.choose') }, ...professionOptions(t)];

  return (
    <form ref={save.formRef} className="form" onSubmit={save.submit} noValidate aria-busy={busy}>
      {banner && <Alert>{banner}</Alert>}
      <FormSection title={t('practice.section.practice')}>
        <TextField form={form} path="name" label={t('practice.name')} required span={3} autoComplete="organization" />
        <TextField form={form} path="therapistName" label={t('practice.therapistName')} required span={3} autoComplete="name" />
        <SelectField form={form} path="profession" label={t('practice.profession')} required span={3} options={professions} />
      </FormSection>

      <FormSection title={t('practice.section.address')}>
        <TextField form={form} path="address.street" label={t('address.street')} required span={4} autoComplete="address-line1" />
        <TextField form={form} path="address.houseNumber" label={t('address.houseNumber')} span={2} />
        <TextField form={form} path="address.postalCode" label={t('address.postalCode')} required span={2} autoComplete="postal-code" inputMode="numeric" />
        <TextField form={form} path="address.town" label={t('address.town')} required span={4} autoComplete="address-level2" />
        <SelectField form={form} path="address.country" label={t('address.country')} span={3} options={countryOptions(t)} />
      </FormSection>

      <FormSection title={t('practice.section.contact')}>
        <TextField form={form} path="phone" label={t('contact.phone')} type="tel" span={3} autoComplete="tel" />
        <TextField form={form} path="email" label={t('contact.email')} type="email" span={3} autoComplete="email" />
        <TextField form={form} path="website" label={t('practice.website')} span={3} autoComplete="url" />
      </FormSection>

      <FormSection title={t('practice.section.payment')} description={t('practice.section.paymentHint')}>
        <TextField
          form={form}
          path="iban"
          label={t('practice.iban')}
          span={4}
          autoComplete="off"
          hint={qr ? <span className="hint-ok">{t('practice.qrIbanDetected')}</span> : t('practice.ibanHint')}
        />
        <TextField
          form={form}
          path="qrReferencePrefix"
          label={t('practice.qrReferencePrefix')}
          span={2}
          inputMode="numeric"
          hint={t('practice.qrReferencePrefixHint')}
        />
        <SelectField form={form} path="currency" label={t('practice.currency')} span={2} options={currencyOptions()} />
        <TextField form={form} path="paymentTermDays" label={t('practice.paymentTermDays')} span={2} inputMode="numeric" />
        <SelectField form={form} path="defaultLanguage" label={t('practice.defaultLanguage')} span={2} options={languageOptions(t)} />
      </FormSection>

      <FormSection title={t('practice.section.numbers')}>
        <TextField form={form} path="zsrNumber" label={t('practice.zsrNumber')} span={2} hint={t('practice.zsrHint')} />
        <TextField form={form} path="glnNumber" label={t('practice.glnNumber')} span={2} inputMode="numeric" />
        <TextField form={form} path="vatNumber" label={t('practice.vatNumber')} span={2} />
      </FormSection>

      <FormSection title={t('practice.section.invoiceNumbers')} description={t('practice.section.invoiceNumbersHint')}>
        <TextField
          form={form}
          path="invoiceNumberFormat"
          label={t('practice.invoiceNumberFormat')}
          span={3}
          autoComplete="off"
          spellCheck={false}
          hint={t('practice.invoiceNumberFormatHint')}
        />
        <div className="field span-3 number-example">
          {/* An <output> is labelable, and says its new value politely while the format is typed. */}
          <label className="label-row" htmlFor="practice-number-example">{t('practice.invoiceNumberExample')}</label>
          <output className="example-value" id="practice-number-example">
            {numberExample(form.values.invoiceNumberFormat) ?? <span className="muted">{t('practice.invoiceNumberExampleInvalid')}</span>}
          </output>
        </div>
      </FormSection>

      <div className="form-actions sticky">
        {form.dirty && <span className="muted dirty-note">{t('form.unsaved')}</span>}
        {onCancel && (
          <button type="button" className="button" onClick={onCancel}>
            {cancelLabel ?? t('action.cancel')}
          </button>
        )}
        <button type="submit" className="button primary" disabled={busy}>
          {submitLabel}
        </button>
      </div>
    </form>
  );
}

/** "2026-00042" for the pattern as typed, or null while it is not a valid pattern. */
function numberExample(pattern: string): string | null {
  const valid = /^([A-Za-z0-9\-/._]|\{YYYY\}|\{YY\}|\{N+\})+$/.test(pattern) && (pattern.match(/\{N+\}/g) ?? []).length === 1;
  return valid ? formatNumberExample(pattern, 42, todayIso()) : null;
}
