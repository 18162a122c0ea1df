/**
 * Dates as people read them, the same in the UI, on PDFs and in emails: dd.mm.yyyy in every
 * language (the Swiss and German convention; one numeric form avoids the dd/mm vs mm/dd confusion
 * in English). String slicing for calendar dates, so no time zone can shift the day.
 */

/** "2026-02-14" -> "14.02.2026"; a full ISO timestamp in this machine's local time; '' for null. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  if (iso.length > 10) {
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return '';
    return `${pad(d.getDate())}.${pad(d.getMonth() + 1)}.${d.getFullYear()}`;
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : iso;
}

/** Today's date on this machine as 'YYYY-MM-DD' (local, not UTC): what the therapist calls today. */
export function todayIso(now = new Date()): string {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
