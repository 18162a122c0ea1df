/**
 * One patient: load, edit and save through main (field errors from the envelope land next to
 * their inputs and focus moves to the first), archive or restore, delete with confirmation.
 * A saved patient has three tabs: Stammdaten (the form), Konsultationen and Rechnungen. The form
 * state lives here, so switching tabs keeps unsaved edits (leaving the patient still asks).
 */
import { useEffect, useRef, useState } from 'react';
import type { Patient } from '../../../shared/contract/index.js';
import { useApiMutation, useApiQuery } from '../../data/query.js';
import { Alert } from '../../ui/Alert.js';
import { ConfirmActionDialog, useConfirmedAction } from '../../ui/listEditor.js';
import { Dialog } from '../../ui/Dialog.js';
import { Icon } from '../../ui/Icon.js';
import { SubNav } from '../../ui/SubNav.js';
import { useToast } from '../../ui/Toast.js';
import { errorText } from '../../ui/errors.js';
import { useForm } from '../../ui/form.js';
import { useFormSave } from '../../ui/useFormSave.js';
import { formatDate, todayIso } from '../../ui/format.js';
import { useT } from '../../app/i18n.js';
import { clientDateErrors, emptyPatient, fromPatient, toPatientFields, type PatientFormValues } from './patientModel.js';
import { useRouter, useUnsavedGuard } from '../../app/router.js';
import { paths, patientTabs, type PatientTab } from '../../app/routes.js';
import { PatientFormSections } from './PatientForm.js';
import { PatientConsultations } from '../consultations/Consultations.js';
import { PatientInvoices } from '../invoices/PatientInvoices.js';
import { PatientCases } from '../cases/PatientCases.js';
import { PageHeader } from '../../ui/PageHeader.js';

/** A patient's name and address show in lists, consultations, invoices and the send screens. */
const patientChanges = ['patients.', 'consultations.', 'invoices.', 'mail.'];

export function PatientDetail({ id, tab = 'details', section, back }: { id: string | null; tab?: PatientTab; section?: string | undefined; back?: string | undefined }) {
  const t = useT();
  const toast = useToast();
  const { navigate } = useRouter();
  const form = useForm<PatientFormValues>('patient', emptyPatient(t.lang));
  const [patient, setPatient] = useState<Patient | null>(null);
  const create = useApiMutation('patients.create', { invalidates: patientChanges });
  const update = useApiMutation('patients.update', { invalidates: patientChanges });
  const archive = useApiMutation('patients.archive', { invalidates: patientChanges });
  const unarchive = useApiMutation('patients.unarchive', { invalidates: patientChanges });
  const removeCall = useApiMutation('patients.delete', { invalidates: patientChanges });
  const saving = useFormSave(form, {
    save: (v) => (patient ? update.run({ id: patient.id, patient: toPatientFields(v) }) : create.run({ patient: toPatientFields(v) })),
    onSaved: (saved) => {
      setPatient(saved);
      form.reset(fromPatient(saved));
      toast.show(t('patient.saved'));
      // Opened to fix a problem of a draft: back to that draft, which now shows the fix.
      if (back) navigate(back, { force: true });
      else if (!patient) navigate(paths.patient(saved.id), { replace: true });
    },
    wrapper: 'patient',
    clientErrors: (v) => clientDateErrors(v, todayIso()),
    serverWins: true,
  });
  const remove = useConfirmedAction(
    (p: Patient) => removeCall.run({ id: p.id }),
    () => {
      navigate(paths.patients, { force: true });
      return t('patient.deleted');
    },
  );
  // Asked before the destructive confirmation: a patient with invoices is archived, not deleted.
  const deletable = useApiQuery('patients.deletable', { id: patient?.id ?? '' }, { enabled: patient !== null });
  const [cannotDelete, setCannotDelete] = useState(false);
  const busy = saving.busy || remove.busy;
  const archiveError = archive.error ?? unarchive.error;
  useUnsavedGuard(form.dirty);

  const { reset } = form;
  const previousId = useRef(id);
  useEffect(() => {
    // From a saved patient straight to "new" (only by editing the URL): start from an empty form.
    if (id === null && previousId.current !== null) {
      setPatient(null);
      reset(emptyPatient(t.lang));
    }
    previousId.current = id;
  }, [id, reset, t.lang]);

  // The form's baseline is what main has now: never an answer kept from an earlier visit.
  const loaded = useApiQuery('patients.get', { id: id ?? '' }, { enabled: id !== null && patient?.id !== id, gcTime: 0 });
  const loadError = loaded.error;
  useEffect(() => {
    if (!loaded.data || loaded.data.id !== id) return;
    setPatient(loaded.data);
    reset(fromPatient(loaded.data));
  }, [loaded.data, id, reset]);

  const title = patient ? `${patient.firstName} ${patient.lastName}`.trim() : t('patient.newTitle');
  const shownTab: PatientTab = patient ? tab : 'details';
  useEffect(() => {
    document.title = `${title} – Arnika`;
  }, [title]);

  async function setArchived(archived: boolean) {
    if (!patient) return;
    const result = await (archived ? archive : unarchive).run({ id: patient.id });
    if (!result.ok) return;
    setPatient({ ...patient, archivedAt: result.data.archivedAt, updatedAt: result.data.updatedAt });
    toast.show(t(archived ? 'patient.archived' : 'patient.restored'));
  }

  if (id !== null && !patient) {
    return (
      <div className="page">
        <BackLink />
        {loadError ? <Alert>{errorText(t, loadError)}</Alert> : <p className="muted">{t('common.loading')}</p>}
      </div>
    );
  }

  return (
    <div className={shownTab === 'details' ? 'page page-form' : 'page'}>
      <BackLink />
      <PageHeader
        title={
          <>
            {title}
            {patient?.archivedAt && <span className="badge badge-muted">{t('patients.archivedBadge')}</span>}
          </>
        }
        subtitle={patient?.birthDate && t('patient.bornOn', { date: formatDate(patient.birthDate) })}
      >
        {patient && (
          <div className="header-actions">
            {patient.archivedAt ? (
              <button type="button" className="button" onClick={() => void setArchived(false)}>
                <Icon name="restore" />
                {t('patient.unarchive')}
              </button>
            ) : (
              <button type="button" className="button" onClick={() => void setArchived(true)}>
                <Icon name="archive" />
                {t('patient.archive')}
              </button>
            )}
            <button
              type="button"
              className="button danger-outline"
              onClick={() => {
                // Asked afresh: an invoice may have been made since the page opened.
                void deletable.refetch().then((r) => {
                  if (r.data?.deletable === false) setCannotDelete(true);
                  else if (patient) remove.ask(patient);
                });
              }}
            >
              <Icon name="trash" />
              {t('patient.delete')}
            </button>
          </div>
        )}
      </PageHeader>

      {patient?.archivedAt && <Alert kind="info">{t('patient.archivedNotice', { date: formatDate(patient.archivedAt) })}</Alert>}

      {patient && (
        <SubNav
          label={t('patient.tabs')}
          items={patientTabs.map((key) => ({
            key,
            path: paths.patient(patient.id, key),
            label: t(`patient.tab.${key}`),
            active: key === shownTab,
            marker: key === 'details' && form.dirty ? t('form.unsaved') : undefined,
          }))}
          // The form stays in memory while another tab is shown: no need to ask before switching.
          onNavigate={(path) => navigate(path, { force: true, keepDirty: true })}
        />
      )}

      {shownTab === 'details' && (
        <form ref={saving.formRef} className="form" onSubmit={saving.submit} noValidate aria-busy={busy}>
          {saving.banner && <Alert>{saving.banner}</Alert>}
          {archiveError && <Alert>{errorText(t, archiveError)}</Alert>}
          {back && <Alert kind="info">{t('patient.fixForDraft')}</Alert>}
          <PatientFormSections form={form} isNew={!patient} focusSection={section} />
          <div className="form-actions sticky">
            {form.dirty && <span className="muted dirty-note">{t('form.unsaved')}</span>}
            {!patient && (
              <button type="button" className="button" onClick={() => navigate(paths.patients)}>
                {t('action.cancel')}
              </button>
            )}
            <button type="submit" className="button primary" disabled={busy}>
              {t('action.save')}
            </button>
          </div>
        </form>
      )}
      {shownTab === 'consultations' && patient && <PatientConsultations patient={patient} />}
      {shownTab === 'cases' && patient && <PatientCases patient={patient} />}
      {shownTab === 'invoices' && patient && <PatientInvoices patient={patient} />}

      <ConfirmActionDialog action={remove} title={t('patient.deleteTitle')} confirmLabel={t('patient.deleteConfirm')} body={() => t('patient.deleteBody', { name: title })} />
      {patient && (
        <Dialog
          open={cannotDelete}
          title={t('patient.cannotDeleteTitle')}
          onCancel={() => setCannotDelete(false)}
          footer={
            <>
              <button type="button" className="button" onClick={() => setCannotDelete(false)} autoFocus>
                {t('action.close')}
              </button>
              {!patient.archivedAt && (
                <button
                  type="button"
                  className="button primary"
                  onClick={() => {
                    setCannotDelete(false);
                    void setArchived(true);
                  }}
                >
                  <Icon name="archive" />
                  {t('patient.archive')}
                </button>
              )}
            </>
          }
        >
          <p>{t(patient.archivedAt ? 'patient.cannotDeleteArchived' : 'patient.cannotDeleteBody', { name: title })}</p>
        </Dialog>
      )}
    </div>
  );
}

function BackLink() {
  const t = useT();
  return (
    <a className="back-link" href={`#${paths.patients}`}>
      <Icon name="back" size={16} />
      {t('patient.back')}
    </a>
  );
}
