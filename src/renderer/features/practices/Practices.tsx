/**
 * Praxis: the practices of this installation (one is the default, marked with a badge), with
 * add, edit, make default and delete (non-default only, confirmed; refusals translated).
 */
import { useEffect } from 'react';
import type { Practice } from '../../../shared/contract/index.js';
import { useT } from '../../app/i18n.js';
import { useRouter } from '../../app/router.js';
import { paths, type Route } from '../../app/routes.js';
import { useApiMutation, useApiQuery } from '../../data/query.js';
import { Alert } from '../../ui/Alert.js';
import { errorText } from '../../ui/errors.js';
import { Icon } from '../../ui/Icon.js';
import { ConfirmActionDialog, useListEditor } from '../../ui/listEditor.js';
import { CardList, IconButton } from '../../ui/ListScreen.js';
import { useToast } from '../../ui/Toast.js';
import { PracticeForm, practiceChanges as invalidates } from './PracticeForm.js';
import { NewLink, PageHeader } from '../../ui/PageHeader.js';

type PracticeRoute = Extract<Route, { name: 'practices' | 'practiceNew' | 'practice' }>;


export function Practices({ route }: { route: PracticeRoute }) {
  if (route.name === 'practiceNew') return <PracticeEdit id={null} />;
  if (route.name === 'practice') return <PracticeEdit id={route.id} />;
  return <PracticeList />;
}

function PracticeList() {
  const t = useT();
  const toast = useToast();
  const list = useApiQuery('practices.list', {});
  const setDefault = useApiMutation('practices.setDefault', { invalidates });
  const remove = useApiMutation('practices.delete', { invalidates });
  const editor = useListEditor({
    remove: (p: Practice) => remove.run({ id: p.id }),
    removed: (p) => t('practices.deleted', { name: p.name }),
  });

  useEffect(() => {
    document.title = `${t('nav.practice')} – Arnika`;
  }, [t]);

  async function makeDefault(p: Practice) {
    const result = await setDefault.run({ id: p.id });
    if (result.ok) toast.show(t('practices.defaultSet', { name: p.name }));
  }

  const practices = list.data;
  const error = list.error ?? setDefault.error;
  return (
    <div className="page">
      <PageHeader title={t('practices.title')} subtitle={t('practices.subtitle')}>
        <NewLink href={`#${paths.practiceNew}`} label={t('practices.new')} />
      </PageHeader>
      {error && <Alert>{errorText(t, error)}</Alert>}
      {practices && (
        <CardList
          items={practices}
          label={t('practices.title')}
          prefix="practice"
          defaultBadge={t('practices.defaultBadge')}
          details={(p) => <PracticeDetails practice={p} />}
          actions={(p) => (
            <>
              <a className="button" href={`#${paths.practice(p.id)}`}>
                <Icon name="edit" />
                {t('action.edit')}
              </a>
              {!p.isDefault && (
                <>
                  <IconButton icon="star" label={t('practices.makeDefault')} onClick={() => void makeDefault(p)} />
                  <IconButton icon="trash" className="button danger-outline" label={t('action.delete')} onClick={() => editor.remove.ask(p)} />
                </>
              )}
            </>
          )}
        />
      )}
      <ConfirmActionDialog action={editor.remove} title={t('practices.deleteTitle')} confirmLabel={t('practices.deleteConfirm')} body={(p) => t('practices.deleteBody', { name: p.name })} />
    </div>
  );
}

function PracticeDetails({ practice: p }: { practice: Practice }) {
  const t = useT();
  return (
    <>
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
    </>
  );
}

function PracticeEdit({ id }: { id: string | null }) {
  const t = useT();
  const toast = useToast();
  const { navigate } = useRouter();
  const loaded = useApiQuery('practices.get', { id: id ?? '' }, { enabled: id !== null });
  const practice = id === null ? null : loaded.data ?? null;
  const error = loaded.error;

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
      <PageHeader
        title={
          <>
            {title}
            {practice?.isDefault && <span className="badge badge-accent">{t('practices.defaultBadge')}</span>}
          </>
        }
      />
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
            if (created) navigate(paths.practice(saved.id), { replace: true });
          }}
        />
      )}
    </div>
  );
}
