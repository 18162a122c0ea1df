/**
 * Owns a practice's reminder settings: fees and default interest switched on or off, the three
 * levels (days, fee, new payment term, texts per language) with built-in defaults (a friendly
 * "Zahlungserinnerung" without fee, then "1. Mahnung" and "2. Mahnung"), and the fee terms the
 * invoice prints while fees are on (a Swiss reminder fee is owed only if it was agreed).
 */
import type { LevelText, ReminderSettings, ReminderSettingsFields } from '../../shared/contract/reminders.js';
import { maxReminderLevels } from '../../shared/contract/reminders.js';
import { translate } from '../../shared/i18n/index.js';
import { formatMoneyWithCurrency, formatRate } from '../../shared/money.js';
import { languages, type Currency, type Language } from '../../shared/validation/fields.js';
import type { Clock } from '../platform/clock.js';
import type { Db } from '../platform/db/open.js';
import { cached } from '../platform/db/statements.js';
import type { PracticesApi } from '../practices/index.js';

const defaultLevels: Omit<ReminderSettingsFields['levels'][number], 'texts'>[] = [
  { daysAfter: 10, feeMinor: 0, termDays: 10 },
  { daysAfter: 10, feeMinor: 2000, termDays: 10 },
  { daysAfter: 10, feeMinor: 3000, termDays: 10 },
];

const noTexts = () => Object.fromEntries(languages.map((l) => [l, null])) as Record<Language, LevelText | null>;

export function defaultSettings(): ReminderSettingsFields {
  return {
    feesEnabled: false,
    interestEnabled: false,
    interestRateBasisPoints: 500,
    minGapDays: 14,
    levels: defaultLevels.map((l) => ({ ...l, texts: noTexts() })),
  };
}

/** The built-in words of a level in a language (catalog reminder.levelN.*). */
export function builtInText(level: number, language: Language): LevelText {
  return { title: translate(language, `reminder.level${level}.title`), body: translate(language, `reminder.level${level}.body`) };
}

interface Row {
  fees_enabled: number; interest_enabled: number; interest_rate_bp: number; min_gap_days: number; levels: string;
}

export class ReminderSettingsStore {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly practices: Pick<PracticesApi, 'get'>,
  ) {}

  fields(practiceId: string): ReminderSettingsFields {
    const row = cached(this.db, 'SELECT * FROM reminder_settings WHERE practice_id = ?').get(practiceId) as Row | undefined;
    if (!row) return defaultSettings();
    const levels = JSON.parse(row.levels) as ReminderSettingsFields['levels'];
    return {
      feesEnabled: row.fees_enabled === 1,
      interestEnabled: row.interest_enabled === 1,
      interestRateBasisPoints: row.interest_rate_bp,
      minGapDays: row.min_gap_days,
      levels: levels.slice(0, maxReminderLevels).map((l) => ({ ...l, texts: { ...noTexts(), ...l.texts } })),
    };
  }

  get(practiceId: string): ReminderSettings {
    this.practices.get(practiceId);
    const fields = this.fields(practiceId);
    return {
      ...fields,
      practiceId,
      resolvedTexts: fields.levels.map((l, i) => Object.fromEntries(languages.map((lang) => [lang, l.texts[lang] ?? builtInText(i + 1, lang)])) as Record<Language, LevelText>),
    };
  }

  save(practiceId: string, s: ReminderSettingsFields): ReminderSettings {
    this.practices.get(practiceId);
    cached(this.db, `INSERT INTO reminder_settings (practice_id, fees_enabled, interest_enabled, interest_rate_bp, min_gap_days, levels, updated_at)
                     VALUES (?, ?, ?, ?, ?, ?, ?)
                     ON CONFLICT (practice_id) DO UPDATE SET fees_enabled = excluded.fees_enabled, interest_enabled = excluded.interest_enabled,
                       interest_rate_bp = excluded.interest_rate_bp, min_gap_days = excluded.min_gap_days, levels = excluded.levels, updated_at = excluded.updated_at`)
      .run(practiceId, s.feesEnabled ? 1 : 0, s.interestEnabled ? 1 : 0, s.interestRateBasisPoints, s.minGapDays, JSON.stringify(s.levels), this.clock.now().toISOString());
    return this.get(practiceId);
  }

  /** The words of level `level` (1-based) in `language`: the practice's own, or the built-in ones. */
  text(practiceId: string, level: number, language: Language): LevelText {
    return this.fields(practiceId).levels[level - 1]?.texts[language] ?? builtInText(level, language);
  }

  /**
   * What the invoice prints about reminder fees and interest while they are on, in its language;
   * null when the practice charges neither.
   */
  feeTerms(practiceId: string, language: Language, currency: Currency): string | null {
    const s = this.fields(practiceId);
    const parts: string[] = [];
    if (s.feesEnabled) {
      const fees = s.levels
        .map((l, i) => ({ fee: l.feeMinor, title: this.text(practiceId, i + 1, language).title }))
        .filter((l) => l.fee > 0)
        .map((l) => translate(language, 'reminder.feeTerms.item', { title: l.title, amount: formatMoneyWithCurrency(l.fee, currency, language) }));
      if (fees.length > 0) parts.push(translate(language, 'reminder.feeTerms', { fees: fees.join(', ') }));
    }
    if (s.interestEnabled && s.interestRateBasisPoints > 0) {
      const rate = formatRate(s.interestRateBasisPoints);
      parts.push(translate(language, 'reminder.interestTerms', { rate: currency === 'EUR' ? rate.replace('.', ',') : rate }));
    }
    return parts.length > 0 ? parts.join(' ') : null;
  }
}
