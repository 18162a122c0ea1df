/**
 * Says when the outbox changed: a message was queued, handed over, sent, failed, cancelled or
 * resolved. Screens learn it as a pushed "changed" event (at most every `intervalMs`, so a bulk
 * send of 500 messages does not make the window fetch 500 times), and a bulk send's job waits on
 * `next()` to move its progress on.
 */
import type { EventBus } from '../platform/events.js';

/** What a change in the outbox makes stale in the renderer: the mail views and the "sent" marks in lists. */
const affected = ['mail.', 'invoices.list', 'invoices.get'];

export class OutboxChanges {
  private waiters: (() => void)[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly events: EventBus,
    private readonly intervalMs = 150,
  ) {}

  notify(): void {
    const waiting = this.waiters;
    this.waiters = [];
    for (const wake of waiting) wake();
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.events.emit({ type: 'changed', methods: affected });
    }, this.intervalMs);
    this.timer.unref();
  }

  /** Resolves at the next change, or when `signal` aborts. */
  next(signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const wake = () => {
        signal?.removeEventListener('abort', wake);
        resolve();
      };
      signal?.addEventListener('abort', wake, { once: true });
      this.waiters.push(wake);
    });
  }
}
