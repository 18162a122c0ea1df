/**
 * Retention over a simulated year of daily backups keeps exactly what it promises: the newest of
 * each of the last 7 days, of the last 4 weeks and of the last 12 months, and never less than the
 * newest backup.
 */
import { expect, test } from 'vitest';
import { backupsToKeep, isoWeekOf } from '../../src/main/backup/retention.js';

/** A backup every day of 2026 at 18:00 local time. */
const year = Array.from({ length: 365 }, (_, i) => {
  const at = new Date(2026, 0, 1 + i, 18, 0);
  return { fileName: `b-${i}`, at: at.toISOString(), day: `${at.getMonth() + 1}-${at.getDate()}` };
});
const days = (list: { day: string }[]) => list.map((b) => b.day);

test('a year of daily backups, 7 daily / 4 weekly / 12 monthly: exactly these 20 remain', () => {
  const kept = backupsToKeep(year, { daily: 7, weekly: 4, monthly: 12 });
  // 2026-12-31 is a Thursday: its ISO week runs Mon 28 Dec to Sun 3 Jan.
  expect(days(kept)).toEqual([
    '12-31', '12-30', '12-29', '12-28', '12-27', '12-26', '12-25', // the last 7 days (27 Dec also ends its week)
    '12-20', '12-13', // the newest of the two weeks before
    '11-30', '10-31', '9-30', '8-31', '7-31', '6-30', '5-31', '4-30', '3-31', '2-28', '1-31', // the newest of each month
  ]);
});

test('retention day by day through the year: never more than promised, the newest always there', () => {
  const retention = { daily: 7, weekly: 4, monthly: 12 };
  let folder: typeof year = [];
  for (const backup of year) {
    folder = backupsToKeep([...folder, backup], retention);
    expect(folder[0]).toBe(backup);
    expect(folder.length).toBeLessThanOrEqual(7 + 4 + 12);
  }
  // Applying it every day ends where applying it once does.
  expect(days(folder)).toEqual(days(backupsToKeep(year, retention)));
});

test('several backups a day: the newest of the day counts', () => {
  const day = [9, 12, 18].map((h, i) => ({ fileName: `d${i}`, at: new Date(2026, 5, 1, h).toISOString() }));
  expect(backupsToKeep(day, { daily: 1, weekly: 0, monthly: 0 }).map((b) => b.fileName)).toEqual(['d2']);
});

test('never the only verified backup: keeping nothing still keeps the newest', () => {
  expect(backupsToKeep(year.slice(0, 3), { daily: 0, weekly: 0, monthly: 0 }).map((b) => b.fileName)).toEqual(['b-2']);
  expect(backupsToKeep([], { daily: 7, weekly: 4, monthly: 12 })).toEqual([]);
});

test('ISO weeks', () => {
  expect(isoWeekOf(new Date(2026, 0, 1))).toBe('2026-W01');
  expect(isoWeekOf(new Date(2026, 11, 31))).toBe('2026-W53');
  expect(isoWeekOf(new Date(2027, 0, 3))).toBe('2026-W53');
  expect(isoWeekOf(new Date(2027, 0, 4))).toBe('2027-W01');
  expect(isoWeekOf(new Date(2024, 11, 30))).toBe('2025-W01');
});
