/** Owns a practice's service catalog (tariff positions with prices) and its consultation templates. */
import type { ConsultationTemplate, Service, ServiceFields, ServiceTariffFlag, TariffEntry } from '../../shared/contract/index.js';
import { TARIFF_FREE_CODE } from '../../shared/tarif590/rules.js';
import { z } from 'zod';
import { ConsultationTemplateFields } from '../../shared/contract/index.js';
import { AppError, fieldError } from '../../shared/errors.js';
import type { Language } from '../../shared/validation/fields.js';
import { localDate, type Clock } from '../platform/clock.js';
import { newId } from '../platform/ids.js';
import type { Db } from '../platform/db/open.js';

export interface ServiceRow {
  id: string; practice_id: string; code: string; name_de: string; name_fr: string; name_it: string; name_en: string;
  unit: string; price_minor: number; vat_rate_bp: number; active: number;
  tariff_code: string; tariff_text_de: string; tariff_text_fr: string; tariff_text_it: string; absence: number;
}

/** The service's name in the invoice language, German when that translation is empty. */
export function serviceName(row: Pick<ServiceRow, 'name_de' | 'name_fr' | 'name_it' | 'name_en'>, lang: Language): string {
  const byLang = { de: row.name_de, fr: row.name_fr, it: row.name_it, en: row.name_en }[lang];
  return byLang || row.name_de;
}

/**
 * What the service list needs of the Tarif 590 domain: the list valid on a day (one read for the
 * whole list) and whether the practice bills on the form.
 */
export interface ServiceTariffPort {
  entriesOn(date: string): { version: { validFrom: string } | null; entries: TariffEntry[] };
  usesTarif590(practiceId: string, anyCoded: boolean): boolean;
}

/** Why the service does not match the list (`list` = the version valid today), or null. A missed appointment never goes on the form. */
export function tariffFlagOf(r: ServiceRow, list: { version: { validFrom: string } | null; byCode: Map<string, TariffEntry> }, usesTarif590: boolean): ServiceTariffFlag | null {
  if (r.absence === 1) return null;
  const code = r.tariff_code;
  if (code === '') return usesTarif590 ? { reason: 'code_missing', code, versionFrom: null } : null;
  if (code === TARIFF_FREE_CODE) return r.tariff_text_de.trim() === '' && r.tariff_text_fr.trim() === '' && r.tariff_text_it.trim() === '' ? { reason: 'free_text_missing', code, versionFrom: null } : null;
  if (!list.version) return { reason: 'no_list', code, versionFrom: null };
  const entry = list.byCode.get(code);
  if (!entry) return { reason: 'code_unknown', code, versionFrom: list.version.validFrom };
  const same = entry.texts.de === r.tariff_text_de && entry.texts.fr === r.tariff_text_fr && entry.texts.it === r.tariff_text_it;
  return same ? null : { reason: 'text_differs', code, versionFrom: list.version.validFrom };
}

/** Whether the practice of service `s` has a service (inactive ones too) with a Tarif 590 code; a missed appointment does not count. */
const ANY_CODED = "EXISTS (SELECT 1 FROM services x WHERE x.practice_id = s.practice_id AND x.tariff_code <> '' AND x.absence = 0)";

function fromRow(r: ServiceRow, inUse: boolean, tariffFlag: ServiceTariffFlag | null): Service {
  return {
    id: r.id, practiceId: r.practice_id, code: r.code,
    names: { de: r.name_de, fr: r.name_fr, it: r.name_it, en: r.name_en },
    unit: r.unit as Service['unit'], priceMinor: r.price_minor, vatRateBasisPoints: r.vat_rate_bp, active: r.active === 1, inUse,
    tariffCode: r.tariff_code, tariffTexts: { de: r.tariff_text_de, fr: r.tariff_text_fr, it: r.tariff_text_it }, absence: r.absence === 1,
    tariffFlag,
  };
}

type TemplateFields = z.infer<typeof ConsultationTemplateFields>;

export class Services {
  constructor(private readonly db: Db, private readonly clock: Clock, private readonly tariff: ServiceTariffPort) {}

  /** The tariff list valid today, read once for however many services are checked against it. */
  private tariffToday() {
    const { version, entries } = this.tariff.entriesOn(localDate(this.clock));
    return { version, byCode: new Map(entries.map((e) => [e.code, e])) };
  }

  private flags(practiceId: string, anyCoded: boolean): (r: ServiceRow) => ServiceTariffFlag | null {
    const list = this.tariffToday();
    const uses = this.tariff.usesTarif590(practiceId, anyCoded);
    return (r) => tariffFlagOf(r, list, uses);
  }

  private inUse(id: string): boolean {
    return this.db.prepare('SELECT 1 FROM consultation_items WHERE service_id = ? LIMIT 1').get(id) !== undefined;
  }

  row(id: string): ServiceRow {
    const row = this.db.prepare('SELECT * FROM services WHERE id = ?').get(id) as ServiceRow | undefined;
    if (!row) throw new AppError('not_found', `Service ${id} not found`);
    return row;
  }

  list(practiceId: string, includeInactive: boolean): Service[] {
    // "In use" in the same query (an index probe per service: migration 0008), not one query per
    // service; so is "does any service of the practice, inactive ones too, carry a Tarif 590 code".
    const rows = this.db
      .prepare(
        `SELECT s.*, EXISTS (SELECT 1 FROM consultation_items ci WHERE ci.service_id = s.id) AS in_use, ${ANY_CODED} AS any_coded
         FROM services s WHERE s.practice_id = ? ${includeInactive ? '' : 'AND s.active = 1'} ORDER BY s.code, s.name_de`,
      )
      .all(practiceId) as Array<ServiceRow & { in_use: number; any_coded: number }>;
    const flag = this.flags(practiceId, rows[0]?.any_coded === 1);
    return rows.map((r) => fromRow(r, r.in_use === 1, flag(r)));
  }

  get(id: string): Service {
    const row = this.db.prepare(`SELECT s.*, ${ANY_CODED} AS any_coded FROM services s WHERE s.id = ?`).get(id) as (ServiceRow & { any_coded: number }) | undefined;
    if (!row) throw new AppError('not_found', `Service ${id} not found`);
    return fromRow(row, this.inUse(id), this.flags(row.practice_id, row.any_coded === 1)(row));
  }

  private checkCodeFree(practiceId: string, code: string, exceptId: string | null): void {
    const clash = this.db.prepare('SELECT id FROM services WHERE practice_id = ? AND code = ? AND active = 1 AND id IS NOT ?').get(practiceId, code, exceptId);
    if (clash) throw fieldError('service.code', 'v.service_code_taken', { code });
  }

  create(practiceId: string, s: ServiceFields): Service {
    if (!this.db.prepare('SELECT 1 FROM practices WHERE id = ?').get(practiceId)) throw new AppError('not_found', 'Practice not found');
    if (s.active) this.checkCodeFree(practiceId, s.code, null);
    const id = newId();
    const now = this.clock.now().toISOString();
    this.db
      .prepare(
        `INSERT INTO services (id, practice_id, code, name_de, name_fr, name_it, name_en, unit, price_minor, vat_rate_bp, active, created_at, updated_at,
           tariff_code, tariff_text_de, tariff_text_fr, tariff_text_it, absence)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, practiceId, s.code, s.names.de, s.names.fr, s.names.it, s.names.en, s.unit, s.priceMinor, s.vatRateBasisPoints, s.active ? 1 : 0, now, now,
        s.tariffCode, s.tariffTexts.de, s.tariffTexts.fr, s.tariffTexts.it, s.absence ? 1 : 0);
    return this.get(id);
  }

  /** A new price applies to consultations recorded from now on; recorded ones keep theirs. */
  update(id: string, s: ServiceFields): Service {
    const row = this.row(id);
    if (s.active) this.checkCodeFree(row.practice_id, s.code, id);
    this.db
      .prepare(
        `UPDATE services SET code = ?, name_de = ?, name_fr = ?, name_it = ?, name_en = ?, unit = ?, price_minor = ?, vat_rate_bp = ?, active = ?, updated_at = ?,
           tariff_code = ?, tariff_text_de = ?, tariff_text_fr = ?, tariff_text_it = ?, absence = ? WHERE id = ?`,
      )
      .run(s.code, s.names.de, s.names.fr, s.names.it, s.names.en, s.unit, s.priceMinor, s.vatRateBasisPoints, s.active ? 1 : 0, this.clock.now().toISOString(),
        s.tariffCode, s.tariffTexts.de, s.tariffTexts.fr, s.tariffTexts.it, s.absence ? 1 : 0, id);
    return this.get(id);
  }

  delete(id: string): { id: string } {
    this.row(id);
    const usedByTemplate = this.db.prepare('SELECT 1 FROM consultation_template_items WHERE service_id = ? LIMIT 1').get(id);
    if (this.inUse(id) || usedByTemplate) {
      throw new AppError('service.in_use', 'The service is used by consultations or templates; deactivate it instead');
    }
    this.db.prepare('DELETE FROM services WHERE id = ?').run(id);
    return { id };
  }

  // Consultation templates ------------------------------------------------------------------

  listTemplates(practiceId: string): ConsultationTemplate[] {
    const rows = this.db.prepare('SELECT * FROM consultation_templates WHERE practice_id = ? ORDER BY name').all(practiceId) as Array<{ id: string; practice_id: string; name: string; duration_minutes: number }>;
    const items = this.db.prepare('SELECT service_id, quantity_hundredths, minutes FROM consultation_template_items WHERE template_id = ? ORDER BY position');
    return rows.map((r) => ({
      id: r.id, practiceId: r.practice_id, name: r.name, durationMinutes: r.duration_minutes,
      items: (items.all(r.id) as Array<{ service_id: string; quantity_hundredths: number; minutes: number | null }>)
        .map((i) => ({ serviceId: i.service_id, quantityHundredths: i.quantity_hundredths, minutes: i.minutes })),
    }));
  }

  /** The template's services must be the practice's; returns which are per-5-minutes positions. */
  private checkTemplateServices(practiceId: string, t: TemplateFields): boolean[] {
    return t.items.map((item, i) => {
      const row = this.db.prepare('SELECT practice_id, unit FROM services WHERE id = ?').get(item.serviceId) as { practice_id: string; unit: string } | undefined;
      if (!row || row.practice_id !== practiceId) throw fieldError(`template.items.${i}.serviceId`, 'v.service_unknown');
      return row.unit === 'min5';
    });
  }

  /** Default minutes are kept for per-5-minutes positions only (the others have a quantity). */
  private writeItems(templateId: string, t: TemplateFields, timeBased: boolean[]): void {
    this.db.prepare('DELETE FROM consultation_template_items WHERE template_id = ?').run(templateId);
    const insert = this.db.prepare('INSERT INTO consultation_template_items (template_id, position, service_id, quantity_hundredths, minutes) VALUES (?, ?, ?, ?, ?)');
    t.items.forEach((item, i) => insert.run(templateId, i, item.serviceId, item.quantityHundredths, timeBased[i] ? item.minutes : null));
  }

  createTemplate(practiceId: string, t: TemplateFields): ConsultationTemplate {
    const timeBased = this.checkTemplateServices(practiceId, t);
    const id = newId();
    const now = this.clock.now().toISOString();
    this.db.transaction(() => {
      this.db.prepare('INSERT INTO consultation_templates (id, practice_id, name, duration_minutes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)').run(id, practiceId, t.name, t.durationMinutes, now, now);
      this.writeItems(id, t, timeBased);
    })();
    return this.getTemplate(id);
  }

  getTemplate(id: string): ConsultationTemplate {
    const row = this.db.prepare('SELECT practice_id FROM consultation_templates WHERE id = ?').get(id) as { practice_id: string } | undefined;
    if (!row) throw new AppError('not_found', `Template ${id} not found`);
    return this.listTemplates(row.practice_id).find((t) => t.id === id)!;
  }

  updateTemplate(id: string, t: TemplateFields): ConsultationTemplate {
    const existing = this.getTemplate(id);
    const timeBased = this.checkTemplateServices(existing.practiceId, t);
    this.db.transaction(() => {
      this.db.prepare('UPDATE consultation_templates SET name = ?, duration_minutes = ?, updated_at = ? WHERE id = ?').run(t.name, t.durationMinutes, this.clock.now().toISOString(), id);
      this.writeItems(id, t, timeBased);
    })();
    return this.getTemplate(id);
  }

  deleteTemplate(id: string): { id: string } {
    this.getTemplate(id);
    this.db.prepare('DELETE FROM consultation_templates WHERE id = ?').run(id);
    return { id };
  }
}
