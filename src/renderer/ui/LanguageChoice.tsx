/**
 * The four UI languages as a radio group, each named in its own language. A choice applies at
 * once and is saved via settings.update; if saving fails the previous language comes back.
 */
import { languages, type Language } from '../../shared/validation/fields.js';
import { useApiMutation } from '../data/query.js';
import { errorText } from './errors.js';
import { useT } from '../app/i18n.js';
import { Alert } from './Alert.js';

export function LanguageChoice({ onChange, compact }: { onChange(lang: Language): void; compact?: boolean }) {
  const t = useT();
  const save = useApiMutation('settings.update', { invalidates: ['settings.'] });
  async function choose(lang: Language) {
    const previous = t.lang;
    save.reset();
    onChange(lang);
    const result = await save.run({ uiLanguage: lang });
    if (!result.ok) onChange(previous);
  }
  return (
    <fieldset className={compact ? 'segmented compact' : 'segmented'}>
      <legend className={compact ? 'visually-hidden' : 'legend'}>{t('settings.language')}</legend>
      <div className="segmented-options">
        {languages.map((lang) => (
          <label key={lang} className="segment">
            <input type="radio" name="ui-language" value={lang} checked={t.lang === lang} onChange={() => void choose(lang)} />
            <span lang={lang}>{t(`settings.languageName.${lang}`)}</span>
          </label>
        ))}
      </div>
      {save.error && <Alert>{errorText(t, save.error)}</Alert>}
    </fieldset>
  );
}
