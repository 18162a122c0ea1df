/**
 * One patient: load, edit and save through main (field errors from the envelope land next to
 * their inputs and focus moves to the first), archive or restore, delete with confirmation.
 * A saved patient has three tabs: Stammdaten (the form), Konsultationen and Rechnungen. The form
 * state lives here, so switching tabs keeps unsaved edits (leaving the patient still asks).
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { Patient } from '../../../shared/contract/index.js';
import type { ErrorBody } from '../../../shared/errors.js';
import { api } from '../../api.js';
import { Alert } from '../../ui/Alert.js';
import { ConfirmDialog } from '../../ui/Dialog.js';
import { Icon } from '../../ui/Icon.js';
import { SubNav } from '../../ui/SubNav.js';
import { useToast } from '../../ui/Toast.js';
import { errorText } from '../../ui/errors.js';
import { fieldErrorsFrom, useFocusOnErrors, useForm } from '../../ui/form.js';
import { formatDate, todayIso } from '../../ui/format.js';
import { useT } from '../../app/i18n.js';
import { clientDateErrors, emptyPatient, fromPatient, toPatientFields, type PatientFormValues } from './patientModel.js';
import { useRouter, useUnsavedGuard } from '../../app/router.js';
import { paths, patientTabs, type PatientTab } from '../../app/routes.js';
import { PatientFormSections } from './PatientForm.js';
import { PatientConsultations } from '../consultations/Consultations.js';
import { PatientInvoices } from '../invoices/PatientInvoices.js';

export function PatientDetail({ id, tab = 'details' }: { id: string | null; tab?: PatientTab }) {
  const t = useT();
  const toast = useToast();
  const { navigate } = useRouter();
  const form = useForm<PatientFormValues>('patient', emptyPatient(t.lang));
  const [patient, setPatient] = useState<Patient | null>(null);
  const [loadError, setLoadError] = useState<ErrorBody | null>(null);
  const [busy, setBusy] = useState(false);
  const [banner, setBanner] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const ref = useRef<HTMLFormElement>(null);
  useUnsavedGuard(form.dirty);
  useFocusOnErrors(ref, form);

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

  useEffect(() => {
    if (id === null || patient?.id === id) return;
    let live = true;
    setLoadError(null);
    void api.call('patients.get', { id }).then((result) => {
      if (!live) return;
      if (result.ok) {
        setPatient(result.data);
        reset(fromPatient(result.data));
      } else setLoadError(result.error);
    });
    return () => {
      live = false;
    };
  }, [id, patient?.id, reset]);

  const title = patient ? `${patient.firstName} ${patient.lastName}`.trim() : t('patient.newTitle');
  const shownTab: PatientTab = patient ? tab : 'details';
  useEffect(() => {
    document.title = `${title} – Arnika`;
  }, [title]);

  async function save(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setBanner(null);
    const fields = toPatientFields(form.values);
    const result = patient
      ? await api.call('patients.update', { id: patient.id, patient: fields })
      : await api.call('patients.create', { patient: fields });
    setBusy(false);
    if (result.ok) {
      setPatient(result.data);
      form.reset(fromPatient(result.data));
      toast.show(t('patient.saved'));
      if (!patient) navigate(paths.patient(result.data.id), { replace: true });
      return;
    }
    setBanner(errorText(t, result.error));
    if (result.error.code === 'validation') {
      form.setErrors({ ...clientDateErrors(form.values, todayIso()), ...fieldErrorsFrom(result.error, 'patient') });
    }
  }

  async function setArchived(archived: boolean) {
    if (!patient) return;
    const result = await api.call(archived ? 'patients.archive' : 'patients.unarchive', { id: patient.id });
    if (!result.ok) return setBanner(errorText(t, result.error));
    setPatient({ ...patient, archivedAt: result.data.archivedAt, updatedAt: result.data.updatedAt });
    toast.show(t(archived ? 'patient.archived' : 'patient.restored'));
  }

  async function remove() {
    if (!patient) return;
    setBusy(true);
    const result = await api.call('patients.delete', { id: patient.id });
    setBusy(false);
    if (!result.ok) return setDeleteError(errorText(t, result.error));
    setConfirmDelete(false);
    toast.show(t('patient.deleted'));
    navigate(paths.patients, { force: true });
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
      <header className="page-header">
        <div>
          <h1>
            {title}
            {patient?.archivedAt && <span className="badge badge-muted">{t('patients.archivedBadge')}</span>}
          </h1>
          {patient?.birthDate && <p className="muted page-subtitle">{t('patient.bornOn', { date: formatDate(patient.birthDate) })}</p>}
        </div>
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
            <button type="button" className="button danger-outline" onClick={() => { setDeleteError(null); setConfirmDelete(true); }}>
              <Icon name="trash" />
              {t('patient.delete')}
            </button>
          </div>
        )}
      </header>

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
        <form ref={ref} className="form" onSubmit={save} noValidate aria-busy={busy}>
          {banner && <Alert>{banner}</Alert>}
          <PatientFormSections form={form} isNew={!patient} />
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
      {shownTab === 'invoices' && patient && <PatientInvoices patient={patient} />}

      <ConfirmDialog
        open={confirmDelete}
        title={t('patient.deleteTitle')}
        confirmLabel={t('patient.deleteConfirm')}
        cancelLabel={deleteError ? t('action.close') : undefined}
        danger
        busy={busy}
        error={deleteError}
        onCancel={() => setConfirmDelete(false)}
        onConfirm={() => void remove()}
      >
        {t('patient.deleteBody', { name: title })}
      </ConfirmDialog>
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
