/**
 * Einstellungen → E-Mail: the send profiles of a practice (the default practice first; a picker
 * when there are several). Each profile shows its address, server, encryption, whether a password
 * is stored and whether it is the default; add, edit, make default, delete, and a test message.
 * Adding and editing swap the list for the profile form in place.
 */
import { useEffect, useRef, useState } from 'react';
import type { MailProfile } from '../../../shared/contract/mail.js';
import { useT } from '../../app/i18n.js';
import { useApiMutation } from '../../data/query.js';
import { Alert } from '../../ui/Alert.js';
import { errorText, mailErrorSentence } from '../../ui/errors.js';
import { formatDate } from '../../ui/format.js';
import { Icon } from '../../ui/Icon.js';
import { ConfirmActionDialog, useListEditor } from '../../ui/listEditor.js';
import { CardList, EmptyState, IconButton, SectionHead } from '../../ui/ListScreen.js';
import { Spinner } from '../../ui/Spinner.js';
import { useToast } from '../../ui/Toast.js';
import { UnsavedDialog } from '../../ui/UnsavedDialog.js';
import { PracticePicker } from '../practices/PracticePicker.js';
import { usePracticeList } from '../practices/usePractices.js';
import './mail.css';
import { ProfileForm } from './ProfileForm.js';
import { securityName } from './profileModel.js';
import { TestResult, testMessageOutcome, type TestState } from './TestResult.js';

export function MailSettings() {
  const t = useT();
  const toast = useToast();
  const { choice, practice, practiceId, list } = usePracticeList('mail.listProfiles');
  const setDefault = useApiMutation('mail.setDefaultProfile', { invalidates: ['mail.listProfiles'] });
  const remove = useApiMutation('mail.deleteProfile', { invalidates: ['mail.'] });
  // A test message tests the profile as saved: its card's check changes.
  const testMessage = useApiMutation('mail.sendTestMessage', { invalidates: ['mail.listProfiles'] });
  const editor = useListEditor({
    remove: (p: MailProfile) => remove.run({ id: p.id }),
    removed: (p) => t('mailUi.profiles.deleted', { name: p.name }),
  });
  const [messages, setMessages] = useState<Record<string, TestState>>({});
  const [formDirty, setFormDirty] = useState(false);
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const { closeEditor } = editor;

  useEffect(() => {
    closeEditor();
    setMessages({});
  }, [practiceId]);

  function backToList() {
    editor.closeEditor();
    setFormDirty(false);
    // The form is gone: put focus somewhere sensible instead of the page's body.
    requestAnimationFrame(() => headingRef.current?.focus());
  }

  /** Leaving the form from inside the screen is no navigation, so the router's guard does not ask: ask here. */
  function leaveForm() {
    if (formDirty) setConfirmDiscard(true);
    else backToList();
  }

  async function makeDefault(p: MailProfile) {
    const result = await setDefault.run({ id: p.id });
    if (result.ok) toast.show(t('mailUi.profiles.defaultSet', { name: p.name }));
  }

  async function sendTestMessage(p: MailProfile) {
    setMessages((s) => ({ ...s, [p.id]: { kind: 'running', label: t('mailUi.testMessage.sending') } }));
    const state = testMessageOutcome(t, await testMessage.run({ profileId: p.id }));
    setMessages((s) => ({ ...s, [p.id]: state }));
  }

  const profiles = list.data;
  const error = list.error ?? setDefault.error;
  const mode = editor.editing;
  const editing = mode !== null;
  const title = mode === 'new' ? t('mailUi.form.newTitle') : mode !== null ? t('mailUi.form.editTitle', { name: mode.name }) : null;

  return (
    <section className="settings-panel mail-screen" aria-labelledby="mail-settings-title">
      <SectionHead id="mail-settings-title" title={t('mailUi.settings.title')} intro={t('mailUi.settings.lead')} headingRef={headingRef}>
        <PracticePicker choice={choice} disabled={editing} markDefault={false} />
      </SectionHead>

      {choice.error && <Alert>{errorText(t, choice.error)}</Alert>}
      {choice.practices && choice.practices.length === 0 && <Alert kind="info">{t('mailUi.noPractice')}</Alert>}
      {error && <Alert>{errorText(t, error)}</Alert>}

      {practice && editing && (
        <div className="mail-editor">
          <div className="mail-editor-head">
            <button type="button" className="back-link link-button" onClick={leaveForm}>
              <Icon name="back" size={16} />
              {t('mailUi.form.back')}
            </button>
            <h3 className="mail-editor-title">{title}</h3>
          </div>
          <ProfileForm
            key={mode === 'new' ? 'new' : mode.id}
            practice={practice}
            profile={mode === 'new' ? null : mode}
            onCancel={leaveForm}
            onDirtyChange={setFormDirty}
            onSaved={(saved) => {
              toast.show(t('mailUi.profiles.saved'));
              setMessages((s) => ({ ...s, [saved.id]: { kind: 'idle' } }));
              backToList();
            }}
          />
        </div>
      )}

      {practice && !editing && profiles && profiles.length === 0 && (
        <EmptyState icon="mail" size={28} className="mail-empty" mutedHint={false} title={t('mailUi.profiles.empty')} hint={t('mailUi.profiles.emptyHint')}>
          <button type="button" className="button primary" onClick={() => editor.edit('new')}>
            <Icon name="plus" />
            {t('mailUi.profiles.add')}
          </button>
        </EmptyState>
      )}

      {practice && !editing && profiles && profiles.length > 0 && (
        <>
          <CardList
            items={profiles}
            label={t('mailUi.profiles.label')}
            prefix="mail-profile"
            heading="h3"
            defaultBadge={t('mailUi.profiles.defaultBadge')}
            details={(p) => <ProfileDetails profile={p} />}
            actions={(p) => (
              <>
                <IconButton icon="edit" label={t('action.edit')} onClick={() => editor.edit(p)} />
                <IconButton
                  icon="send"
                  label={t('mailUi.testMessage.button')}
                  onClick={() => void sendTestMessage(p)}
                  disabled={messages[p.id]?.kind === 'running'}
                  busyIcon={messages[p.id]?.kind === 'running' ? <Spinner /> : undefined}
                />
                {!p.isDefault && <IconButton icon="star" label={t('mailUi.profiles.makeDefault')} onClick={() => void makeDefault(p)} />}
                <IconButton icon="trash" className="button danger-outline mail-delete" label={t('action.delete')} onClick={() => editor.remove.ask(p)} />
              </>
            )}
            after={(p) => <TestResult state={messages[p.id] ?? { kind: 'idle' }} />}
          />
          <div>
            <IconButton icon="plus" label={t('mailUi.profiles.add')} onClick={() => editor.edit('new')} />
          </div>
        </>
      )}

      <UnsavedDialog
        open={confirmDiscard}
        onStay={() => setConfirmDiscard(false)}
        onDiscard={() => {
          setConfirmDiscard(false);
          backToList();
        }}
      />

      <ConfirmActionDialog action={editor.remove} title={t('mailUi.profiles.deleteTitle')} confirmLabel={t('mailUi.profiles.deleteConfirm')} body={(p) => t('mailUi.profiles.deleteBody', { name: p.name })} />
    </section>
  );
}

function ProfileDetails({ profile: p }: { profile: MailProfile }) {
  const t = useT();
  return (
    <>
      <p>{p.senderName ? `${p.senderName} <${p.email}>` : p.email}</p>
      <p className="muted mail-profile-server">
        <span className="mono">
          {p.host}:{p.port}
        </span>
        <span aria-hidden="true"> · </span>
        <span className="icon-text">
          <Icon name="lock" size={14} />
          {securityName(p.security)}
        </span>
        {p.authMethod === 'none' ? (
          <span className="badge badge-muted">{t('mailUi.profiles.noLogin')}</span>
        ) : p.hasPassword ? (
          <span className="badge badge-accent mail-badge-password">{t('mailUi.profiles.passwordSaved')}</span>
        ) : (
          <span className="badge mail-badge-warn">{t('mailUi.profiles.noPassword')}</span>
        )}
      </p>
      <p className="mail-profile-check">
        {p.check.state === 'ok' ? (
          <span className="badge badge-accent">{t('mailUi.profiles.checkOk', { date: formatDate(p.check.at) })}</span>
        ) : (
          <>
            <span className="badge mail-badge-warn">
              {p.check.state === 'failed' ? t('mailUi.profiles.checkFailed', { date: formatDate(p.check.at) }) : t('mailUi.profiles.unchecked')}
            </span>
            <span className="muted">{p.check.state === 'failed' ? mailErrorSentence(t, p.check.code ?? 'mail.unknown') : t('mailUi.profiles.uncheckedHint')}</span>
          </>
        )}
      </p>
    </>
  );
}
