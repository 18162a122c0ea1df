export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Today's date (YYYY-MM-DD) in the machine's local time zone: what the therapist calls "today". */
export function localDate(clock: Clock): string {
  const d = clock.now();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
