/**
 * Owns invoice numbers: the number ranges of this installation (each workstation issues from its
 * own range; their spans never overlap), taking the next number inside the issuing transaction, and
 * formatting it with the practice's pattern. Numbers only move forward: never reused, never wrapped.
 *
 * Counting periods. A pattern with the year ({YYYY}-{NNNNN}, the default) counts every year again
 * from the start of the workstation's range: 2027-00001 follows 2026-00734, and the numbers stay
 * unique because the year is printed in them (and the payment reference, made of the number's
 * digits, with them). A pattern without the year counts once for ever (number_ranges.next_value).
 * A year's counter (number_range_years) is opened by its first number, after any value of the range
 * already used by invoices dated in that year (invoices numbered before counting restarted yearly).
 */
import type { NumberRange } from '../../shared/contract/index.js';
import { AppError } from '../../shared/errors.js';
import { localDate, type Clock } from '../platform/clock.js';
import { newId } from '../platform/ids.js';
import type { Db } from '../platform/db/open.js';
import { cached } from '../platform/db/statements.js';

interface RangeRow {
  id: string; label: string; range_from: number; range_to: number; next_value: number; this_workstation: number; active: number;
}

/** One of this workstation's ranges with its yearly counters, as a restore carries it over (keepThisWorkstation). */
export interface WorkstationRange {
  row: RangeRow & { created_at: string };
  years: { year: number; next_value: number }[];
}

export { formatInvoiceNumber } from '../../shared/billing/rules.js';

/**
 * The first workstation's range when none was set up. Large enough for decades even without a year
 * in the number (a busy practice issues a few thousand a year); a second workstation takes the
 * next block of the same size (1'000'001-2'000'000).
 */
export const defaultRange = { from: 1, to: 999_999 } as const;

/** From this share of a range used, the settings and the invoice list say it is time to extend it. */
export const nearlyFullPercent = 90;

function usedPercent(r: Pick<RangeRow, 'range_from' | 'range_to'>, next: number): number {
  return Math.min(100, Math.floor(((next - r.range_from) * 100) / (r.range_to - r.range_from + 1)));
}

/**
 * The size of the blocks workstations take: the main computer's range rounded up to two significant
 * digits (1–9,999 gives blocks of 10,000: 10,001–20,000, 20,001–30,000, …).
 */
export function workstationBlockSize(rangeSize: number): number {
  const magnitude = 10 ** Math.max(0, Math.floor(Math.log10(rangeSize)) - 1);
  return Math.ceil(rangeSize / magnitude) * magnitude;
}

export class NumberRanges {
  /** defaultLabel names the first range ("Arbeitsplatz 1") in the user's language. */
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly defaultLabel: () => string = () => 'Arbeitsplatz 1',
  ) {}

  private fromRow(r: RangeRow, periodsNow: readonly number[]): NumberRange {
    const mine = r.this_workstation === 1;
    const years = (cached(this.db, 'SELECT year, next_value FROM number_range_years WHERE range_id = ? ORDER BY year').all(r.id) as { year: number; next_value: number }[])
      .map((y) => ({ year: y.year, next: y.next_value, remaining: mine ? r.range_to - y.next_value + 1 : 0 }));
    // The counters the practices' patterns issue from today (a year not counted yet starts where its first number would).
    const used = mine ? periodsNow.map((p) => usedPercent(r, p === 0 ? r.next_value : this.nextInYear(r, p))) : [0];
    const percent = Math.max(0, ...used);
    return {
      id: r.id, label: r.label, from: r.range_from, to: r.range_to, next: r.next_value,
      thisWorkstation: mine, active: r.active === 1,
      remaining: mine ? r.range_to - r.next_value + 1 : 0,
      years, usedPercent: percent, nearlyFull: mine && percent >= nearlyFullPercent,
    };
  }

  /**
   * The ranges. `periodsNow`: the counting periods the practices' number patterns issue from today
   * (this year, and/or 0 for patterns without a year), for how full each range is.
   */
  list(periodsNow: readonly number[] = [0]): NumberRange[] {
    return (this.db.prepare('SELECT * FROM number_ranges ORDER BY range_from').all() as RangeRow[]).map((r) => this.fromRow(r, periodsNow));
  }

  /** Another range whose span meets [from, to], or issued numbers in it: either would give a number twice. */
  private checkFree(from: number, to: number, exceptId: string | null): void {
    const overlap = this.db
      .prepare('SELECT label, range_from, range_to FROM number_ranges WHERE range_from <= ? AND range_to >= ? AND id IS NOT ?')
      .get(to, from, exceptId) as { label: string; range_from: number; range_to: number } | undefined;
    if (overlap) {
      throw new AppError('invoice.number_range_overlap', `Range overlaps ${overlap.label}`, {
        fields: [{ path: exceptId ? 'to' : 'range.from', key: 'v.range_overlap', params: { label: overlap.label, from: overlap.range_from, to: overlap.range_to } }],
      });
    }
    // Numbers already issued in the span (merged data, or a range edited back) also collide.
    // Extending a range may pass over its own numbers; a new range may pass over none, with a range id or without (older data).
    const issued = exceptId === null
      ? this.db.prepare('SELECT 1 FROM invoices WHERE number_value BETWEEN ? AND ? LIMIT 1').get(from, to)
      : this.db.prepare('SELECT 1 FROM invoices WHERE number_value BETWEEN ? AND ? AND number_range_id IS NOT ? LIMIT 1').get(from, to, exceptId);
    if (issued) {
      throw new AppError('invoice.number_range_overlap', 'Numbers in this range were already issued', {
        fields: [{ path: exceptId ? 'to' : 'range.from', key: 'v.range_used', params: { from, to } }],
      });
    }
  }

  create(input: { label: string; from: number; to: number; thisWorkstation: boolean }): NumberRange {
    const id = newId();
    this.db.transaction(() => {
      this.checkFree(input.from, input.to, null);
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

  /** Moves the end of a range further, when nothing lies between its end and the new one. */
  extend(id: string, to: number, periodsNow?: readonly number[]): NumberRange {
    this.db.transaction(() => {
      const row = this.row(id);
      if (to <= row.range_to) throw new AppError('validation', 'A range can only grow', { fields: [{ path: 'to', key: 'v.range_extend_only', params: { to: row.range_to } }] });
      this.checkFree(row.range_to + 1, to, id);
      this.db.prepare('UPDATE number_ranges SET range_to = ? WHERE id = ?').run(to, id);
    })();
    return this.get(id, periodsNow);
  }

  private row(id: string): RangeRow {
    const row = this.db.prepare('SELECT * FROM number_ranges WHERE id = ?').get(id) as RangeRow | undefined;
    if (!row) throw new AppError('not_found', `Number range ${id} not found`);
    return row;
  }

  get(id: string, periodsNow?: readonly number[]): NumberRange {
    return this.fromRow(this.row(id), periodsNow ?? [0]);
  }

  delete(id: string): { id: string } {
    const row = this.row(id);
    const used = row.next_value !== row.range_from || this.db.prepare('SELECT 1 FROM invoices WHERE number_range_id = ? LIMIT 1').get(id) !== undefined;
    if (row.this_workstation === 1 && used) {
      throw new AppError('invoice.number_range_in_use', 'Numbers were issued from this range; it is kept for the record');
    }
    this.db.prepare('DELETE FROM number_ranges WHERE id = ?').run(id);
    return { id };
  }

  /**
   * This installation becomes a second workstation of the one whose data it holds (restored from
   * the main computer's backup): every range so far is the main computer's (kept, so that overlaps
   * stay impossible; one that was never set up is recorded as the default it would have taken), and
   * this one takes the next free block of the main range's size, named `label`. A block is free when
   * it overlaps no recorded range and no number issued so far.
   */
  claimNextFreeBlock(label: string): { from: number; to: number; mainFrom: number; mainTo: number } {
    return this.db.transaction(() => {
      let main = this.db.prepare('SELECT * FROM number_ranges WHERE this_workstation = 1 ORDER BY active DESC, range_from DESC LIMIT 1').get() as RangeRow | undefined;
      if (!main) {
        this.create({ ...defaultRange, label: this.defaultLabel(), thisWorkstation: false });
        main = this.db.prepare('SELECT * FROM number_ranges WHERE range_from = ?').get(defaultRange.from) as RangeRow;
      }
      this.db.prepare('UPDATE number_ranges SET this_workstation = 0, active = 0 WHERE this_workstation = 1').run();
      const size = workstationBlockSize(main.range_to - main.range_from + 1);
      for (let k = 1; ; k++) {
        const from = k * size + 1;
        const to = (k + 1) * size;
        const taken = this.db.prepare('SELECT 1 FROM number_ranges WHERE range_from <= ? AND range_to >= ?').get(to, from)
          ?? this.db.prepare('SELECT 1 FROM invoices WHERE number_value BETWEEN ? AND ? LIMIT 1').get(from, to);
        if (taken) continue;
        this.create({ label, from, to, thisWorkstation: true });
        return { from, to, mainFrom: main.range_from, mainTo: main.range_to };
      }
    })();
  }

  /** This workstation's ranges and their yearly counters (read from the database a restore is about to replace). */
  /**
   * Where this computer's numbers start: the lowest of its own ranges (1 on the main computer,
   * 1'000'001 on a second workstation). Other sequences (credit notes) count in the same block.
   */
  workstationNumberStart(): number {
    return (cached(this.db, 'SELECT min(range_from) FROM number_ranges WHERE this_workstation = 1').pluck().get() as number | null) ?? 1;
  }

  thisWorkstationRanges(): WorkstationRange[] {
    const rows = this.db.prepare('SELECT * FROM number_ranges WHERE this_workstation = 1').all() as WorkstationRange['row'][];
    return rows.map((row) => ({ row, years: this.db.prepare('SELECT year, next_value FROM number_range_years WHERE range_id = ?').all(row.id) as WorkstationRange['years'] }));
  }

  /**
   * Restored data that is not this computer's own (the main computer's backup on the second
   * workstation, or the other way round): the number ranges stay with the computer, because taking
   * the backup's would issue numbers the other computer issues too. When `mine` (this computer's
   * ranges before the restore) are not all this workstation's in the restored data, the backup's own
   * become another workstation's, and mine are this workstation's again, recorded if the backup
   * lacks them, with their counters never lower than either side's (numbers are never reused).
   * Refuses when one of mine overlaps another range in the backup (nothing is replaced then).
   * This computer's own older backup keeps its ranges, with the counters raised to where they were
   * before the restore. Returns whether it changed anything.
   */
  keepThisWorkstation(mine: readonly WorkstationRange[]): boolean {
    if (mine.length === 0) return false;
    const byId = this.db.prepare('SELECT * FROM number_ranges WHERE id = ?');
    const raiseYears = this.db.prepare('INSERT INTO number_range_years (range_id, year, next_value) VALUES (?, ?, ?) ON CONFLICT (range_id, year) DO UPDATE SET next_value = max(next_value, excluded.next_value)');
    if (mine.every((m) => (byId.get(m.row.id) as RangeRow | undefined)?.this_workstation === 1)) {
      // This computer's own, older backup: its ranges are right, but its counters are those of the
      // day it was written. The numbers issued since are not in the restored data; the counters
      // continue after them, so that none is issued twice (a gap in the numbers is what the
      // restore costs, and the law allows a gap, not a repeat).
      const yearNow = this.db.prepare('SELECT next_value FROM number_range_years WHERE range_id = ? AND year = ?').pluck();
      let raised = false;
      this.db.transaction(() => {
        for (const { row, years } of mine) {
          if (this.db.prepare('UPDATE number_ranges SET next_value = ? WHERE id = ? AND next_value < ?').run(row.next_value, row.id, row.next_value).changes > 0) raised = true;
          for (const y of years) {
            if (((yearNow.get(row.id, y.year) as number | undefined) ?? 0) >= y.next_value) continue;
            raiseYears.run(row.id, y.year, y.next_value);
            raised = true;
          }
        }
      })();
      return raised;
    }
    this.db.transaction(() => {
      this.db.prepare('UPDATE number_ranges SET this_workstation = 0, active = 0 WHERE this_workstation = 1').run();
      for (const { row, years } of mine) {
        // The other computer may have recorded this range by hand (Einstellungen → Nummernkreise,
        // another workstation): the same span is the same range, and this computer's row replaces it.
        const recorded = this.db.prepare('SELECT id FROM number_ranges WHERE range_from = ? AND range_to = ? AND id <> ? AND this_workstation = 0').pluck().get(row.range_from, row.range_to, row.id) as string | undefined;
        if (recorded !== undefined) {
          this.db.prepare('DELETE FROM number_range_years WHERE range_id = ?').run(recorded);
          this.db.prepare('DELETE FROM number_ranges WHERE id = ?').run(recorded);
        }
        const clash = this.db
          .prepare('SELECT label, range_from, range_to FROM number_ranges WHERE range_from <= ? AND range_to >= ? AND id <> ?')
          .get(row.range_to, row.range_from, row.id) as { label: string; range_from: number; range_to: number } | undefined;
        if (clash) {
          throw new AppError('backup.workstation_range_taken', `This workstation's range ${row.range_from}-${row.range_to} overlaps ${clash.label} in the backup`, {
            label: row.label, from: row.range_from, to: row.range_to, other: clash.label,
          });
        }
        const there = byId.get(row.id) as RangeRow | undefined;
        if (there) {
          this.db.prepare('UPDATE number_ranges SET label = ?, range_from = ?, range_to = ?, next_value = ?, this_workstation = 1, active = ? WHERE id = ?')
            .run(row.label, row.range_from, row.range_to, Math.max(row.next_value, there.next_value), row.active, row.id);
        } else {
          this.db.prepare('INSERT INTO number_ranges (id, label, range_from, range_to, next_value, this_workstation, active, created_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?)')
            .run(row.id, row.label, row.range_from, row.range_to, row.next_value, row.active, row.created_at);
        }
        for (const y of years) raiseYears.run(row.id, y.year, y.next_value);
      }
    })();
    return true;
  }

  /**
   * The next value of a year's counter: stored once the year has issued a number, else the start of
   * the range, or past any value of this range that invoices dated in that year already carry.
   */
  private nextInYear(r: Pick<RangeRow, 'id' | 'range_from'>, year: number): number {
    const counter = cached(this.db, 'SELECT next_value FROM number_range_years WHERE range_id = ? AND year = ?').get(r.id, year) as { next_value: number } | undefined;
    if (counter) return counter.next_value;
    const used = cached(this.db, 'SELECT max(number_value) FROM invoices WHERE number_range_id = ? AND invoice_date BETWEEN ? AND ?')
      .pluck().get(r.id, `${year}-01-01`, `${year}-12-31`) as number | null;
    return Math.max(r.range_from, (used ?? 0) + 1);
  }

  private nextValue(r: RangeRow, period: number): number {
    return period === 0 ? r.next_value : this.nextInYear(r, period);
  }

  /**
   * The number the next issue in this period will take, without taking it (the issue renders its
   * PDF with it first). Refuses as take() does when there is no active range or it is used up.
   */
  peek(period: number): number {
    const row = this.active();
    if (!row) return defaultRange.from;
    return this.checked(row, period);
  }

  /** peek() for showing a provisional number: null instead of a refusal. */
  preview(period: number): number | null {
    try {
      return this.peek(period);
    } catch (err) {
      if (err instanceof AppError) return null;
      throw err;
    }
  }

  private checked(row: RangeRow, period: number): number {
    const next = this.nextValue(row, period);
    if (next > row.range_to) {
      throw new AppError('invoice.number_range_exhausted', `Number range ${row.label} (${row.range_from}-${row.range_to}) is used up`, {
        label: row.label, from: row.range_from, to: row.range_to, ...(period > 0 ? { year: period } : {}),
      });
    }
    return next;
  }

  /** The active range of this workstation; null when none was ever set up (take() creates the default). */
  private active(): RangeRow | null {
    const row = this.db.prepare('SELECT * FROM number_ranges WHERE active = 1').get() as RangeRow | undefined;
    if (!row) {
      const anyRange = this.db.prepare('SELECT count(*) AS n FROM number_ranges WHERE this_workstation = 1').get() as { n: number };
      if (anyRange.n > 0) throw new AppError('invoice.number_range_missing', 'No active number range on this workstation');
      return null;
    }
    return row;
  }

  /**
   * Takes the next number of the period (0, or the invoice date's year). Must run inside the issuing
   * transaction, so a rollback gives the number back and a committed invoice always owns it
   * (UNIQUE(number_period, number_value) and UNIQUE(number) are the backstop).
   */
  take(period: number): { rangeId: string; value: number } {
    if (!this.db.inTransaction) throw new Error('NumberRanges.take must run inside the issuing transaction');
    let row = this.active();
    if (!row) {
      this.create({ ...defaultRange, label: this.defaultLabel(), thisWorkstation: true });
      row = this.db.prepare('SELECT * FROM number_ranges WHERE active = 1').get() as RangeRow;
    }
    const value = this.checked(row, period);
    if (period === 0) {
      this.db.prepare('UPDATE number_ranges SET next_value = ? WHERE id = ?').run(value + 1, row.id);
    } else {
      this.db
        .prepare('INSERT INTO number_range_years (range_id, year, next_value) VALUES (?, ?, ?) ON CONFLICT (range_id, year) DO UPDATE SET next_value = excluded.next_value')
        .run(row.id, period, value + 1);
    }
    return { rangeId: row.id, value };
  }

  /** Today's local date, for the counting period the patterns issue from now. */
  today(): string {
    return localDate(this.clock);
  }
}
