/**
 * Mahnwesen → Einstellungen, per practice: whether fees are charged (then the invoice states them,
 * since a Swiss reminder fee is owed only if it was agreed) and default interest (5 % a year by
 * OR 104, off by default), the least gap between two reminders, and for each level its days, fee,
 * new payment term and its words per language (the built-in ones until the practice writes its own).
 */
import { useEffect, useState } from 'react';
import type { ReminderSettings, ReminderSettingsFields } from '../../../shared/contract/reminders.js';
import { languages, type Language } from '../../../shared/validation/fields.js';
import { formatRate, minorToDecimalString, parseMoney } from '../../../shared/money.js';
import { useT } from '../../app/i18n.js';
import { useApiMutation } from '../../data/query.js';
import { Alert } from '../../ui/Alert.js';
import { errorText } from '../../ui/errors.js';
import { useToast } from '../../ui/Toast.js';
import { PracticePicker } from '../practices/PracticePicker.js';
import { usePracticeList } from '../practices/usePractices.js';

interface LevelDraft {
  daysAfter: string;
  fee: string;
  termDays: string;
  texts: Record<Language, { title: string; body: string; custom: boolean }>;
}

interface Draft {
  feesEnabled: boolean;
  interestEnabled: boolean;
  rate: string;
  minGapDays: string;
  levels: LevelDraft[];
}

function toDraft(s: ReminderSettings): Draft {
  return {
    feesEnabled: s.feesEnabled, interestEnabled: s.interestEnabled, rate: formatRate(s.interestRateBasisPoints), minGapDays: String(s.minGapDays),
    levels: s.levels.map((l, i) => ({
      daysAfter: String(l.daysAfter), fee: minorToDecimalString(l.feeMinor), termDays: String(l.termDays),
      texts: Object.fromEntries(languages.map((lang) => [lang, { ...s.resolvedTexts[i]![lang]!, custom: l.texts[lang] !== null }])) as LevelDraft['texts'],
    })),
  };
}

const int = (s: string) => (/^\d+$/.test(s.trim()) ? Number(s.trim()) : NaN);

function fromDraft(d: Draft): ReminderSettingsFields {
  const rate = parseMoney(d.rate.replace(',', '.'));
  return {
    feesEnabled: d.feesEnabled, interestEnabled: d.interestEnabled, interestRateBasisPoints: rate ?? NaN, minGapDays: int(d.minGapDays),
    levels: d.levels.map((l) => ({
      daysAfter: int(l.daysAfter), feeMinor: parseMoney(l.fee) ?? NaN, termDays: int(l.termDays),
      texts: Object.fromEntries(languages.map((lang) => [lang, l.texts[lang].custom ? { title: l.texts[lang].title, body: l.texts[lang].body } : null])) as ReminderSettingsFields['levels'][number]['texts'],
    })),
  };
}

export function ReminderSettingsPanel() {
  const t = useT();
  const toast = useToast();
  const { choice, practice, list } = usePracticeList('reminders.settings');
  const save = useApiMutation('reminders.saveSettings', { invalidates: ['reminders.', 'invoices.get'] });
  const [draft, setDraft] = useState<Draft | null>(null);
  const [lang, setLang] = useState<Language>('de');
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    if (list.data) setDraft(toDraft(list.data));
  }, [list.data]);
  if (!draft || !practice) return list.error ? <Alert>{errorText(t, list.error)}</Alert> : null;
  const currency = practice.currency;
  const set = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });
  const setLevel = (i: number, patch: Partial<LevelDraft>) => set({ levels: draft.levels.map((l, k) => (k === i ? { ...l, ...patch } : l)) });

  async function submit() {
    setProblem(null);
    const r = await save.run({ practiceId: practice!.id, settings: fromDraft(draft!) });
    if (!r.ok) return setProblem(errorText(t, r.error) + (r.error.details?.fields ? ` (${r.error.details.fields.map((f) => t.message(f)).join(' ')})` : ''));
    toast.show(t('reminders.settings.saved'));
  }

  return (
    <section aria-labelledby="settings-title" className="form">
      <div className="section-head">
        <div>
          <h2 id="settings-title">{t('reminders.tab.settings')}</h2>
          <p className="muted">{t('reminders.settings.intro')}</p>
        </div>
        <PracticePicker choice={choice} />
      </div>
      {problem && <Alert>{problem}</Alert>}
      <div className="card level-card">
        <div className="grid">
          <label className="checkbox-row span-6">
            <input type="checkbox" className="checkbox" checked={draft.feesEnabled} onChange={(e) => set({ feesEnabled: e.target.checked })} />
            <span>{t('reminders.settings.fees')}</span>
          </label>
          <p className="field-hint span-6">{t('reminders.settings.feesHint')}</p>
          <label className="checkbox-row span-6">
            <input type="checkbox" className="checkbox" checked={draft.interestEnabled} onChange={(e) => set({ interestEnabled: e.target.checked })} />
            <span>{t('reminders.settings.interest')}</span>
          </label>
          <label className="field span-2">
            <span className="label-row"><span>{t('reminders.settings.rate')}</span></span>
            <input className="input" inputMode="decimal" value={draft.rate} onChange={(e) => set({ rate: e.target.value })} />
          </label>
          <label className="field span-2">
            <span className="label-row"><span>{t('reminders.settings.gap')}</span></span>
            <input className="input" inputMode="numeric" value={draft.minGapDays} onChange={(e) => set({ minGapDays: e.target.value })} />
          </label>
        </div>
      </div>
      <div className="mail-tabs" role="tablist" aria-label={t('mailUi.templates.languages')}>
        {languages.map((l) => (
          <button key={l} type="button" role="tab" aria-selected={l === lang} className="mail-tab" onClick={() => setLang(l)}>
            {t(`language.${l}`)}
          </button>
        ))}
      </div>
      {draft.levels.map((level, i) => (
        <div key={i} className="card level-card" role="group" aria-label={t('reminders.settings.level', { level: i + 1 })}>
          <h3>{t('reminders.settings.level', { level: i + 1 })}: {level.texts[lang].title}</h3>
          <div className="grid">
            <label className="field span-2">
              <span className="label-row"><span>{i === 0 ? t('reminders.settings.daysAfterDue') : t('reminders.settings.daysAfterPrevious')}</span></span>
              <input className="input" inputMode="numeric" value={level.daysAfter} onChange={(e) => setLevel(i, { daysAfter: e.target.value })} />
            </label>
            <label className="field span-2">
              <span className="label-row"><span>{t('reminders.settings.fee', { currency })}</span></span>
              <input className="input" inputMode="decimal" value={level.fee} onChange={(e) => setLevel(i, { fee: e.target.value })} />
            </label>
            <label className="field span-2">
              <span className="label-row"><span>{t('reminders.settings.term')}</span></span>
              <input className="input" inputMode="numeric" value={level.termDays} onChange={(e) => setLevel(i, { termDays: e.target.value })} />
            </label>
            <label className="field span-6">
              <span className="label-row"><span>{t('reminders.settings.title', { language: t(`language.${lang}`) })}</span></span>
              <input className="input" value={level.texts[lang].title} onChange={(e) => setLevel(i, { texts: { ...level.texts, [lang]: { ...level.texts[lang], title: e.target.value, custom: true } } })} />
            </label>
            <label className="field span-6">
              <span className="label-row"><span>{t('reminders.settings.body', { language: t(`language.${lang}`) })}</span></span>
              <textarea className="input textarea" rows={4} value={level.texts[lang].body} onChange={(e) => setLevel(i, { texts: { ...level.texts, [lang]: { ...level.texts[lang], body: e.target.value, custom: true } } })} />
            </label>
            <p className="field-hint span-6">{t('reminders.settings.placeholders')}</p>
          </div>
        </div>
      ))}
      <div className="form-actions">
        <button type="button" className="button primary" disabled={save.isPending} onClick={() => void submit()}>
          {t('action.save')}
        </button>
      </div>
    </section>
  );
}
