/**
 * Which backups in the folder to keep: the newest backup of each of the last `daily` days that have
 * one, of each of the last `weekly` weeks (ISO weeks, Monday to Sunday) and of each of the last
 * `monthly` months, in this computer's local time; the same rule as restic's
 * `--keep-daily/--keep-weekly/--keep-monthly`. The newest backup is always kept, whatever the
 * numbers say, so the only verified backup is never deleted. Only files this installation wrote
 * and verified are ever considered (settings.ts).
 */
import type { BackupRetention } from '../../shared/contract/backupResults.js';

export interface DatedBackup {
  fileName: string;
  /** ISO time it was written. */
  at: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

function dayOf(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** ISO 8601 week: the week with the year's first Thursday is week 1. */
export function isoWeekOf(d: Date): string {
  // The local calendar day, computed in UTC so that a daylight-saving change cannot shift it.
  const day = new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()));
  const weekday = day.getUTCDay() || 7; // Monday 1 … Sunday 7
  day.setUTCDate(day.getUTCDate() + 4 - weekday); // the Thursday of this week decides the year
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((day.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${day.getUTCFullYear()}-W${pad(week)}`;
}

function monthOf(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}`;
}

/** The backups to keep (newest first); everything else in `backups` may go. */
export function backupsToKeep<T extends DatedBackup>(backups: readonly T[], retention: BackupRetention): T[] {
  const newestFirst = [...backups].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  const kept = new Set<T>();
  if (newestFirst[0]) kept.add(newestFirst[0]);
  const rules: [number, (d: Date) => string][] = [
    [retention.daily, dayOf],
    [retention.weekly, isoWeekOf],
    [retention.monthly, monthOf],
  ];
  for (const [count, bucketOf] of rules) {
    let last: string | null = null;
    let taken = 0;
    for (const b of newestFirst) {
      if (taken >= count) break;
      const bucket = bucketOf(new Date(b.at));
      if (bucket === last) continue;
      last = bucket;
      taken++;
      kept.add(b);
    }
  }
  return newestFirst.filter((b) => kept.has(b));
}
