/**
 * Praxis: the practices of this installation (one is the default, marked with a badge), with
 * add, edit, make default and delete (non-default only, confirmed; refusals translated).
 */
import { useCallback, useEffect, useState } from 'react';
import type { Practice } from '../../../shared/contract/index.js';
import type { ErrorBody } from '../../../shared/errors.js';
import { api } from '../../api.js';
import { Alert } from '../../ui/Alert.js';
import { ConfirmDialog } from '../../ui/Dialog.js';
import { Icon } from '../../ui/Icon.js';
import { useToast } from '../../ui/Toast.js';
import { errorText } from '../../ui/errors.js';
import { useT } from '../../app/i18n.js';
import { useRouter } from '../../app/router.js';
import { paths, type Route } from '../../app/routes.js';
import { PracticeForm } from './PracticeForm.js';

type PracticeRoute = Extract<Route, { name: 'practices' | 'practiceNew' | 'practice' }>;

export function Practices({ route }: { route: PracticeRoute }) {
  if (route.name === 'practiceNew') return <PracticeEdit id={null} />;
  if (route.name === 'practice') return <PracticeEdit id={route.id} />;
  return <PracticeList />;
}

function PracticeList() {
  const t = useT();
  const toast = useToast();
  const [practices, setPractices] = useState<Practice[] | null>(null);
  const [error, setError] = useState<ErrorBody | null>(null);
  const [toDelete, setToDelete] = useState<Practice | null>(null);
  const [deleteError, setDeleteError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const result = await api.call('practices.list', {});
    if (result.ok) setPractices(result.data);
    else setError(result.error);
  }, []);

  useEffect(() => {
    document.title = `${t('nav.practice')} – Arnika`;
  }, [t]);
  useEffect(() => {
    void load();
  }, [load]);

  async function makeDefault(p: Practice) {
    const result = await api.call('practices.setDefault', { id: p.id });
    if (!result.ok) return setError(result.error);
    toast.show(t('practices.defaultSet', { name: p.name }));
    await load();
  }

  async function remove() {
    if (!toDelete) return;
    const result = await api.call('practices.delete', { id: toDelete.id });
    if (!result.ok) return setDeleteError(errorText(t, result.error));
    toast.show(t('practices.deleted', { name: toDelete.name }));
    setToDelete(null);
    await load();
  }

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>{t('practices.title')}</h1>
          <p className="muted page-subtitle">{t('practices.subtitle')}</p>
        </div>
        <a className="button primary" href={`#${paths.practiceNew}`}>
          <Icon name="plus" />
          {t('practices.new')}
        </a>
      </header>
      {error && <Alert>{errorText(t, error)}</Alert>}
      {practices && (
        <ul className="practice-list" aria-label={t('practices.title')}>
          {practices.map((p) => (
            <li key={p.id} className="card practice-card" aria-label={p.name}>
              <div className="practice-main">
                <h2>
                  {p.name}
                  {p.isDefault && <span className="badge badge-accent">{t('practices.defaultBadge')}</span>}
                </h2>
                <p>
                  {p.therapistName} · {t(`profession.${p.profession}`)}
                </p>
                <p className="muted">
                  {[`${p.address.street} ${p.address.houseNumber}`.trim(), `${p.address.postalCode} ${p.address.town}`.trim()].filter(Boolean).join(', ')}
                </p>
                {p.iban && (
                  <p className="mono">
                    {p.iban}
                    {p.ibanIsQr && <span className="badge">{t('practices.qrIbanBadge')}</span>}
                  </p>
                )}
              </div>
              <div className="practice-actions">
                <a className="button" href={`#${paths.practice(p.id)}`}>
                  <Icon name="edit" />
                  {t('action.edit')}
                </a>
                {!p.isDefault && (
                  <>
                    <button type="button" className="button" onClick={() => void makeDefault(p)}>
                      <Icon name="star" />
                      {t('practices.makeDefault')}
                    </button>
                    <button type="button" className="button danger-outline" onClick={() => { setDeleteError(null); setToDelete(p); }}>
                      <Icon name="trash" />
                      {t('action.delete')}
                    </button>
                  </>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      <ConfirmDialog
        open={toDelete !== null}
        title={t('practices.deleteTitle')}
        confirmLabel={t('practices.deleteConfirm')}
        cancelLabel={deleteError ? t('action.close') : undefined}
        danger
        error={deleteError}
        onCancel={() => setToDelete(null)}
        onConfirm={() => void remove()}
      >
        {t('practices.deleteBody', { name: toDelete?.name ?? '' })}
      </ConfirmDialog>
    </div>
  );
}

function PracticeEdit({ id }: { id: string | null }) {
  const t = useT();
  const toast = useToast();
  const { navigate } = useRouter();
  const [practice, setPractice] = useState<Practice | null>(null);
  const [error, setError] = useState<ErrorBody | null>(null);

  useEffect(() => {
    if (id === null || practice?.id === id) return;
    let live = true;
    void api.call('practices.get', { id }).then((result) => {
      if (!live) return;
      if (result.ok) setPractice(result.data);
      else setError(result.error);
    });
    return () => {
      live = false;
    };
  }, [id, practice?.id]);

  const title = id === null ? t('practices.newTitle') : practice?.name ?? '';
  useEffect(() => {
    document.title = `${title || t('nav.practice')} – Arnika`;
  }, [title, t]);

  return (
    <div className="page page-form">
      <a className="back-link" href={`#${paths.practices}`}>
        <Icon name="back" size={16} />
        {t('practices.back')}
      </a>
      <header className="page-header">
        <div>
          <h1>
            {title}
            {practice?.isDefault && <span className="badge badge-accent">{t('practices.defaultBadge')}</span>}
          </h1>
        </div>
      </header>
      {error && <Alert>{errorText(t, error)}</Alert>}
      {(id === null || practice) && (
        <PracticeForm
          key={practice?.id ?? 'new'}
          practice={practice}
          submitLabel={t('action.save')}
          onCancel={() => navigate(paths.practices)}
          cancelLabel={t('practices.back')}
          onSaved={(saved, created) => {
            toast.show(t('practices.saved'));
            setPractice(saved);
            if (created) navigate(paths.practice(saved.id), { replace: true });
          }}
        />
      )}
    </div>
  );
}
