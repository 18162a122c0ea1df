/**
 * Einstellungen → E-Mail: the send profiles of a practice (the default practice first; a picker
 * when there are several). Each profile shows its address, server, encryption, whether a password
 * is stored and whether it is the default; add, edit, make default, delete, and a test message.
 * Adding and editing swap the list for the profile form in place.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { MailProfile } from '../../../shared/contract/mail.js';
import type { ErrorBody } from '../../../shared/errors.js';
import { api } from '../../api.js';
import { Alert } from '../../ui/Alert.js';
import { ConfirmDialog } from '../../ui/Dialog.js';
import { Icon } from '../../ui/Icon.js';
import { useToast } from '../../ui/Toast.js';
import { errorText } from '../../ui/errors.js';
import { Spinner } from '../../ui/Spinner.js';
import { PracticePicker, usePracticeChoice } from './PracticeChoice.js';
import { TestResult, type TestState } from './TestResult.js';
import { securityName, useMailT } from './mailT.js';
import { ProfileForm } from './ProfileForm.js';
import './mail.css';

type Mode = { kind: 'list' } | { kind: 'new' } | { kind: 'edit'; profile: MailProfile };

export function MailSettings() {
  const m = useMailT();
  const t = m.t;
  const toast = useToast();
  const choice = usePracticeChoice();
  const practice = choice.practice;
  const [profiles, setProfiles] = useState<MailProfile[] | null>(null);
  const [error, setError] = useState<ErrorBody | null>(null);
  const [mode, setMode] = useState<Mode>({ kind: 'list' });
  const [toDelete, setToDelete] = useState<MailProfile | null>(null);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const [messages, setMessages] = useState<Record<string, TestState>>({});
  const [formDirty, setFormDirty] = useState(false);
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const practiceId = practice?.id ?? null;

  const load = useCallback(async (id: string) => {
    const result = await api.call('mail.listProfiles', { practiceId: id });
    if (result.ok) {
      setProfiles(result.data);
      setError(null);
    } else setError(result.error);
  }, []);

  useEffect(() => {
    setProfiles(null);
    setMode({ kind: 'list' });
    setMessages({});
    if (practiceId) void load(practiceId);
  }, [practiceId, load]);

  function backToList() {
    setMode({ kind: 'list' });
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
    const result = await api.call('mail.setDefaultProfile', { id: p.id });
    if (!result.ok) return setError(result.error);
    toast.show(m('mailUi.profiles.defaultSet', { name: p.name }));
    if (practiceId) await load(practiceId);
  }

  async function remove() {
    if (!toDelete || !practiceId) return;
    const result = await api.call('mail.deleteProfile', { id: toDelete.id });
    if (!result.ok) return setDeleteError(errorText(t, result.error));
    toast.show(m('mailUi.profiles.deleted', { name: toDelete.name }));
    setToDelete(null);
    await load(practiceId);
  }

  async function sendTestMessage(p: MailProfile) {
    setMessages((s) => ({ ...s, [p.id]: { kind: 'running', label: m('mailUi.testMessage.sending') } }));
    const result = await api.call('mail.sendTestMessage', { profileId: p.id });
    const state: TestState = !result.ok
      ? { kind: 'refused', message: errorText(t, result.error) }
      : result.data.ok
        ? { kind: 'ok', title: m('mailUi.testMessage.ok', { to: result.data.to }) }
        : { kind: 'failed', title: m('mailUi.testMessage.failed'), failure: result.data };
    setMessages((s) => ({ ...s, [p.id]: state }));
  }

  const editing = mode.kind !== 'list';
  const title = mode.kind === 'new' ? m('mailUi.form.newTitle') : mode.kind === 'edit' ? m('mailUi.form.editTitle', { name: mode.profile.name }) : null;

  return (
    <section className="mail-screen" aria-labelledby="mail-settings-title">
      <header className="mail-screen-head">
        <div>
          <h2 id="mail-settings-title" ref={headingRef} tabIndex={-1}>
            {m('mailUi.settings.title')}
          </h2>
          <p className="muted">{m('mailUi.settings.lead')}</p>
        </div>
        <PracticePicker choice={choice} disabled={editing} />
      </header>

      {choice.error && <Alert>{errorText(t, choice.error)}</Alert>}
      {choice.practices && choice.practices.length === 0 && <Alert kind="info">{m('mailUi.noPractice')}</Alert>}
      {error && <Alert>{errorText(t, error)}</Alert>}

      {practice && editing && (
        <div className="mail-editor">
          <div className="mail-editor-head">
            <button type="button" className="back-link link-button" onClick={leaveForm}>
              <Icon name="back" size={16} />
              {m('mailUi.form.back')}
            </button>
            <h3 className="mail-editor-title">{title}</h3>
          </div>
          <ProfileForm
            key={mode.kind === 'edit' ? mode.profile.id : 'new'}
            practice={practice}
            profile={mode.kind === 'edit' ? mode.profile : null}
            onCancel={leaveForm}
            onDirtyChange={setFormDirty}
            onSaved={(saved) => {
              toast.show(m('mailUi.profiles.saved'));
              setMessages((s) => ({ ...s, [saved.id]: { kind: 'idle' } }));
              void load(saved.practiceId).then(backToList);
            }}
          />
        </div>
      )}

      {practice && !editing && profiles && profiles.length === 0 && (
        <div className="empty mail-empty">
          <Icon name="mail" size={28} />
          <h3>{m('mailUi.profiles.empty')}</h3>
          <p>{m('mailUi.profiles.emptyHint')}</p>
          <button type="button" className="button primary" onClick={() => setMode({ kind: 'new' })}>
            <Icon name="plus" />
            {m('mailUi.profiles.add')}
          </button>
        </div>
      )}

      {practice && !editing && profiles && profiles.length > 0 && (
        <>
          <ul className="mail-profile-list" aria-label={m('mailUi.profiles.label')}>
            {profiles.map((p) => (
              <li key={p.id} className="card mail-profile-card" aria-label={p.name}>
                <div className="mail-profile-main">
                  <h3>
                    {p.name}
                    {p.isDefault && <span className="badge badge-accent">{m('mailUi.profiles.defaultBadge')}</span>}
                  </h3>
                  <p>{p.senderName ? `${p.senderName} <${p.email}>` : p.email}</p>
                  <p className="muted mail-profile-server">
                    <span className="mono">
                      {p.host}:{p.port}
                    </span>
                    <span aria-hidden="true"> · </span>
                    <span className="mail-security-tag">
                      <Icon name="lock" size={14} />
                      {securityName(p.security)}
                    </span>
                    {p.authMethod === 'none' ? (
                      <span className="badge badge-muted">{m('mailUi.profiles.noLogin')}</span>
                    ) : p.hasPassword ? (
                      <span className="badge badge-accent mail-badge-password">{m('mailUi.profiles.passwordSaved')}</span>
                    ) : (
                      <span className="badge mail-badge-warn">{m('mailUi.profiles.noPassword')}</span>
                    )}
                  </p>
                </div>
                <div className="mail-profile-actions">
                  <button type="button" className="button" onClick={() => setMode({ kind: 'edit', profile: p })}>
                    <Icon name="edit" />
                    {t('action.edit')}
                  </button>
                  <button type="button" className="button" onClick={() => void sendTestMessage(p)} disabled={messages[p.id]?.kind === 'running'}>
                    {messages[p.id]?.kind === 'running' ? <Spinner /> : <Icon name="send" />}
                    {m('mailUi.testMessage.button')}
                  </button>
                  {!p.isDefault && (
                    <button type="button" className="button" onClick={() => void makeDefault(p)}>
                      <Icon name="star" />
                      {m('mailUi.profiles.makeDefault')}
                    </button>
                  )}
                  <button
                    type="button"
                    className="button danger-outline mail-delete"
                    onClick={() => {
                      setDeleteError(null);
                      setToDelete(p);
                    }}
                  >
                    <Icon name="trash" />
                    {t('action.delete')}
                  </button>
                </div>
                <TestResult state={messages[p.id] ?? { kind: 'idle' }} />
              </li>
            ))}
          </ul>
          <div>
            <button type="button" className="button" onClick={() => setMode({ kind: 'new' })}>
              <Icon name="plus" />
              {m('mailUi.profiles.add')}
            </button>
          </div>
        </>
      )}

      <ConfirmDialog
        open={confirmDiscard}
        title={t('unsaved.title')}
        confirmLabel={t('unsaved.discard')}
        cancelLabel={t('unsaved.stay')}
        danger
        onCancel={() => setConfirmDiscard(false)}
        onConfirm={() => {
          setConfirmDiscard(false);
          backToList();
        }}
      >
        {t('unsaved.body')}
      </ConfirmDialog>

      <ConfirmDialog
        open={toDelete !== null}
        title={m('mailUi.profiles.deleteTitle')}
        confirmLabel={m('mailUi.profiles.deleteConfirm')}
        cancelLabel={deleteError ? t('action.close') : undefined}
        danger
        error={deleteError}
        onCancel={() => setToDelete(null)}
        onConfirm={() => void remove()}
      >
        {m('mailUi.profiles.deleteBody', { name: toDelete?.name ?? '' })}
      </ConfirmDialog>
    </section>
  );
}
