/**
 * One treatment case, new or edited: what it is (title, reason, law), when (start, end), the
 * accident (date and claim number, shown for accidents and UVG/IVG/MVG), who pays (insurer and
 * insured number, from the patient for a new case), the referring doctor (name, address, GLN, ZSR),
 * diagnosis and remark. This is what the invoice and the Tarif 590 form print.
 */
import { caseLaws, caseReasons, type Patient, type TreatmentCase } from '../../../shared/contract/index.js';
import { useT } from '../../app/i18n.js';
import { useApiMutation } from '../../data/query.js';
import { useForm } from '../../ui/form.js';
import { FormDialog } from '../../ui/FormDialog.js';
import { FormSection } from '../../ui/FormSection.js';
import { DateField, SelectField, TextAreaField, TextField } from '../../ui/Inputs.js';
import { countryOptions } from '../../ui/options.js';
import { todayIso } from '../../ui/format.js';
import { useFormSave } from '../../ui/useFormSave.js';
import { fromCase, newCase, showsAccident, toCaseFields, type CaseFormValues } from './caseModel.js';

/** A case shows on consultations, drafts and its patient's lists. */
export const caseChanges = ['cases.', 'consultations.', 'invoices.'];

export function CaseDialog({ patient, treatmentCase, onCancel, onSaved }: {
  patient: Patient; treatmentCase: TreatmentCase | null; onCancel(): void; onSaved(c: TreatmentCase, created: boolean): void;
}) {
  const t = useT();
  const form = useForm<CaseFormValues>('case', treatmentCase ? fromCase(treatmentCase) : newCase(patient, todayIso()));
  const create = useApiMutation('cases.create', { invalidates: caseChanges });
  const update = useApiMutation('cases.update', { invalidates: caseChanges });
  const save = useFormSave(form, {
    save: (v) => (treatmentCase ? update.run({ id: treatmentCase.id, treatmentCase: toCaseFields(v) }) : create.run({ patientId: patient.id, treatmentCase: toCaseFields(v) })),
    onSaved: (saved) => onSaved(saved, treatmentCase === null),
    wrapper: 'treatmentCase',
  });
  const v = form.values;
  const notStated = { value: '', label: t('cases.notStated') };
  const referrer = t('cases.referrer');

  return (
    <FormDialog title={treatmentCase ? t('cases.editTitle') : t('cases.newTitle')} formId="case-form" submitLabel={t('action.save')} save={save} onCancel={onCancel} size="wide">
      <FormSection title={t('cases.section.case')} heading="h3">
        <TextField form={form} path="title" label={t('cases.field.title')} span={6} autoComplete="off" autoFocus placeholder={t('cases.field.titlePlaceholder')} />
        <SelectField form={form} path="law" label={t('cases.field.law')} span={3} options={[notStated, ...caseLaws.map((l) => ({ value: l, label: t(`cases.lawLong.${l}`) }))]} />
        <SelectField form={form} path="reason" label={t('cases.field.reason')} span={3} options={[notStated, ...caseReasons.map((r) => ({ value: r, label: t(`cases.reason.${r}`) }))]} />
        <DateField form={form} path="startDate" label={t('cases.field.startDate')} span={3} />
        <DateField form={form} path="endDate" label={t('cases.field.endDate')} span={3} hint={t('cases.field.endDateHint')} />
        {showsAccident(v) && (
          <>
            <DateField form={form} path="accidentDate" label={t('cases.field.accidentDate')} span={3} />
            <TextField form={form} path="claimNumber" label={t('cases.field.claimNumber')} span={3} autoComplete="off" />
          </>
        )}
      </FormSection>
      <FormSection title={t('cases.section.insurance')} heading="h3" description={t('cases.section.insuranceHint')}>
        <TextField form={form} path="insuranceName" label={t('patient.insuranceName')} span={3} autoComplete="off" />
        <TextField form={form} path="insuredNumber" label={t('patient.insuredNumber')} span={3} autoComplete="off" />
        <TextField form={form} path="cardNumber" label={t('t590ui.case.cardNumber')} span={3} inputMode="numeric" autoComplete="off" />
        <SelectField form={form} path="invoiceForm" label={t('t590ui.case.invoiceForm')} span={3} options={[
          { value: '', label: t('t590ui.case.invoiceForm.default') },
          { value: 'standard', label: t('t590ui.case.invoiceForm.standard') },
          { value: 'tarif590', label: t('t590ui.case.invoiceForm.tarif590') },
        ]} />
      </FormSection>
      <FormSection title={referrer} heading="h3" description={t('cases.section.referrerHint')}>
        <TextField form={form} path="referrer.name" label={t('cases.field.referrerName')} span={6} autoComplete="off" placeholder={t('cases.field.referrerPlaceholder')} />
        <TextField form={form} path="referrer.address.street" label={t('address.street')} span={4} autoComplete="off" context={referrer} />
        <TextField form={form} path="referrer.address.houseNumber" label={t('address.houseNumber')} span={2} autoComplete="off" context={referrer} />
        <TextField form={form} path="referrer.address.postalCode" label={t('address.postalCode')} span={2} inputMode="numeric" autoComplete="off" context={referrer} />
        <TextField form={form} path="referrer.address.town" label={t('address.town')} span={2} autoComplete="off" context={referrer} />
        <SelectField form={form} path="referrer.address.country" label={t('address.country')} span={2} options={countryOptions(t)} context={referrer} />
        <TextField form={form} path="referrer.gln" label={t('cases.field.gln')} span={3} inputMode="numeric" autoComplete="off" context={referrer} />
        <TextField form={form} path="referrer.zsr" label={t('cases.field.zsr')} span={3} autoComplete="off" context={referrer} />
      </FormSection>
      <FormSection title={t('cases.section.medical')} heading="h3">
        <TextAreaField form={form} path="diagnosis" label={t('cases.field.diagnosis')} rows={2} />
        <TextAreaField form={form} path="remark" label={t('cases.field.remark')} rows={2} hint={t('cases.field.remarkHint')} />
      </FormSection>
    </FormDialog>
  );
}
