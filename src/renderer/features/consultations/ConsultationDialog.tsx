/**
 * A consultation, new or edited: date, start, duration, practice, treatment case, services (a
 * template fills services, their minutes and the duration in one click; a per-5-minutes service
 * has its own minutes, the first one following the duration) and treatment notes. One on an issued
 * invoice is shown read-only with the way to change it (cancel the invoice first).
 */
import { useEffect, useRef } from 'react';
import type { Consultation, ConsultationTemplate, Patient, Practice, TreatmentCase } from '../../../shared/contract/index.js';
import { prefillMinutes } from '../../../shared/billing/rules.js';
import { useApiMutation, useApiQuery } from '../../data/query.js';
import { useFormSave } from '../../ui/useFormSave.js';
import { Alert } from '../../ui/Alert.js';
import { CancelButton, Dialog } from '../../ui/Dialog.js';
import { DateField, SelectField, TextAreaField, TextField } from '../../ui/Inputs.js';
import { ItemRows, emptyRow, itemErrors, minutesRows, toItems, type ItemRow } from './ItemRows.js';
import { caseLabel } from '../cases/caseModel.js';
import { errorText } from '../../ui/errors.js';
import { useForm } from '../../ui/form.js';
import { todayIso } from '../../ui/format.js';
import { useT } from '../../app/i18n.js';
import { formatHundredths, parseMinutes } from '../invoices/invoiceModel.js';
import { paths } from '../../app/routes.js';

/** A consultation shows in the patient's list, on drafts, in the invoice list's amounts and in its case (a first one opens a case). */
export const consultationChanges = ['consultations.', 'invoices.', 'cases.'];

interface ConsultationFormValues {
  date: string;
  startTime: string;
  duration: string;
  practiceId: string;
  /** '' : the patient's latest open case, or a new one when there is none. */
  caseId: string;
  /** '' : the practice's first therapist. */
  therapistId: string;
  items: ItemRow[];
  notes: string;
}

/** Now, rounded down to five minutes, as HH:MM. */
function nowTime(now = new Date()): string {
  const minutes = Math.floor(now.getMinutes() / 5) * 5;
  return `${String(now.getHours()).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}

function fromConsultation(c: Consultation): ConsultationFormValues {
  return {
    date: c.date, startTime: c.startTime, duration: String(c.durationMinutes), practiceId: c.practiceId, caseId: c.caseId, therapistId: c.therapistId ?? '', notes: c.notes,
    items: c.items.map((i) => ({ serviceId: i.serviceId, quantity: formatHundredths(i.quantityHundredths), minutes: i.minutes === null ? '' : String(i.minutes) })),
  };
}

interface Props {
  patient: Patient;
  /** The patient's cases (open ones first). */
  cases: TreatmentCase[];
  consultation: Consultation | null;
  practices: Practice[];
  defaultPracticeId: string;
  onCancel(): void;
  onSaved(c: Consultation, created: boolean): void;
}

export function ConsultationDialog({ patient, cases, consultation, practices, defaultPracticeId, onCancel, onSaved }: Props) {
  const t = useT();
  const readOnly = consultation?.status === 'invoiced';
  const openCases = cases.filter((c) => c.open || c.id === consultation?.caseId);
  const form = useForm<ConsultationFormValues>('consultation', consultation
    ? fromConsultation(consultation)
    : { date: todayIso(), startTime: nowTime(), duration: '30', practiceId: defaultPracticeId, caseId: openCases[0]?.id ?? '', therapistId: '', items: [emptyRow()], notes: '' });
  const practiceId = form.values.practiceId;
  // Services belong to a practice: another practice starts the rows afresh.
  const shownPractice = useRef(practiceId);
  const { set } = form;
  useEffect(() => {
    if (shownPractice.current === practiceId) return;
    shownPractice.current = practiceId;
    set('items', [emptyRow()]);
    set('therapistId', '');
  }, [practiceId, set]);
  const therapists = useApiQuery('therapists.list', { practiceId }).data ?? [];
  const catalog = useApiQuery('services.list', { practiceId, includeInactive: true });
  const templates = useApiQuery('consultationTemplates.list', { practiceId }).data ?? [];
  const services = catalog.data ?? null;
  const create = useApiMutation('consultations.create', { invalidates: consultationChanges });
  const update = useApiMutation('consultations.update', { invalidates: consultationChanges });

  const byId = new Map((services ?? []).map((s) => [s.id, s]));
  const noServices = services !== null && !services.some((s) => s.active);
  const duration = parseMinutes(form.values.duration);

  // The first per-5-minutes position follows the duration while it still shows the one before.
  const shownDuration = useRef(duration);
  const { items } = form.values;
  useEffect(() => {
    const before = shownDuration.current;
    shownDuration.current = duration;
    if (before === duration || Number.isNaN(duration)) return;
    const first = minutesRows(items, byId).findIndex((r) => r.timeBased);
    if (first >= 0 && parseMinutes(items[first]!.minutes) === before) {
      set('items', items.map((r, i) => (i === first ? { ...r, minutes: String(duration) } : r)));
    }
  }, [duration, items, byId, set]);
  const currency = practices.find((p) => p.id === practiceId)?.currency ?? 'CHF';
  const recorded = new Map(consultation?.items.map((i) => [i.serviceId, i.unitPriceMinor]) ?? []);

  function applyTemplate(tpl: ConsultationTemplate) {
    shownDuration.current = tpl.durationMinutes;
    form.set('duration', String(tpl.durationMinutes));
    const rows = tpl.items.map((i) => ({ serviceId: i.serviceId, quantity: formatHundredths(i.quantityHundredths), minutes: i.minutes === null ? '' : String(i.minutes) }));
    // A template without default minutes: the first per-5-minutes position takes its duration.
    const timed = minutesRows(rows, byId);
    form.set('items', rows.map((r, i) => {
      const start = r.minutes === '' ? prefillMinutes(tpl.durationMinutes, timed, i) : null;
      return start === null ? r : { ...r, minutes: String(start) };
    }));
  }

  const save = useFormSave(form, {
    save: (v) => {
      const fields = {
        patientId: patient.id, practiceId: v.practiceId, date: v.date, startTime: v.startTime, durationMinutes: duration,
        ...(v.caseId ? { caseId: v.caseId } : {}), ...(v.therapistId ? { therapistId: v.therapistId } : {}), items: toItems(v.items, byId), notes: v.notes,
      };
      return consultation ? update.run({ id: consultation.id, consultation: fields }) : create.run({ consultation: fields });
    },
    onSaved: (saved) => onSaved(saved, consultation === null),
    wrapper: 'consultation',
    rename: { durationMinutes: 'duration' },
    clientErrors: (v) => itemErrors(v.items, byId),
  });
  const busy = save.busy;
  const banner = save.banner ?? (catalog.error ? errorText(t, catalog.error) : null);

  const title = readOnly ? t('consultation.viewTitle') : consultation ? t('consultation.editTitle') : t('consultation.newTitle');
  return (
    <Dialog
      open
      size="wide"
      title={title}
      onCancel={onCancel}
      unsaved={!readOnly && form.dirty && !busy}
      footer={
        readOnly ? (
          <button type="button" className="button" onClick={onCancel} autoFocus>
            {t('action.close')}
          </button>
        ) : (
          <>
            <CancelButton />
            <button type="submit" form="consultation-form" className="button primary" disabled={busy}>
              {t('action.save')}
            </button>
          </>
        )
      }
    >
      <form id="consultation-form" ref={save.formRef} className="form dialog-form" onSubmit={(e) => (readOnly ? e.preventDefault() : save.submit(e))} noValidate aria-busy={busy}>
        {readOnly && <Alert kind="info">{t('consultation.invoicedHint', { number: consultation?.invoiceNumber ?? '' })}</Alert>}
        {consultation?.status === 'draft' && <Alert kind="info">{t('consultation.draftHint')}</Alert>}
        {banner && <Alert>{banner}</Alert>}
        {!readOnly && noServices && (
          <Alert kind="info">
            {t('consultation.noServices')} <a href={`#${paths.settingsTab('services')}`}>{t('templates.toServices')}</a>
          </Alert>
        )}
        {!readOnly && templates.length > 0 && (
          <div className="template-picker" role="group" aria-labelledby="consultation-templates-label">
            <span id="consultation-templates-label" className="muted">
              {t('consultation.applyTemplate')}
            </span>
            {templates.map((tpl) => (
              <button key={tpl.id} type="button" className="chip-button" onClick={() => applyTemplate(tpl)}>
                {tpl.name}
                <span className="muted"> · {t('common.minutes', { count: tpl.durationMinutes })}</span>
              </button>
            ))}
          </div>
        )}
        <fieldset className="plain-fieldset" disabled={readOnly}>
          <div className="grid">
            <DateField form={form} path="date" label={t('consultation.date')} span={2} />
            <TextField form={form} path="startTime" label={t('consultation.startTime')} type="time" span={2} />
            <TextField form={form} path="duration" label={t('consultation.duration')} span={2} inputMode="numeric" autoComplete="off" />
            {practices.length > 1 && (
              <SelectField form={form} path="practiceId" label={t('consultation.practice')} span={6} options={practices.map((p) => ({ value: p.id, label: p.name }))} />
            )}
            {therapists.length > 1 && (
              <SelectField form={form} path="therapistId" label={t('t590ui.consultation.therapist')} span={6} options={[
                ...(form.values.therapistId === '' ? [{ value: '', label: therapists[0]!.name }] : []),
                ...therapists.filter((x, i) => form.values.therapistId !== '' || i > 0).map((x) => ({ value: x.id, label: x.name })),
              ]} />
            )}
            {openCases.length > 0 ? (
              <SelectField
                form={form}
                path="caseId"
                label={t('consultation.case')}
                span={6}
                options={openCases.map((c) => ({ value: c.id, label: caseLabel(t, c) }))}
                hint={consultation?.status === 'draft' ? t('consultation.caseOnDraft') : undefined}
              />
            ) : (
              <p className="field span-6 muted small">{t('consultation.caseNew')}</p>
            )}
            <ItemRows
              scope="consultation"
              label={t('items.label')}
              rows={form.values.items}
              onChange={(rows) => form.set('items', rows)}
              services={services ?? []}
              durationMinutes={duration}
              errors={form.errors}
              currency={currency}
              recordedPrices={recorded}
              readOnly={readOnly}
              amounts
            />
            <TextAreaField form={form} path="notes" label={t('consultation.notes')} rows={4} />
          </div>
        </fieldset>
      </form>
    </Dialog>
  );
}
