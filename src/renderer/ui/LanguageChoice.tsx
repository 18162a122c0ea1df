/**
 * The four UI languages as a radio group, each named in its own language. A choice applies at
 * once and is saved via settings.update; if saving fails the previous language comes back.
 */
import { useState } from 'react';
import { languages, type Language } from '../../shared/validation/fields.js';
import { api } from '../api.js';
import { errorText } from './errors.js';
import { useT } from '../app/i18n.js';
import { Alert } from './Alert.js';

export function LanguageChoice({ onChange, compact }: { onChange(lang: Language): void; compact?: boolean }) {
  const t = useT();
  const [error, setError] = useState<string | null>(null);
  async function choose(lang: Language) {
    const previous = t.lang;
    setError(null);
    onChange(lang);
    const result = await api.call('settings.update', { uiLanguage: lang });
    if (!result.ok) {
      onChange(previous);
      setError(errorText(t, result.error));
    }
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
      {error && <Alert>{error}</Alert>}
    </fieldset>
  );
}
