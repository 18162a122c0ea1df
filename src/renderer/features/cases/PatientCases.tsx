/**
 * A patient's treatment cases (Behandlungsfälle): open ones first, each with its law, reason,
 * period and how many consultations it holds; new, edit, and delete for a case without
 * consultations (one with consultations is ended with an end date instead).
 */
import type { Patient, TreatmentCase } from '../../../shared/contract/index.js';
import { useT } from '../../app/i18n.js';
import { useApiMutation, useApiQuery } from '../../data/query.js';
import { Alert } from '../../ui/Alert.js';
import { errorText } from '../../ui/errors.js';
import { formatDate } from '../../ui/format.js';
import { ConfirmActionDialog, useListEditor } from '../../ui/listEditor.js';
import { DataTable, EmptyState, NewButton, SectionHead, type Column } from '../../ui/ListScreen.js';
import { useToast } from '../../ui/Toast.js';
import { CaseDialog, caseChanges } from './CaseDialog.js';
import { caseLabel } from './caseModel.js';

export function PatientCases({ patient }: { patient: Patient }) {
  const t = useT();
  const toast = useToast();
  const list = useApiQuery('cases.list', { patientId: patient.id });
  const remove = useApiMutation('cases.delete', { invalidates: caseChanges });
  const editor = useListEditor({
    remove: (c: TreatmentCase) => remove.run({ id: c.id }),
    removed: () => t('cases.deleted'),
  });
  const cases = list.data ?? null;
  const columns: Column<TreatmentCase>[] = [
    {
      header: t('cases.col.case'),
      cell: (c) => (
        <>
          <span className="cell-strong">{caseLabel(t, c)}</span>
          {!c.open && <span className="badge badge-muted">{t('cases.ended')}</span>}
          {c.diagnosis && <div className="muted small">{c.diagnosis}</div>}
        </>
      ),
    },
    { header: t('cases.col.reason'), cell: (c) => (c.reason ? t(`cases.reason.${c.reason}`) : <span className="muted">–</span>) },
    { header: t('cases.col.period'), cellClass: 'nowrap tabular', cell: (c) => (c.endDate ? `${formatDate(c.startDate)} – ${formatDate(c.endDate)}` : t('cases.since', { date: formatDate(c.startDate) })) },
    { header: t('cases.col.insurance'), cell: (c) => [c.insuranceName, c.insuredNumber].filter(Boolean).join(' · ') || <span className="muted">–</span> },
    { header: t('cases.col.consultations'), num: true, cellClass: 'tabular', cell: (c) => c.consultationCount },
  ];

  return (
    <section className="tab-panel" aria-labelledby="cases-title">
      <SectionHead id="cases-title" title={t('patient.tab.cases')} intro={t('cases.intro')}>
        <NewButton label={t('cases.new')} onClick={() => editor.edit('new')} />
      </SectionHead>
      {list.error && <Alert>{errorText(t, list.error)}</Alert>}
      {cases && cases.length === 0 && <EmptyState icon="file" title={t('cases.empty')} hint={t('cases.emptyHint')} />}
      {cases && cases.length > 0 && <DataTable rows={cases} columns={columns} onEdit={(c) => editor.edit(c)} onDelete={editor.remove.ask} />}
      {editor.editing !== null && (
        <CaseDialog
          patient={patient}
          treatmentCase={editor.editing === 'new' ? null : editor.editing}
          onCancel={editor.closeEditor}
          onSaved={(_c, created) => {
            editor.closeEditor();
            toast.show(t(created ? 'cases.created' : 'cases.saved'));
          }}
        />
      )}
      <ConfirmActionDialog action={editor.remove} title={t('cases.deleteTitle')} confirmLabel={t('cases.deleteConfirm')} body={(c) => t('cases.deleteBody', { name: caseLabel(t, c) })} />
    </section>
  );
}
