/**
 * Owns invoice numbers: the number ranges of this installation (a second workstation gets, say,
 * 10001-20000), taking the next number inside the issuing transaction, and formatting it with
 * the practice's pattern. Numbers only move forward: never reused, never wrapped around.
 */
import type { NumberRange } from '../../shared/contract/index.js';
import { AppError } from '../../shared/errors.js';
import type { Clock } from '../platform/clock.js';
import { newId } from '../platform/ids.js';
import type { Db } from '../platform/db/open.js';

interface RangeRow {
  id: string; label: string; range_from: number; range_to: number; next_value: number; this_workstation: number; active: number;
}

function fromRow(r: RangeRow): NumberRange {
  return {
    id: r.id, label: r.label, from: r.range_from, to: r.range_to, next: r.next_value,
    thisWorkstation: r.this_workstation === 1, active: r.active === 1,
    remaining: r.this_workstation === 1 ? r.range_to - r.next_value + 1 : 0,
  };
}

export { formatInvoiceNumber } from '../../shared/billing/rules.js';

/** The first workstation's range when none was set up; a second computer then takes, say, 10001-20000. */
export const defaultRange = { from: 1, to: 9_999 } as const;

export class NumberRanges {
  /** defaultLabel names the first range ("Arbeitsplatz 1") in the user's language. */
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly defaultLabel: () => string = () => 'Arbeitsplatz 1',
  ) {}

  list(): NumberRange[] {
    return (this.db.prepare('SELECT * FROM number_ranges ORDER BY range_from').all() as RangeRow[]).map(fromRow);
  }

  create(input: { label: string; from: number; to: number; thisWorkstation: boolean }): NumberRange {
    const id = newId();
    this.db.transaction(() => {
      const overlap = this.db
        .prepare('SELECT label, range_from, range_to FROM number_ranges WHERE range_from <= ? AND range_to >= ?')
        .get(input.to, input.from) as { label: string; range_from: number; range_to: number } | undefined;
      if (overlap) {
        throw new AppError('invoice.number_range_overlap', `Range overlaps ${overlap.label}`, {
          fields: [{ path: 'range.from', key: 'v.range_overlap', params: { label: overlap.label, from: overlap.range_from, to: overlap.range_to } }],
        });
      }
      // Numbers already issued in the new span (merged data, or a range edited back) also collide.
      const issued = this.db.prepare('SELECT 1 FROM invoices WHERE number_value BETWEEN ? AND ? LIMIT 1').get(input.from, input.to);
      if (issued) {
        throw new AppError('invoice.number_range_overlap', 'Numbers in this range were already issued', {
          fields: [{ path: 'range.from', key: 'v.range_used', params: { from: input.from, to: input.to } }],
        });
      }
      if (input.thisWorkstation) this.db.prepare('UPDATE number_ranges SET active = 0 WHERE active = 1').run();
      this.db
        .prepare(
          `INSERT INTO number_ranges (id, label, range_from, range_to, next_value, this_workstation, active, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(id, input.label, input.from, input.to, input.from, input.thisWorkstation ? 1 : 0, input.thisWorkstation ? 1 : 0, this.clock.now().toISOString());
    })();
    return this.get(id);
  }

  get(id: string): NumberRange {
    const row = this.db.prepare('SELECT * FROM number_ranges WHERE id = ?').get(id) as RangeRow | undefined;
    if (!row) throw new AppError('not_found', `Number range ${id} not found`);
    return fromRow(row);
  }

  delete(id: string): { id: string } {
    const range = this.get(id);
    if (range.thisWorkstation && range.next !== range.from) {
      throw new AppError('invoice.number_range_in_use', 'Numbers were issued from this range; it is kept for the record');
    }
    this.db.prepare('DELETE FROM number_ranges WHERE id = ?').run(id);
    return { id };
  }

  /**
   * The number the next issue will take, without taking it (the issue renders its PDF with it first).
   * Refuses as take() does when there is no active range or it is used up.
   */
  peek(): number {
    const row = this.active();
    return row ? row.next_value : defaultRange.from;
  }

  /** The active range of this workstation, checked; null when none was ever set up (take() creates the default). */
  private active(): RangeRow | null {
    const row = this.db.prepare('SELECT * FROM number_ranges WHERE active = 1').get() as RangeRow | undefined;
    if (!row) {
      const anyRange = this.db.prepare('SELECT count(*) AS n FROM number_ranges WHERE this_workstation = 1').get() as { n: number };
      if (anyRange.n > 0) throw new AppError('invoice.number_range_missing', 'No active number range on this workstation');
      return null;
    }
    if (row.next_value > row.range_to) {
      throw new AppError('invoice.number_range_exhausted', `Number range ${row.label} (${row.range_from}-${row.range_to}) is used up`, {
        label: row.label, from: row.range_from, to: row.range_to,
      });
    }
    return row;
  }

  /**
   * Takes the next number. Must run inside the issuing transaction, so a rollback gives the
   * number back and a committed invoice always owns it (UNIQUE(number_value) is the backstop).
   */
  take(): { rangeId: string; value: number } {
    if (!this.db.inTransaction) throw new Error('NumberRanges.take must run inside the issuing transaction');
    let row = this.active();
    if (!row) {
      this.create({ ...defaultRange, label: this.defaultLabel(), thisWorkstation: true });
      row = this.db.prepare('SELECT * FROM number_ranges WHERE active = 1').get() as RangeRow;
    }
    this.db.prepare('UPDATE number_ranges SET next_value = next_value + 1 WHERE id = ?').run(row.id);
    return { rangeId: row.id, value: row.next_value };
  }
}
