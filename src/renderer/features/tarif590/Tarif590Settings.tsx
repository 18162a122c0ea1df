/**
 * Einstellungen → Tarif 590: the practice's therapists (name, profession, personal ZSR, GLN,
 * recognised methods), the practice's Tarif 590 settings (form, biller, canton, reimbursement type,
 * patient copy), and the tariff list: the imported versions and the import of a new one, with a
 * preview of what it changes before anything is saved.
 */
import { useState, type FormEvent } from 'react';
import type { Tarif590Settings as Settings, TariffImportPreview, Therapist } from '../../../shared/contract/index.js';
import type { ErrorBody } from '../../../shared/errors.js';
import { cantons, practiceInvoiceForms } from '../../../shared/tarif590/rules.js';
import { useT } from '../../app/i18n.js';
import { uploadFile } from '../../app/host.js';
import { useApiMutation, useApiQuery } from '../../data/query.js';
import { Alert } from '../../ui/Alert.js';
import { errorText } from '../../ui/errors.js';
import { useForm } from '../../ui/form.js';
import { FormDialog } from '../../ui/FormDialog.js';
import { formatDate } from '../../ui/format.js';
import { CheckboxField, SelectField, TextAreaField, TextField } from '../../ui/Inputs.js';
import { NewButton, SectionHead, type Column } from '../../ui/ListScreen.js';
import { useToast } from '../../ui/Toast.js';
import { useFormSave } from '../../ui/useFormSave.js';
import { PracticePicker } from '../practices/PracticePicker.js';
import { usePracticeChoice } from '../practices/usePractices.js';
import './tarif590.css';

const invalidates = ['therapists.', 'tarif590.', 'tariff.', 'invoices.', 'consultations.', 'services.'];

export function Tarif590Settings() {
  const t = useT();
  const choice = usePracticeChoice();
  const practiceId = choice.practice?.id ?? '';
  return (
    <>
      <section className="settings-panel" aria-labelledby="therapists-title">
        <SectionHead id="therapists-title" title={t('t590ui.therapists.title')} intro={t('t590ui.therapists.intro')}>
          <PracticePicker choice={choice} />
        </SectionHead>
        {choice.error && <Alert>{errorText(t, choice.error)}</Alert>}
        {practiceId && <Therapists practiceId={practiceId} />}
      </section>
      {practiceId && <PracticeTarif590 practiceId={practiceId} />}
      <Catalogue />
    </>
  );
}

function Therapists({ practiceId }: { practiceId: string }) {
  const t = useT();
  const list = useApiQuery('therapists.list', { practiceId, includeInactive: true });
  const [editing, setEditing] = useState<Therapist | 'new' | null>(null);
  const columns: Column<Therapist>[] = [
    { header: t('t590ui.therapists.name'), cell: (x) => (<><div className="cell-strong">{x.name}</div>{x.profession && <div className="muted small">{x.profession}</div>}</>) },
    { header: t('t590ui.therapists.zsr'), cellClass: 'mono', cell: (x) => x.zsr || <span className="muted">{t('t590ui.therapists.noZsr')}</span> },
    { header: 'GLN', cellClass: 'mono', cell: (x) => x.gln },
    { header: t('t590ui.therapists.methodsShort'), cell: (x) => x.methods.join(', ') },
    { header: t('t590ui.therapists.active'), cell: (x) => (x.active ? t('t590ui.therapists.active') : t('t590ui.therapists.inactive')) },
  ];
  return (
    <>
      {list.error && <Alert>{errorText(t, list.error)}</Alert>}
      {list.data && (
        <div className="card table-card">
          <table className="table table-auto therapists-table">
            <thead>
              <tr>
                {columns.map((c, i) => <th key={i} scope="col">{c.header}</th>)}
                <th scope="col"><span className="visually-hidden">{t('common.actions')}</span></th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((x) => (
                <tr key={x.id} className={x.active ? undefined : 'row-inactive'}>
                  {columns.map((c, i) => <td key={i} className={c.cellClass}>{c.cell(x)}</td>)}
                  <td><button type="button" className="button small" onClick={() => setEditing(x)}>{t('t590ui.therapists.edit')}</button></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p>
        <NewButton label={t('t590ui.therapists.add')} onClick={() => setEditing('new')} />
      </p>
      {editing !== null && <TherapistDialog practiceId={practiceId} therapist={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />}
    </>
  );
}

interface TherapistValues { name: string; profession: string; zsr: string; gln: string; methods: string; active: boolean }

function TherapistDialog({ practiceId, therapist, onDone }: { practiceId: string; therapist: Therapist | null; onDone(): void }) {
  const t = useT();
  const toast = useToast();
  const form = useForm<TherapistValues>('therapist', therapist
    ? { name: therapist.name, profession: therapist.profession, zsr: therapist.zsr, gln: therapist.gln, methods: therapist.methods.join('\n'), active: therapist.active }
    : { name: '', profession: '', zsr: '', gln: '', methods: '', active: true });
  const create = useApiMutation('therapists.create', { invalidates });
  const update = useApiMutation('therapists.update', { invalidates });
  const fields = (v: TherapistValues) => ({ ...v, methods: v.methods.split('\n').map((m) => m.trim()).filter(Boolean) });
  const save = useFormSave(form, {
    save: (v) => (therapist ? update.run({ id: therapist.id, therapist: fields(v) }) : create.run({ practiceId, therapist: fields(v) })),
    onSaved: () => {
      toast.show(t('t590ui.therapists.saved'));
      onDone();
    },
    wrapper: 'therapist',
  });
  return (
    <FormDialog title={therapist ? t('t590ui.therapists.edit') : t('t590ui.therapists.add')} formId="therapist-form" submitLabel={t('t590ui.save')} save={save} onCancel={onDone} size="wide">
      <div className="grid">
        <TextField form={form} path="name" label={t('t590ui.therapists.name')} required span={3} autoComplete="off" autoFocus />
        <TextField form={form} path="profession" label={t('t590ui.therapists.profession')} span={3} autoComplete="off" />
        <TextField form={form} path="zsr" label={t('t590ui.therapists.zsr')} span={3} autoComplete="off" placeholder="A123456" />
        <TextField form={form} path="gln" label={t('t590ui.therapists.gln')} span={3} inputMode="numeric" autoComplete="off" />
        <TextAreaField form={form} path="methods" label={t('t590ui.therapists.methods')} rows={3} />
        <CheckboxField form={form} path="active" label={t('t590ui.therapists.active')} />
      </div>
    </FormDialog>
  );
}

function PracticeTarif590({ practiceId }: { practiceId: string }) {
  const t = useT();
  const current = useApiQuery('tarif590.settings', { practiceId });
  if (!current.data) return current.error ? <Alert>{errorText(t, current.error)}</Alert> : null;
  return <SettingsForm key={practiceId} practiceId={practiceId} initial={current.data} />;
}

function SettingsForm({ practiceId, initial }: { practiceId: string; initial: Settings }) {
  const t = useT();
  const toast = useToast();
  const form = useForm<Settings>('tarif590', initial);
  const update = useApiMutation('tarif590.updateSettings', { invalidates });
  const save = useFormSave(form, {
    save: (v) => update.run({ practiceId, settings: v }),
    onSaved: (saved) => {
      form.reset(saved);
      toast.show(t('t590ui.settings.saved'));
    },
    wrapper: 'settings',
  });
  return (
    <section className="settings-panel" aria-labelledby="t590-settings-title">
      <SectionHead id="t590-settings-title" title={t('t590ui.settings.title')} intro={t('t590ui.settings.intro')} />
      <form id="t590-settings-form" className="card t590-card" onSubmit={save.submit} ref={save.formRef} noValidate>
        {save.banner && <Alert>{save.banner}</Alert>}
        <div className="grid">
          <SelectField form={form} path="invoiceForm" label={t('t590ui.settings.form')} span={3} options={practiceInvoiceForms.map((f) => ({ value: f, label: t(`t590ui.settings.form.${f}`) }))} />
          <SelectField form={form} path="biller" label={t('t590ui.settings.biller')} span={3} options={(['therapist', 'practice'] as const).map((b) => ({ value: b, label: t(`t590ui.settings.biller.${b}`) }))} />
          <SelectField form={form} path="canton" label={t('t590ui.settings.canton')} span={2} options={[{ value: '', label: t('t590ui.settings.cantonNone') }, ...cantons.map((c) => ({ value: c, label: c }))]} />
          <SelectField form={form} path="reimbursement" label={t('t590ui.settings.reimbursement')} span={4} options={(['TG', 'TP'] as const).map((r) => ({ value: r, label: t(`t590ui.settings.reimbursement.${r}`) }))} />
          <CheckboxField form={form} path="patientCopy" label={t('t590ui.settings.patientCopy')} />
        </div>
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={save.busy}>{t('t590ui.save')}</button>
        </div>
      </form>
    </section>
  );
}

function Catalogue() {
  const t = useT();
  const toast = useToast();
  const versions = useApiQuery('tariff.versions', {});
  const preview = useApiMutation('tariff.previewImport');
  const doImport = useApiMutation('tariff.import', { invalidates });
  const [file, setFile] = useState<File | null>(null);
  const [label, setLabel] = useState('');
  const [validFrom, setValidFrom] = useState('');
  const [shown, setShown] = useState<{ uploadId: string; preview: TariffImportPreview } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const fail = (e: ErrorBody) => setError(e.details?.fields?.[0] ? t.message(e.details.fields[0]) : errorText(t, e));

  async function showPreview(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setShown(null);
    if (!file) return setError(t('v.required'));
    const up = await uploadFile(file);
    if (!up.ok) return fail(up.error);
    const r = await preview.run({ uploadId: up.data.uploadId, label, validFrom });
    if (!r.ok) return fail(r.error);
    setShown({ uploadId: up.data.uploadId, preview: r.data });
  }

  async function confirm() {
    if (!shown) return;
    const r = await doImport.run({ uploadId: shown.uploadId, label, validFrom });
    if (!r.ok) return fail(r.error);
    setShown(null);
    setFile(null);
    toast.show(t('t590ui.catalogue.imported'));
  }

  const p = shown?.preview;
  return (
    <section className="settings-panel" aria-labelledby="tariff-title">
      <SectionHead id="tariff-title" title={t('t590ui.catalogue.title')} intro={t('t590ui.catalogue.intro')} />
      {versions.data && versions.data.length === 0 && <p className="muted">{t('t590ui.catalogue.none')}</p>}
      {versions.data && versions.data.length > 0 && (
        <ul className="tariff-versions">
          {versions.data.map((v) => (
            <li key={v.id}>
              {v.validTo
                ? t('t590ui.catalogue.versionUntil', { label: v.label, from: formatDate(v.validFrom), to: formatDate(v.validTo), count: v.entryCount })
                : t('t590ui.catalogue.version', { label: v.label, from: formatDate(v.validFrom), count: v.entryCount })}
            </li>
          ))}
        </ul>
      )}
      <form className="card t590-card" onSubmit={(e) => void showPreview(e)} noValidate>
        {error && <Alert>{error}</Alert>}
        <div className="grid">
          <div className="field span-2">
            <label htmlFor="tariff-file">{t('t590ui.catalogue.file')}</label>
            <input id="tariff-file" type="file" accept=".csv,text/csv,.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" onChange={(e) => { setFile(e.target.files?.[0] ?? null); setShown(null); }} />
          </div>
          <div className="field span-2">
            <label htmlFor="tariff-label">{t('t590ui.catalogue.label')}</label>
            <input id="tariff-label" className="input" value={label} onChange={(e) => { setLabel(e.target.value); setShown(null); }} />
          </div>
          <div className="field span-2">
            <label htmlFor="tariff-from">{t('t590ui.catalogue.validFrom')}</label>
            <input id="tariff-from" className="input" type="date" value={validFrom} onChange={(e) => { setValidFrom(e.target.value); setShown(null); }} />
          </div>
        </div>
        <div className="form-actions">
          <button type="submit" className="button" disabled={preview.isPending}>{t('t590ui.catalogue.preview')}</button>
        </div>
      </form>
      {p && (
        <div className="card t590-card tariff-preview" role="region" aria-label={t('t590ui.catalogue.preview')}>
          <p className="muted">
            {p.comparedWith ? t('t590ui.catalogue.comparedWith', { label: p.comparedWith }) : t('t590ui.catalogue.comparedNone')}
            {p.sheet !== null && <> · {t('t590ui.catalogue.sheet', { sheet: p.sheet })}</>}
          </p>
          <p className="cell-strong">{t('t590ui.catalogue.summary', { count: p.entryCount, added: p.added.length, changed: p.changed.length, removed: p.removed.length })}</p>
          <table className="table table-auto">
            <tbody>
              {p.added.map((e) => (<tr key={`a${e.code}`}><td>{t('t590ui.catalogue.added')}</td><td className="mono">{e.code}</td><td><Texts texts={e.texts} /></td></tr>))}
              {p.changed.map((e) => (<tr key={`c${e.code}`}><td>{t('t590ui.catalogue.changed')}</td><td className="mono">{e.code}</td><td><s><Texts texts={e.before} /></s><Texts texts={e.after} /></td></tr>))}
              {p.removed.map((e) => (<tr key={`r${e.code}`}><td>{t('t590ui.catalogue.removed')}</td><td className="mono">{e.code}</td><td><Texts texts={e.texts} /></td></tr>))}
            </tbody>
          </table>
          {p.affectedServices.length > 0 && <Alert>{t('t590ui.catalogue.affected', { names: p.affectedServices.map((s) => `${s.code} ${s.name}`).join(', ') })}</Alert>}
          <div className="form-actions">
            <button type="button" className="button primary" disabled={doImport.isPending} onClick={() => void confirm()}>{t('t590ui.catalogue.import')}</button>
          </div>
        </div>
      )}
    </section>
  );
}

/** The three official texts of a tariff position, each with its language, so a column mix-up shows in the preview. */
function Texts({ texts }: { texts: { de: string; fr: string; it: string } }) {
  return <>{(['de', 'fr', 'it'] as const).map((l) => <span key={l} className="tariff-text" lang={l}>{l.toUpperCase()}: {texts[l]}<br /></span>)}</>;
}
