/**
 * Owns the practice's email templates: one saved text per practice, language and kind, falling back
 * to the built-in text (src/shared/mail/templates.ts) where the practice has saved none. Placeholder
 * checking happens in the contract's schema, so the form gets field errors before anything is stored.
 */
import type { MailTemplate } from '../../shared/contract/mail.js';
import {
  defaultTemplate, renderTemplate, sampleValues, templateKinds, type RenderedTemplate, type TemplateKind, type TemplateText,
  type TemplateValues,
} from '../../shared/mail/templates.js';
import { languages, type Language } from '../../shared/validation/fields.js';
import { formatInvoiceNumber } from '../../shared/billing/rules.js';
import { localDate, type Clock } from '../platform/clock.js';
import { newId } from '../platform/ids.js';
import type { Db } from '../platform/db/open.js';
import type { PracticesApi } from '../practices/index.js';

interface TemplateRow {
  practice_id: string; language: string; kind: string; subject: string; body: string; updated_at: string;
}

export interface SaveTemplate extends TemplateText {
  practiceId: string;
  language: Language;
  kind: TemplateKind;
}

export class MailTemplates {


  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly practices: Pick<PracticesApi, 'get'>,
  ) {}

  /** Every kind in every language, saved or built in. */
  list(practiceId: string): MailTemplate[] {
    this.practices.get(practiceId);
    const rows = this.db.prepare('SELECT * FROM mail_templates WHERE practice_id = ?').all(practiceId) as TemplateRow[];
    return templateKinds.flatMap((kind) =>
      languages.map((language) => {
        const row = rows.find((r) => r.kind === kind && r.language === language);
        return row ? fromRow(row) : builtIn(practiceId, language, kind);
      }),
    );
  }

  get(practiceId: string, language: Language, kind: TemplateKind): MailTemplate {
    const row = this.db
      .prepare('SELECT * FROM mail_templates WHERE practice_id = ? AND language = ? AND kind = ?')
      .get(practiceId, language, kind) as TemplateRow | undefined;
    return row ? fromRow(row) : builtIn(practiceId, language, kind);
  }

  save(t: SaveTemplate): MailTemplate {
    this.practices.get(t.practiceId);
    this.db
      .prepare(
        `INSERT INTO mail_templates (id, practice_id, language, kind, subject, body, updated_at)
         VALUES (@id, @practiceId, @language, @kind, @subject, @body, @now)
         ON CONFLICT (practice_id, language, kind) DO UPDATE SET subject = excluded.subject, body = excluded.body, updated_at = excluded.updated_at`,
      )
      .run({ id: newId(), practiceId: t.practiceId, language: t.language, kind: t.kind, subject: t.subject, body: t.body, now: this.clock.now().toISOString() });
    return this.get(t.practiceId, t.language, t.kind);
  }

  /** Back to the built-in text. */
  reset(practiceId: string, language: Language, kind: TemplateKind): MailTemplate {
    this.practices.get(practiceId);
    this.db.prepare('DELETE FROM mail_templates WHERE practice_id = ? AND language = ? AND kind = ?').run(practiceId, language, kind);
    return this.get(practiceId, language, kind);
  }

  /** The text as it would go out, with the practice's names and example values (or the given ones). */
  preview(practiceId: string, language: Language, text: TemplateText, values: Partial<TemplateValues> = {}): RenderedTemplate {
    const practice = this.practices.get(practiceId);
    const samples = sampleValues(language, { practiceName: practice.name, therapistName: practice.therapistName });
    // The example invoice number in the practice's own format (what its invoices will carry).
    samples.invoiceNumber = formatInvoiceNumber(practice.invoiceNumberFormat, 1, localDate(this.clock));
    const defined = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<TemplateValues>;
    return renderTemplate(text, { ...samples, ...defined });
  }
}

function fromRow(r: TemplateRow): MailTemplate {
  return {
    practiceId: r.practice_id,
    language: r.language as Language,
    kind: r.kind as TemplateKind,
    subject: r.subject,
    body: r.body,
    isCustom: true,
    updatedAt: r.updated_at,
  };
}

function builtIn(practiceId: string, language: Language, kind: TemplateKind): MailTemplate {
  return { practiceId, language, kind, ...defaultTemplate(kind, language), isCustom: false, updatedAt: null };
}
