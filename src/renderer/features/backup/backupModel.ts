/** How backups are shown: when ("heute 12:03") and where, and following a job the screen started until it ends. */
import { useEffect, useRef, useState } from 'react';
import type { DamagedDocument } from '../../../shared/contract/backupResults.js';
import type { JobKind, JobResult, JobStatus } from '../../../shared/contract/jobs.js';
import type { Translator } from '../../app/i18n.js';
import { jobResult, useJob } from '../../data/jobs.js';
import { formatDate } from '../../ui/format.js';

const localDay = (d: Date) => `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;

/** "heute 12:03", "gestern 08:15", or "21.11.2026 17:40". */
export function whenText(t: Translator, iso: string, now = new Date()): string {
  const at = new Date(iso);
  const time = at.toLocaleTimeString(`${t.lang}-CH`, { hour: '2-digit', minute: '2-digit' });
  const yesterday = new Date(now);
  yesterday.setDate(now.getDate() - 1);
  if (localDay(at) === localDay(now)) return t('backup.today', { time });
  if (localDay(at) === localDay(yesterday)) return t('backup.yesterday', { time });
  return `${formatDate(iso.slice(0, 10))} ${time}`;
}

/**
 * A job this screen started, followed to its end: `job` as pushed by main, and `onDone` called once
 * with its result. `start(status)` hands over the job a method returned.
 */
export function useFollowedJob<K extends JobKind>(kind: K, onDone: (result: JobResult<K>, job: JobStatus) => void) {
  const [id, setId] = useState<string | null>(null);
  const job = useJob(id).data ?? null;
  const handled = useRef<string | null>(null);
  const done = useRef(onDone);
  done.current = onDone;
  const result = jobResult(job, kind);
  useEffect(() => {
    if (!job || !result || handled.current === job.id) return;
    handled.current = job.id;
    done.current(result, job);
  }, [job, result]);
  return { job: id === null ? null : job, start: (status: JobStatus) => setId(status.id), reset: () => setId(null) };
}

/** "Beschädigte Dokumente im Archiv: Rechnung 2026-00003 …": the damaged archived documents, by invoice number. */
export function damagedText(t: Translator, documents: readonly DamagedDocument[]): string {
  const numbers = [...new Set(documents.map((d) => d.number))].join(', ');
  return t.plural('backup.warning.documents_damaged', documents.length, { count: String(documents.length), numbers });
}

/** "2 Mail-Passwörter müssen neu eingegeben werden." */
export function mailPasswordsText(t: Translator, count: number): string {
  return t.plural('backup.mailPasswordsMissing', count, { count: String(count) });
}
