/**
 * Einstellungen → E-Mail-Vorlagen: the practice's text for invoice emails, one per language (tabs
 * de/fr/it/en). Subject and body are edited with the placeholders at hand as chips that insert at
 * the cursor, a live preview filled with example values by main (exactly what sending will do),
 * and unknown placeholders flagged at the field and in the preview. Edits are kept per language
 * while switching tabs; "Speichern" and "Auf Standard zurücksetzen" act on the open language.
 */
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { MailTemplate } from '../../../shared/contract/mail.js';
import { languages, type Language } from '../../../shared/validation/fields.js';
import type { ErrorBody } from '../../../shared/errors.js';
import { api } from '../../api.js';
import { Alert } from '../../ui/Alert.js';
import { ConfirmDialog } from '../../ui/Dialog.js';
import { useToast } from '../../ui/Toast.js';
import { errorText } from '../../ui/errors.js';
import { PracticePicker, usePracticeChoice } from './PracticeChoice.js';
import { TemplateEditor, type TemplateDraft } from './TemplateEditor.js';
import { useMailT } from './mailT.js';
import { useMailUnsavedGuard } from './unsaved.js';
import './mail.css';

const kind = 'invoice' as const;

export function EmailTemplates() {
  const m = useMailT();
  const t = m.t;
  const toast = useToast();
  const choice = usePracticeChoice();
  const practice = choice.practice;
  const practiceId = practice?.id ?? null;
  const [templates, setTemplates] = useState<MailTemplate[] | null>(null);
  const [error, setError] = useState<ErrorBody | null>(null);
  const [lang, setLang] = useState<Language>('de');
  const [drafts, setDrafts] = useState<Partial<Record<Language, TemplateDraft>>>({});
  const [confirmReset, setConfirmReset] = useState(false);
  const [resetError, setResetError] = useState<string | null>(null);
  const tabRefs = useRef<Partial<Record<Language, HTMLButtonElement | null>>>({});

  const load = useCallback(async (id: string) => {
    const result = await api.call('mail.listTemplates', { practiceId: id });
    if (result.ok) {
      setTemplates(result.data);
      setError(null);
    } else setError(result.error);
  }, []);

  useEffect(() => {
    setTemplates(null);
    setDrafts({});
    if (practice) setLang(practice.defaultLanguage);
    if (practiceId) void load(practiceId);
  }, [practiceId, load]);

  const savedOf = (l: Language) => templates?.find((x) => x.language === l && x.kind === kind) ?? null;
  const isDirty = (l: Language) => {
    const saved = savedOf(l);
    const draft = drafts[l];
    return Boolean(saved && draft && (draft.subject !== saved.subject || draft.body !== saved.body));
  };
  const anyDirty = languages.some(isDirty);
  useMailUnsavedGuard(anyDirty);

  const saved = savedOf(lang);
  const draft: TemplateDraft | null = drafts[lang] ?? (saved ? { subject: saved.subject, body: saved.body } : null);

  function replaceSaved(next: MailTemplate) {
    setTemplates((list) => (list ?? []).map((x) => (x.language === next.language && x.kind === next.kind ? next : x)));
    setDrafts((d) => {
      const { [next.language]: _done, ...rest } = d;
      return rest;
    });
  }

  async function reset() {
    if (!practiceId) return;
    const result = await api.call('mail.resetTemplate', { practiceId, language: lang, kind });
    if (!result.ok) return setResetError(errorText(t, result.error));
    replaceSaved(result.data);
    setConfirmReset(false);
    toast.show(m('mailUi.templates.resetDone'));
  }

  function onTabKeyDown(e: KeyboardEvent<HTMLButtonElement>) {
    const i = languages.indexOf(lang);
    const next =
      e.key === 'ArrowRight' ? languages[(i + 1) % languages.length]
        : e.key === 'ArrowLeft' ? languages[(i + languages.length - 1) % languages.length]
          : e.key === 'Home' ? languages[0]
            : e.key === 'End' ? languages[languages.length - 1]
              : undefined;
    if (!next) return;
    e.preventDefault();
    setLang(next);
    tabRefs.current[next]?.focus();
  }

  return (
    <section className="mail-screen mail-templates" aria-labelledby="mail-templates-title">
      <header className="mail-screen-head">
        <div>
          <h2 id="mail-templates-title">{m('mailUi.templates.title')}</h2>
          <p className="muted">{m('mailUi.templates.lead')}</p>
        </div>
        <PracticePicker choice={choice} disabled={anyDirty} />
      </header>

      {choice.error && <Alert>{errorText(t, choice.error)}</Alert>}
      {choice.practices && choice.practices.length === 0 && <Alert kind="info">{m('mailUi.noPractice')}</Alert>}
      {error && <Alert>{errorText(t, error)}</Alert>}

      {practice && templates && (
        <div className="card mail-templates-card">
          <div className="mail-tabs" role="tablist" aria-label={m('mailUi.templates.languages')}>
            {languages.map((l) => {
              const selected = l === lang;
              return (
                <button
                  key={l}
                  ref={(el) => {
                    tabRefs.current[l] = el;
                  }}
                  type="button"
                  role="tab"
                  id={`mail-template-tab-${l}`}
                  aria-selected={selected}
                  aria-controls="mail-template-panel"
                  tabIndex={selected ? 0 : -1}
                  className="mail-tab"
                  onClick={() => setLang(l)}
                  onKeyDown={onTabKeyDown}
                >
                  {t(`language.${l}`)}
                  {isDirty(l) && (
                    <span className="mail-tab-dot" title={m('mailUi.templates.unsavedTab')}>
                      <span className="visually-hidden"> ({m('mailUi.templates.unsavedTab')})</span>
                    </span>
                  )}
                </button>
              );
            })}
          </div>
          <div className="mail-template-panel" role="tabpanel" id="mail-template-panel" aria-labelledby={`mail-template-tab-${lang}`}>
            {saved && draft && (
              <TemplateEditor
                key={`${practice.id}:${lang}`}
                practiceId={practice.id}
                language={lang}
                saved={saved}
                draft={draft}
                dirty={isDirty(lang)}
                onDraft={(d) => setDrafts((all) => ({ ...all, [lang]: d }))}
                onSaved={(tpl) => {
                  replaceSaved(tpl);
                  toast.show(m('mailUi.templates.saved'));
                }}
                onReset={() => {
                  setResetError(null);
                  setConfirmReset(true);
                }}
              />
            )}
          </div>
        </div>
      )}

      <ConfirmDialog
        open={confirmReset}
        title={m('mailUi.templates.resetTitle')}
        confirmLabel={m('mailUi.templates.resetConfirm')}
        cancelLabel={resetError ? t('action.close') : undefined}
        danger
        error={resetError}
        onCancel={() => setConfirmReset(false)}
        onConfirm={() => void reset()}
      >
        {m('mailUi.templates.resetBody', { language: t(`language.${lang}`) })}
      </ConfirmDialog>
    </section>
  );
}
