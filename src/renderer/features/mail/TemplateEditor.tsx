/**
 * One language's template: subject and body, placeholder chips that insert `{name}` at the cursor
 * of the field last used, the live preview from main, and save/reset. Unknown placeholders are
 * flagged while typing (main refuses to save them) and highlighted in the preview.
 */
import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { MailTemplate } from '../../../shared/contract/mail.js';
import { placeholders, unknownPlaceholders, type Placeholder } from '../../../shared/mail/templates.js';
import type { FieldError } from '../../../shared/errors.js';
import type { Language } from '../../../shared/validation/fields.js';
import { keepPreviousData } from '@tanstack/react-query';
import { useApiMutation, useApiQuery } from '../../data/query.js';
import { useDebounced } from '../../ui/useDebounced.js';
import { Alert } from '../../ui/Alert.js';
import { Field, controlA11y } from '../../ui/Field.js';
import { errorText } from '../../ui/errors.js';
import { fieldErrorsFrom, type FieldErrors } from '../../ui/form.js';
import { Icon } from '../../ui/Icon.js';
import { Spinner } from '../../ui/Spinner.js';
import { useT } from '../../app/i18n.js';

export interface TemplateDraft {
  subject: string;
  body: string;
}

type TextField = 'subject' | 'body';

interface Preview {
  subject: string;
  body: string;
  unknownPlaceholders: string[];
}

interface TemplateEditorProps {
  practiceId: string;
  language: Language;
  saved: MailTemplate;
  draft: TemplateDraft;
  dirty: boolean;
  onDraft(draft: TemplateDraft): void;
  onSaved(template: MailTemplate): void;
  onReset(): void;
}

const braces = (names: string[]) => names.map((n) => `{${n}}`).join(', ');

export function TemplateEditor({ practiceId, language, saved, draft, dirty, onDraft, onSaved, onReset }: TemplateEditorProps) {
  const t = useT();
  const subjectRef = useRef<HTMLInputElement>(null);
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const lastField = useRef<TextField>('body');
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [banner, setBanner] = useState<string | null>(null);
  const saveTemplate = useApiMutation('mail.saveTemplate', { invalidates: ['mail.listTemplates'] });
  const saving = saveTemplate.isPending;
  // The preview follows the text a moment after typing stops; the last one stays until the next arrives.
  const subject = useDebounced(draft.subject, 250);
  const body = useDebounced(draft.body, 250);
  const preview: Preview | null = useApiQuery('mail.previewTemplate', { practiceId, language, subject, body }, { placeholderData: keepPreviousData }).data ?? null;

  function localError(field: TextField): FieldError | undefined {
    const server = serverErrors[field];
    if (server) return server;
    const unknown = unknownPlaceholders(draft[field]);
    if (unknown.length === 0) return undefined;
    return { path: field, key: 'v.mail_unknown_placeholder', params: { placeholders: braces(unknown) } };
  }

  function change(field: TextField, value: string) {
    setServerErrors(({ [field]: _gone, ...rest }) => rest);
    onDraft({ ...draft, [field]: value });
  }

  function insert(name: Placeholder) {
    const field = lastField.current;
    const el = field === 'subject' ? subjectRef.current : bodyRef.current;
    const value = draft[field];
    const start = el?.selectionStart ?? value.length;
    const end = el?.selectionEnd ?? start;
    const token = `{${name}}`;
    change(field, value.slice(0, start) + token + value.slice(end));
    const caret = start + token.length;
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(caret, caret);
    });
  }

  async function save(e: FormEvent) {
    e.preventDefault();
    if (saving) return;
    setBanner(null);
    const result = await saveTemplate.run({ practiceId, language, kind: saved.kind, subject: draft.subject, body: draft.body });
    if (result.ok) {
      setServerErrors({});
      onSaved(result.data);
      return;
    }
    setBanner(errorText(t, result.error));
    if (result.error.code === 'validation') {
      const errors = fieldErrorsFrom(result.error, 'input');
      setServerErrors(errors);
      (errors.subject ? subjectRef.current : bodyRef.current)?.focus();
    }
  }

  const subjectError = localError('subject');
  const bodyError = localError('body');
  const subjectId = `mail-template-${language}-subject`;
  const bodyId = `mail-template-${language}-body`;
  const unknownInPreview = preview?.unknownPlaceholders ?? [];

  return (
    <form className="mail-template-form" onSubmit={save} noValidate aria-busy={saving}>
      {banner && <Alert>{banner}</Alert>}
      <div className="mail-template-grid">
        <div className="mail-template-editor">
          <div className="mail-template-kind">
            <h3>{t(`mailUi.templates.kind.${saved.kind}`)}</h3>
            <span className={saved.isCustom ? 'badge badge-accent' : 'badge badge-muted'}>
              {saved.isCustom ? t('mailUi.templates.custom') : t('mailUi.templates.standard')}
            </span>
          </div>
          <Field id={subjectId} label={t('mailUi.templates.subject')} error={subjectError} span={6} required>
            <input
              {...controlA11y(subjectId, subjectError, undefined)}
              ref={subjectRef}
              className="input"
              value={draft.subject}
              aria-required
              onFocus={() => (lastField.current = 'subject')}
              onChange={(e) => change('subject', e.target.value)}
            />
          </Field>
          <Field id={bodyId} label={t('mailUi.templates.body')} error={bodyError} span={6} required>
            <textarea
              {...controlA11y(bodyId, bodyError, undefined)}
              ref={bodyRef}
              className="input textarea mail-template-body"
              rows={12}
              value={draft.body}
              aria-required
              onFocus={() => (lastField.current = 'body')}
              onChange={(e) => change('body', e.target.value)}
            />
          </Field>
          <div className="mail-placeholders" role="group" aria-labelledby={`${bodyId}-ph`} aria-describedby={`${bodyId}-ph-hint`}>
            <p className="label-row" id={`${bodyId}-ph`}>
              {t('mailUi.templates.placeholders')}
            </p>
            <div className="chip-row">
              {placeholders.map((name) => (
                <button
                  key={name}
                  type="button"
                  className="mail-chip"
                  // Keep the caret where it is in the text field while clicking a chip.
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => insert(name)}
                >
                  <span>{t(`mailUi.placeholder.${name}`)}</span>
                  <code>{`{${name}}`}</code>
                </button>
              ))}
            </div>
            <p className="field-hint" id={`${bodyId}-ph-hint`}>
              {t('mailUi.templates.placeholdersHint')}
            </p>
          </div>
        </div>

        <section className="mail-template-preview" aria-labelledby={`${bodyId}-preview`}>
          <div className="mail-preview-head">
            <h3 id={`${bodyId}-preview`}>{t('mailUi.templates.preview')}</h3>
            <span className="muted">{t('mailUi.templates.previewHint')}</span>
          </div>
          {unknownInPreview.length > 0 && (
            <p className="mail-preview-warning">
              <Icon name="alert" size={16} />
              <span>{t('mailUi.templates.unknown', { placeholders: braces(unknownInPreview) })}</span>
            </p>
          )}
          {preview ? (
            <div className="mail-preview" aria-live="polite">
              <p className="mail-preview-subject">
                <span className="muted">{t('mailUi.templates.subject')}:</span> <Marked text={preview.subject} unknown={unknownInPreview} />
              </p>
              <div className="mail-preview-body">
                <Marked text={preview.body} unknown={unknownInPreview} />
              </div>
            </div>
          ) : (
            <p className="muted mail-preview-loading">
              <Spinner /> {t('common.loading')}
            </p>
          )}
        </section>
      </div>

      <div className="form-actions mail-template-actions">
        <button type="button" className="button" onClick={onReset} disabled={!saved.isCustom && !dirty}>
          <Icon name="restore" />
          {t('mailUi.templates.reset')}
        </button>
        <span className="mail-actions-spacer" />
        {dirty && <span className="muted dirty-note">{t('form.unsaved')}</span>}
        <button type="submit" className="button primary" disabled={saving || !dirty}>
          {t('action.save')}
        </button>
      </div>
    </form>
  );
}

/** The preview text with the placeholders Arnika does not know marked. */
function Marked({ text, unknown }: { text: string; unknown: string[] }) {
  if (unknown.length === 0) return <>{text}</>;
  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g)) {
    if (!unknown.includes(match[1]!)) continue;
    parts.push(text.slice(last, match.index));
    parts.push(
      <mark key={match.index} className="mail-unknown">
        {match[0]}
      </mark>,
    );
    last = match.index! + match[0].length;
  }
  parts.push(text.slice(last));
  return <>{parts}</>;
}
