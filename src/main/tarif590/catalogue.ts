/**
 * Owns the Tarif 590 catalogue: versions imported from the published file (each with its
 * validity), their codes and official texts, the preview of what an import changes, and the
 * lookup "which text does this code have on this date". Arnika ships no codes: the import is the
 * only way in.
 */
import type { TariffEntry, TariffImportPreview, TariffVersion } from '../../shared/contract/tarif590.js';
import { formatDate } from '../../shared/dates.js';
import { AppError, fieldError } from '../../shared/errors.js';
import type { Clock } from '../platform/clock.js';
import { newId } from '../platform/ids.js';
import type { Db } from '../platform/db/open.js';
import { cached } from '../platform/db/statements.js';
import { readTariffCsv } from './csv.js';
import { readTariffXlsx, tariffFileKind } from './xlsx.js';

interface VersionRow { id: string; label: string; valid_from: string; valid_to: string | null; source_name: string; imported_at: string; n: number }
interface EntryRow { code: string; text_de: string; text_fr: string; text_it: string }

const toVersion = (r: VersionRow): TariffVersion => ({
  id: r.id, label: r.label, validFrom: r.valid_from, validTo: r.valid_to, sourceName: r.source_name, importedAt: r.imported_at, entryCount: r.n,
});
const toEntry = (r: EntryRow): TariffEntry => ({ code: r.code, texts: { de: r.text_de, fr: r.text_fr, it: r.text_it } });
const sameTexts = (a: TariffEntry['texts'], b: TariffEntry['texts']) => a.de === b.de && a.fr === b.fr && a.it === b.it;

export interface ImportRequest { label: string; validFrom: string; validTo: string | null; sourceName: string; bytes: Buffer }

/**
 * The entries of the uploaded file, CSV or Excel. A workbook that says from when it is valid must
 * be imported with that date: a version filed under another date would be used on the wrong days.
 */
async function readTariffFile(request: ImportRequest): Promise<{ entries: TariffEntry[]; sheet: string | null }> {
  if (tariffFileKind(request.sourceName, request.bytes) === 'csv') return { entries: readTariffCsv(request.bytes), sheet: null };
  const x = await readTariffXlsx(request.bytes);
  if (x.validFrom !== null && x.validFrom !== request.validFrom) throw fieldError('validFrom', 'v.tariff_valid_from_file', { date: formatDate(x.validFrom) });
  return { entries: x.entries, sheet: x.sheet };
}

export class Catalogue {
  constructor(private readonly db: Db, private readonly clock: Clock) {}

  versions(): TariffVersion[] {
    const rows = this.db.prepare(`SELECT v.*, (SELECT count(*) FROM tariff_entries e WHERE e.version_id = v.id) AS n
                                  FROM tariff_versions v ORDER BY v.valid_from DESC`).all() as VersionRow[];
    return rows.map(toVersion);
  }

  /** The version valid on `date` (the latest one that started by then and has not ended), or null. */
  versionOn(date: string): TariffVersion | null {
    const r = cached(this.db, `SELECT v.*, (SELECT count(*) FROM tariff_entries e WHERE e.version_id = v.id) AS n FROM tariff_versions v
                               WHERE v.valid_from <= ? AND (v.valid_to IS NULL OR v.valid_to >= ?) ORDER BY v.valid_from DESC LIMIT 1`).get(date, date) as VersionRow | undefined;
    return r ? toVersion(r) : null;
  }

  entries(versionId: string): TariffEntry[] {
    return (cached(this.db, 'SELECT code, text_de, text_fr, text_it FROM tariff_entries WHERE version_id = ? ORDER BY code').all(versionId) as EntryRow[]).map(toEntry);
  }

  entriesOn(date: string): { version: TariffVersion | null; entries: TariffEntry[] } {
    const version = this.versionOn(date);
    return { version, entries: version ? this.entries(version.id) : [] };
  }

  /** The code's entry in the version valid on `date`; `version` null when no version is valid then. */
  lookup(code: string, date: string): { version: string | null; entry: TariffEntry | null } {
    const version = this.versionOn(date);
    if (!version) return { version: null, entry: null };
    const r = cached(this.db, 'SELECT code, text_de, text_fr, text_it FROM tariff_entries WHERE version_id = ? AND code = ?').get(version.id, code) as EntryRow | undefined;
    return { version: version.label, entry: r ? toEntry(r) : null };
  }

  /** What importing the file would change against the version valid on its first day; nothing is written. */
  async preview(request: ImportRequest): Promise<TariffImportPreview> {
    const { entries: incoming, sheet } = await readTariffFile(request);
    const base = this.versionOn(request.validFrom);
    const before = new Map((base ? this.entries(base.id) : []).map((e) => [e.code, e]));
    const after = new Map(incoming.map((e) => [e.code, e]));
    const services = this.db.prepare(`SELECT id, name_de, tariff_code, tariff_text_de, tariff_text_fr, tariff_text_it FROM services
                                      WHERE tariff_code <> '' AND tariff_code <> '999' AND active = 1 ORDER BY name_de`).all() as
      { id: string; name_de: string; tariff_code: string; tariff_text_de: string; tariff_text_fr: string; tariff_text_it: string }[];
    return {
      comparedWith: base?.label ?? null,
      sheet,
      entryCount: incoming.length,
      added: incoming.filter((e) => !before.has(e.code)),
      changed: incoming.flatMap((e) => {
        const old = before.get(e.code);
        return old && !sameTexts(old.texts, e.texts) ? [{ code: e.code, before: old.texts, after: e.texts }] : [];
      }),
      removed: [...before.values()].filter((e) => !after.has(e.code)),
      affectedServices: services.flatMap((s) => {
        const e = after.get(s.tariff_code);
        const texts = { de: s.tariff_text_de, fr: s.tariff_text_fr, it: s.tariff_text_it };
        return !e || !sameTexts(e.texts, texts) ? [{ id: s.id, name: s.name_de, code: s.tariff_code }] : [];
      }),
    };
  }

  /**
   * Stores the file as a new version valid from `validFrom`. The version before it (if open-ended)
   * now ends the day before; a version starting on the same day is refused (import it with another date).
   */
  async import(request: ImportRequest): Promise<TariffVersion> {
    const { entries } = await readTariffFile(request);
    if (entries.length === 0) throw new AppError('tariff.csv_empty', 'The file holds no tariff positions');
    const id = newId();
    this.db.transaction(() => {
      if (cached(this.db, "SELECT 1 FROM tariff_versions WHERE tariff = '590' AND valid_from = ?").get(request.validFrom)) {
        throw fieldError('validFrom', 'v.tariff_version_exists');
      }
      const dayBefore = new Date(`${request.validFrom}T00:00:00Z`);
      dayBefore.setUTCDate(dayBefore.getUTCDate() - 1);
      cached(this.db, `UPDATE tariff_versions SET valid_to = ? WHERE valid_from < ? AND (valid_to IS NULL OR valid_to >= ?)`)
        .run(dayBefore.toISOString().slice(0, 10), request.validFrom, request.validFrom);
      cached(this.db, `INSERT INTO tariff_versions (id, tariff, label, valid_from, valid_to, source_name, imported_at) VALUES (?, '590', ?, ?, ?, ?, ?)`)
        .run(id, request.label, request.validFrom, request.validTo, request.sourceName, this.clock.now().toISOString());
      const insert = cached(this.db, 'INSERT INTO tariff_entries (version_id, code, text_de, text_fr, text_it) VALUES (?, ?, ?, ?, ?)');
      for (const e of entries) insert.run(id, e.code, e.texts.de, e.texts.fr, e.texts.it);
    }).immediate();
    return this.versions().find((v) => v.id === id)!;
  }
}
