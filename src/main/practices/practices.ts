/** Owns the practices (addresses the therapist bills from): create, edit, default, delete. */
import type { Practice, PracticeFields } from '../../shared/contract/index.js';
import { AppError } from '../../shared/errors.js';
import { isQrIban } from '../../shared/validation/checksums.js';
import type { Clock } from '../platform/clock.js';
import { newId } from '../platform/ids.js';
import { isForeignKeyRefusal } from '../platform/db/errors.js';
import type { Db } from '../platform/db/open.js';

interface PracticeRow {
  id: string; name: string; therapist_name: string; profession: string; street: string; house_number: string;
  postal_code: string; town: string; country: string; phone: string; email: string; website: string; iban: string;
  qr_reference_prefix: string; zsr_number: string; gln_number: string; vat_number: string; currency: string;
  default_language: string; payment_term_days: number; invoice_number_format: string; is_default: number; created_at: string; updated_at: string;
}

function fromRow(r: PracticeRow): Practice {
  return {
    id: r.id,
    name: r.name,
    therapistName: r.therapist_name,
    profession: r.profession as Practice['profession'],
    address: { street: r.street, houseNumber: r.house_number, postalCode: r.postal_code, town: r.town, country: r.country as Practice['address']['country'] },
    phone: r.phone,
    email: r.email,
    website: r.website,
    iban: r.iban,
    ibanIsQr: r.iban !== '' && isQrIban(r.iban),
    qrReferencePrefix: r.qr_reference_prefix,
    zsrNumber: r.zsr_number,
    glnNumber: r.gln_number,
    vatNumber: r.vat_number,
    currency: r.currency as Practice['currency'],
    defaultLanguage: r.default_language as Practice['defaultLanguage'],
    paymentTermDays: r.payment_term_days,
    invoiceNumberFormat: r.invoice_number_format,
    isDefault: r.is_default === 1,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function toParams(p: PracticeFields) {
  return {
    name: p.name, therapist_name: p.therapistName, profession: p.profession, street: p.address.street,
    house_number: p.address.houseNumber, postal_code: p.address.postalCode, town: p.address.town,
    country: p.address.country, phone: p.phone, email: p.email, website: p.website, iban: p.iban,
    qr_reference_prefix: p.qrReferencePrefix, zsr_number: p.zsrNumber, gln_number: p.glnNumber,
    vat_number: p.vatNumber, currency: p.currency, default_language: p.defaultLanguage,
    payment_term_days: p.paymentTermDays, invoice_number_format: p.invoiceNumberFormat,
  };
}

const columns = [
  'name', 'therapist_name', 'profession', 'street', 'house_number', 'postal_code', 'town', 'country', 'phone', 'email',
  'website', 'iban', 'qr_reference_prefix', 'zsr_number', 'gln_number', 'vat_number', 'currency', 'default_language',
  'payment_term_days', 'invoice_number_format',
] as const satisfies readonly (keyof ReturnType<typeof toParams>)[];

export class Practices {
  constructor(private readonly db: Db, private readonly clock: Clock) {}

  list(): Practice[] {
    const rows = this.db.prepare('SELECT * FROM practices ORDER BY is_default DESC, name, id').all() as PracticeRow[];
    return rows.map(fromRow);
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM practices').get() as { n: number }).n;
  }

  get(id: string): Practice {
    const row = this.db.prepare('SELECT * FROM practices WHERE id = ?').get(id) as PracticeRow | undefined;
    if (!row) throw new AppError('not_found', `Practice ${id} not found`);
    return fromRow(row);
  }

  getDefault(): Practice {
    const row = this.db.prepare('SELECT * FROM practices WHERE is_default = 1').get() as PracticeRow | undefined;
    if (!row) throw new AppError('practice.required', 'No practice has been set up yet');
    return fromRow(row);
  }

  create(fields: PracticeFields, makeDefault = false): Practice {
    const id = newId();
    const now = this.clock.now().toISOString();
    this.db.transaction(() => {
      const first = this.count() === 0;
      const isDefault = first || makeDefault;
      if (isDefault) this.db.prepare('UPDATE practices SET is_default = 0 WHERE is_default = 1').run();
      this.db
        .prepare(
          `INSERT INTO practices (id, ${columns.join(', ')}, is_default, created_at, updated_at)
           VALUES (@id, ${columns.map((c) => `@${c}`).join(', ')}, @is_default, @now, @now)`,
        )
        .run({ ...toParams(fields), id, is_default: isDefault ? 1 : 0, now });
    })();
    return this.get(id);
  }

  update(id: string, fields: PracticeFields): Practice {
    this.get(id);
    this.db
      .prepare(`UPDATE practices SET ${columns.map((c) => `${c} = @${c}`).join(', ')}, updated_at = @now WHERE id = @id`)
      .run({ ...toParams(fields), id, now: this.clock.now().toISOString() });
    return this.get(id);
  }

  setDefault(id: string): Practice {
    this.get(id);
    this.db.transaction(() => {
      this.db.prepare('UPDATE practices SET is_default = 0 WHERE is_default = 1').run();
      this.db.prepare('UPDATE practices SET is_default = 1 WHERE id = ?').run(id);
    })();
    return this.get(id);
  }

  delete(id: string): { id: string } {
    const practice = this.get(id);
    if (practice.isDefault) {
      throw new AppError('practice.default_delete', 'The default practice cannot be deleted; make another one the default first');
    }
    // Foreign keys (consultations, invoices: later migrations) refuse the delete of a practice in use.
    try {
      this.db.prepare('DELETE FROM practices WHERE id = ?').run(id);
    } catch (err) {
      if (isForeignKeyRefusal(err)) {
        throw new AppError('practice.in_use', 'The practice has consultations or invoices and cannot be deleted');
      }
      throw err;
    }
    return { id };
  }
}
