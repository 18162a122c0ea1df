/**
 * Einstellungen → E-Mail-Vorlagen: the practice's text for invoice emails, one per language (tabs
 * de/fr/it/en). Subject and body are edited with the placeholders at hand as chips that insert at
 * the cursor, a live preview filled with example values by main (exactly what sending will do),
 * and unknown placeholders flagged at the field and in the preview. Edits are kept per language
 * while switching tabs; "Speichern" and "Auf Standard zurücksetzen" act on the open language.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { languages, type Language } from '../../../shared/validation/fields.js';
import { templateKinds, type TemplateKind } from '../../../shared/mail/templates.js';
import { useApiMutation } from '../../data/query.js';
import { Alert } from '../../ui/Alert.js';
import { ConfirmActionDialog, useConfirmedAction } from '../../ui/listEditor.js';
import { useToast } from '../../ui/Toast.js';
import { errorText } from '../../ui/errors.js';
import { PracticePicker } from '../practices/PracticePicker.js';
import { usePracticeList } from '../practices/usePractices.js';
import { TemplateEditor, type TemplateDraft } from './TemplateEditor.js';
import { useMailUnsavedGuard } from './unsaved.js';
import './mail.css';
import { useT } from '../../app/i18n.js';
import { SectionHead } from '../../ui/ListScreen.js';

export function EmailTemplates() {
  const t = useT();
  const toast = useToast();
  const { choice, practice, practiceId, list } = usePracticeList('mail.listTemplates');
  const templates = list.data ?? null;
  // The invoice's email, and one per reminder level.
  const [kind, setKind] = useState<TemplateKind>('invoice');
  const [lang, setLang] = useState<Language>('de');
  const [drafts, setDrafts] = useState<Partial<Record<Language, TemplateDraft>>>({});
  const tabRefs = useRef<Partial<Record<Language, HTMLButtonElement | null>>>({});
  const resetCall = useApiMutation('mail.resetTemplate', { invalidates: ['mail.listTemplates'] });
  const reset = useConfirmedAction(
    (l: Language) => resetCall.run({ practiceId: practiceId ?? '', language: l, kind }),
    (l) => {
      dropDraft(l);
      return t('mailUi.templates.resetDone');
    },
  );

  useEffect(() => {
    setDrafts({});
    if (practice) setLang(practice.defaultLanguage);
  }, [practiceId]);

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

  /** After a save or reset the stored text is the one to show: the draft of that language goes. */
  function dropDraft(l: Language) {
    setDrafts(({ [l]: _done, ...rest }) => rest);
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
    <section className="settings-panel mail-screen mail-templates" aria-labelledby="mail-templates-title">
      <SectionHead id="mail-templates-title" title={t('mailUi.templates.title')} intro={t('mailUi.templates.lead')}>
        <PracticePicker choice={choice} disabled={anyDirty} markDefault={false} />
        <div className="inline-field">
          <label htmlFor="mail-template-kind">{t('mailUi.templates.kindLabel')}</label>
          <select id="mail-template-kind" className="input select" value={kind} disabled={anyDirty} onChange={(e) => { setDrafts({}); setKind(e.target.value as TemplateKind); }}>
            {templateKinds.map((k) => <option key={k} value={k}>{t(`mailUi.templates.kind.${k}`)}</option>)}
          </select>
        </div>
      </SectionHead>

      {choice.error && <Alert>{errorText(t, choice.error)}</Alert>}
      {choice.practices && choice.practices.length === 0 && <Alert kind="info">{t('mailUi.noPractice')}</Alert>}
      {list.error && <Alert>{errorText(t, list.error)}</Alert>}

      {practice && templates && (
        <div className="card mail-templates-card">
          <div className="mail-tabs" role="tablist" aria-label={t('mailUi.templates.languages')}>
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
                    <span className="subnav-marker" title={t('mailUi.templates.unsavedTab')}>
                      <span className="visually-hidden"> ({t('mailUi.templates.unsavedTab')})</span>
                    </span>
                  )}
                </button>
              );
            })}
          </div>
          <div className="mail-template-panel" role="tabpanel" id="mail-template-panel" aria-labelledby={`mail-template-tab-${lang}`}>
            {saved && draft && (
              <TemplateEditor
                key={`${practice.id}:${kind}:${lang}`}
                practiceId={practice.id}
                language={lang}
                saved={saved}
                draft={draft}
                dirty={isDirty(lang)}
                onDraft={(d) => setDrafts((all) => ({ ...all, [lang]: d }))}
                onSaved={(tpl) => {
                  dropDraft(tpl.language);
                  toast.show(t('mailUi.templates.saved'));
                }}
                onReset={() => reset.ask(lang)}
              />
            )}
          </div>
        </div>
      )}

      <ConfirmActionDialog action={reset} title={t('mailUi.templates.resetTitle')} confirmLabel={t('mailUi.templates.resetConfirm')} body={(l) => t('mailUi.templates.resetBody', { language: t(`language.${l}`) })} />
    </section>
  );
}
