/**
 * The patient form's sections (Person, Adresse, Kontakt, Versicherung, Rechnungsempfänger, …). A
 * billing recipient needs a complete address (an invoice goes there); "Gleiche Adresse wie
 * Patient/in" copies it. Opened to fix a draft's problem, the form shows that section first.
 */
import '../invoices/billing.css';
import { useEffect, useRef } from 'react';
import type { Form } from '../../ui/form.js';
import { fieldId } from '../../ui/form.js';
import { CheckboxField, DateField, SelectField, TextAreaField, TextField } from '../../ui/Inputs.js';
import { FormSection } from '../../ui/FormSection.js';
import { Tags } from './Tags.js';
import { useT } from '../../app/i18n.js';
import { countryOptions, languageOptions, salutationOptions, sexOptions } from '../../ui/options.js';
import type { PatientFormValues } from './patientModel.js';

export function PatientFormSections({ form, isNew, focusSection }: { form: Form<PatientFormValues>; isNew: boolean; focusSection?: string | undefined }) {
  const t = useT();
  const v = form.values;
  const billingRef = useRef<HTMLDivElement>(null);
  const addressRef = useRef<HTMLDivElement>(null);
  // Opened from a draft's problem list: the section to fix comes into view, its first field focused.
  useEffect(() => {
    const target = focusSection === 'billing' ? billingRef.current : focusSection === 'address' ? addressRef.current : null;
    if (!target) return;
    target.scrollIntoView({ block: 'start' });
    target.querySelector<HTMLElement>('input, select')?.focus();
  }, [focusSection]);
  const recipient = t('patient.billingRecipient');
  const categoryError = Object.values(form.errors).find((e) => e.path === 'categories' || e.path.startsWith('categories.'));
  return (
    <>
      <FormSection title={t('patient.section.person')}>
        <SelectField form={form} path="salutation" label={t('person.salutation')} span={2} options={salutationOptions(t)} />
        <TextField form={form} path="title" label={t('person.title')} span={2} autoComplete="off" placeholder={t('person.titlePlaceholder')} />
        <TextField form={form} path="firstName" label={t('person.firstName')} required span={2} autoFocus={isNew} autoComplete="off" />
        <TextField form={form} path="lastName" label={t('person.lastName')} required span={2} autoComplete="off" />
        <DateField form={form} path="birthDate" label={t('patient.birthDate')} span={2} />
        <SelectField form={form} path="sex" label={t('patient.sex')} span={2} options={sexOptions(t)} />
        <TextField form={form} path="ahvNumber" label={t('patient.ahvNumber')} span={2} placeholder="756.XXXX.XXXX.XX" inputMode="numeric" autoComplete="off" />
      </FormSection>

      <div ref={addressRef} id="patient-address-section">
        <FormSection title={t('patient.section.address')}>
          <AddressFields form={form} prefix="address" />
        </FormSection>
      </div>

      <FormSection title={t('patient.section.contact')}>
        <TextField form={form} path="phone" label={t('contact.phone')} type="tel" span={2} autoComplete="off" />
        <TextField form={form} path="mobile" label={t('contact.mobile')} type="tel" span={2} autoComplete="off" />
        <TextField form={form} path="email" label={t('contact.email')} type="email" span={2} autoComplete="off" />
        <SelectField form={form} path="language" label={t('patient.language')} span={2} options={languageOptions(t)} />
      </FormSection>

      <FormSection title={t('patient.section.insurance')}>
        <TextField form={form} path="insuranceName" label={t('patient.insuranceName')} span={3} autoComplete="off" />
        <TextField form={form} path="insuredNumber" label={t('patient.insuredNumber')} span={3} autoComplete="off" />
      </FormSection>

      <div ref={billingRef} id="patient-billing-section">
      <FormSection title={t('patient.section.billing')}>
        <CheckboxField form={form} path="hasBillingRecipient" label={t('patient.hasBillingRecipient')} hint={t('patient.hasBillingRecipientHint')} />
        {v.hasBillingRecipient && (
          <>
            <SelectField form={form} path="billingRecipient.salutation" label={t('person.salutation')} span={2} options={salutationOptions(t)} context={recipient} />
            <TextField form={form} path="billingRecipient.title" label={t('person.title')} span={2} autoComplete="off" context={recipient} />
            <TextField form={form} path="billingRecipient.firstName" label={t('person.firstName')} span={2} autoComplete="off" context={recipient} />
            <TextField form={form} path="billingRecipient.lastName" label={t('person.lastNameOrCompany')} required span={6} autoComplete="off" context={recipient} />
            <div className="field span-6">
              <button type="button" className="button small same-address" onClick={() => form.set('billingRecipient.address', { ...v.address })}>
                {t('patient.sameAddress')}
              </button>
            </div>
            <AddressFields form={form} prefix="billingRecipient.address" context={recipient} required />
            <TextField form={form} path="billingRecipient.email" label={t('contact.email')} type="email" span={3} autoComplete="off" context={recipient} />
          </>
        )}
        <CheckboxField form={form} path="invoicesByPost" label={t('patient.invoicesByPost')} hint={t('patient.invoicesByPostHint')} />
      </FormSection>
      </div>

      <FormSection title={t('patient.section.consent')} description={t('patient.consentHint')}>
        <DateField form={form} path="consentDate" label={t('patient.consentDate')} span={3} withToday />
      </FormSection>

      <FormSection title={t('patient.section.notes')}>
        <TextAreaField form={form} path="anamnesis" label={t('patient.anamnesis')} rows={6} />
        <TextAreaField form={form} path="notes" label={t('patient.notes')} rows={4} />
        <Tags
          id={fieldId(form.scope, 'categories')}
          label={t('patient.categories')}
          hint={t('tags.hint')}
          value={v.categories}
          error={categoryError}
          onChange={(next) => form.set('categories', next)}
        />
      </FormSection>
    </>
  );
}

/** `required`: street, postal code and town must be there (a billing recipient's address). */
function AddressFields({ form, prefix, context, required }: { form: Form<PatientFormValues>; prefix: string; context?: string; required?: boolean }) {
  const t = useT();
  return (
    <>
      <TextField form={form} path={`${prefix}.street`} label={t('address.street')} span={4} autoComplete="off" context={context} required={required} />
      <TextField form={form} path={`${prefix}.houseNumber`} label={t('address.houseNumber')} span={2} autoComplete="off" context={context} />
      <TextField form={form} path={`${prefix}.postalCode`} label={t('address.postalCode')} span={2} inputMode="numeric" autoComplete="off" context={context} required={required} />
      <TextField form={form} path={`${prefix}.town`} label={t('address.town')} span={2} autoComplete="off" context={context} required={required} />
      <SelectField form={form} path={`${prefix}.country`} label={t('address.country')} span={2} options={countryOptions(t)} context={context} />
    </>
  );
}
