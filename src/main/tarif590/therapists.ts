/**
 * Owns the therapists of a practice (Leistungserbringer) and the practice's Tarif 590 settings.
 * A practice always has at least one therapist: one made from the practice's own name, ZSR and GLN
 * when it has none (migration 0012 did this for existing practices; new practices get theirs on
 * first use), so a solo practice never has to think about therapists. While a practice has only that
 * one therapist, an empty ZSR or GLN of the therapist is read from the practice: a solo therapist
 * enters them once, in the practice, and may do so after the copy was made.
 */
import type { Tarif590Settings, Therapist, TherapistFields } from '../../shared/contract/tarif590.js';
import { AppError, fieldError } from '../../shared/errors.js';
import { isCanton } from '../../shared/tarif590/rules.js';
import type { Clock } from '../platform/clock.js';
import { newId } from '../platform/ids.js';
import type { Db } from '../platform/db/open.js';
import { cached } from '../platform/db/statements.js';

interface TherapistRow {
  id: string; practice_id: string; name: string; profession: string; zsr: string; gln: string; methods: string; active: number;
}

const fromRow = (r: TherapistRow): Therapist => ({
  id: r.id, practiceId: r.practice_id, name: r.name, profession: r.profession, zsr: r.zsr, gln: r.gln,
  methods: JSON.parse(r.methods) as string[], active: r.active === 1,
});

export const defaultSettings: Tarif590Settings = { invoiceForm: 'by_cover', biller: 'therapist', canton: '', reimbursement: 'TG', patientCopy: false };

export class Therapists {
  constructor(private readonly db: Db, private readonly clock: Clock) {}

  private practiceRow(practiceId: string): { therapist_name: string; zsr_number: string; gln_number: string } {
    const p = cached(this.db, 'SELECT therapist_name, zsr_number, gln_number FROM practices WHERE id = ?').get(practiceId) as
      { therapist_name: string; zsr_number: string; gln_number: string } | undefined;
    if (!p) throw new AppError('not_found', `Practice ${practiceId} not found`);
    return p;
  }

  /** The practice's own therapist, made from its data when it has none yet. */
  private ensureOne(practiceId: string): void {
    if (cached(this.db, 'SELECT 1 FROM therapists WHERE practice_id = ? LIMIT 1').get(practiceId)) return;
    const p = this.practiceRow(practiceId);
    this.insert(practiceId, { name: p.therapist_name, profession: '', zsr: p.zsr_number, gln: p.gln_number, methods: [], active: true });
  }

  list(practiceId: string, includeInactive = false): Therapist[] {
    this.ensureOne(practiceId);
    const rows = cached(this.db, `SELECT * FROM therapists WHERE practice_id = ? ${includeInactive ? '' : 'AND active = 1'} ORDER BY created_at, name, id`)
      .all(practiceId) as TherapistRow[];
    return rows.map((r) => this.withPracticeIds(r));
  }

  get(id: string): Therapist {
    const row = cached(this.db, 'SELECT * FROM therapists WHERE id = ?').get(id) as TherapistRow | undefined;
    if (!row) throw new AppError('not_found', `Therapist ${id} not found`);
    return this.withPracticeIds(row);
  }

  /** True while the practice has a single therapist (active or not): its ZSR and GLN are then the practice's. */
  solo(practiceId: string): boolean {
    return (cached(this.db, 'SELECT count(*) AS n FROM therapists WHERE practice_id = ?').get(practiceId) as { n: number }).n <= 1;
  }

  private withPracticeIds(r: TherapistRow): Therapist {
    const t = fromRow(r);
    if ((t.zsr !== '' && t.gln !== '') || !this.solo(r.practice_id)) return t;
    const p = this.practiceRow(r.practice_id);
    return { ...t, zsr: t.zsr || p.zsr_number, gln: t.gln || p.gln_number };
  }

  private insert(practiceId: string, t: TherapistFields): string {
    const id = newId();
    const now = this.clock.now().toISOString();
    cached(this.db, `INSERT INTO therapists (id, practice_id, name, profession, zsr, gln, methods, active, created_at, updated_at)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(id, practiceId, t.name, t.profession, t.zsr, t.gln, JSON.stringify(t.methods), t.active ? 1 : 0, now, now);
    return id;
  }

  private checkZsrFree(practiceId: string, zsr: string, exceptId: string | null): void {
    // A ZSR number is personal: two therapists of one practice cannot share one.
    if (zsr === '') return;
    const clash = cached(this.db, 'SELECT 1 FROM therapists WHERE practice_id = ? AND zsr = ? AND id IS NOT ?').get(practiceId, zsr, exceptId);
    if (clash) throw fieldError('therapist.zsr', 'v.zsr_taken');
  }

  create(practiceId: string, t: TherapistFields): Therapist {
    this.practiceRow(practiceId);
    this.ensureOne(practiceId);
    this.checkZsrFree(practiceId, t.zsr, null);
    return this.get(this.insert(practiceId, t));
  }

  update(id: string, t: TherapistFields): Therapist {
    const existing = this.get(id);
    this.checkZsrFree(existing.practiceId, t.zsr, id);
    if (!t.active && existing.active && this.list(existing.practiceId).length === 1) throw fieldError('therapist.active', 'v.last_therapist');
    cached(this.db, 'UPDATE therapists SET name = ?, profession = ?, zsr = ?, gln = ?, methods = ?, active = ?, updated_at = ? WHERE id = ?')
      .run(t.name, t.profession, t.zsr, t.gln, JSON.stringify(t.methods), t.active ? 1 : 0, this.clock.now().toISOString(), id);
    return this.get(id);
  }

  /** The therapist of a new or edited consultation: the one chosen (of this practice), else the practice's first active one. */
  therapistFor(practiceId: string, therapistId: string | undefined | null): string {
    if (therapistId) {
      const t = cached(this.db, 'SELECT practice_id FROM therapists WHERE id = ?').get(therapistId) as { practice_id: string } | undefined;
      if (!t || t.practice_id !== practiceId) throw fieldError('consultation.therapistId', 'v.therapist_unknown');
      return therapistId;
    }
    return this.list(practiceId)[0]!.id;
  }

  settings(practiceId: string): Tarif590Settings {
    this.practiceRow(practiceId);
    const r = cached(this.db, 'SELECT * FROM tarif590_settings WHERE practice_id = ?').get(practiceId) as
      { invoice_form: Tarif590Settings['invoiceForm']; biller: Tarif590Settings['biller']; canton: string; reimbursement: 'TG' | 'TP'; patient_copy: number } | undefined;
    if (!r) return defaultSettings;
    // A value stored before the contract knew only the 26 cantons reads as unset, so the checker asks for it.
    return { invoiceForm: r.invoice_form, biller: r.biller, canton: isCanton(r.canton) ? r.canton : '', reimbursement: r.reimbursement, patientCopy: r.patient_copy === 1 };
  }

  updateSettings(practiceId: string, s: Tarif590Settings): Tarif590Settings {
    this.practiceRow(practiceId);
    cached(this.db, `INSERT INTO tarif590_settings (practice_id, invoice_form, biller, canton, reimbursement, patient_copy) VALUES (?, ?, ?, ?, ?, ?)
                     ON CONFLICT (practice_id) DO UPDATE SET invoice_form = excluded.invoice_form, biller = excluded.biller, canton = excluded.canton,
                       reimbursement = excluded.reimbursement, patient_copy = excluded.patient_copy`)
      .run(practiceId, s.invoiceForm, s.biller, s.canton, s.reimbursement, s.patientCopy ? 1 : 0);
    return this.settings(practiceId);
  }
}
