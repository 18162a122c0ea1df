/**
 * Owns long-running work: a job runs in the background of the main process, reports progress
 * (pushed as `job` events, at most every `progressIntervalMs` and always at its end), can be
 * cancelled, and ends with a result checked against its kind's schema (shared/contract/jobs.ts)
 * or with an error envelope body. Jobs live in memory: finished ones are kept for a while so a
 * screen opened later still sees how they ended; after a restart there are none.
 *
 * A job's work is an async function that yields to the event loop between units (await), so the
 * app keeps answering other calls while it runs; it checks `cancelled` (or calls
 * `throwIfCancelled`) between units and keeps what it has done so far consistent.
 */
import { jobKinds, type JobKind, type JobResult, type JobStatus } from '../../shared/contract/jobs.js';
import { AppError } from '../../shared/errors.js';
import type { Clock } from './clock.js';
import { newId } from './ids.js';
import type { Logger } from './log.js';
import type { EventBus } from './events.js';

export interface JobContext {
  /** Moves the progress on; `total` may be set once it is known. Cheap: events are throttled. */
  progress(done: number, options?: { total?: number; step?: JobStatus['step'] }): void;
  /** True once the user asked to stop, or the app is closing. */
  readonly cancelled: boolean;
  /** True when it is the app closing, not the user: work that would resume at the next start is left as it is. */
  readonly closing: boolean;
  /** Throws the cancellation (the job ends 'cancelled') if the user asked to stop. */
  throwIfCancelled(): void;
  readonly signal: AbortSignal;
}

class Cancelled extends Error {}

/** The abort reason when the app closes (a user's cancel has none). */
const closingReason = 'closing';

interface Entry {
  status: JobStatus;
  controller: AbortController;
  lastEmit: number;
  finished: Promise<void>;
}

export interface JobRunnerOptions {
  /** Finished jobs are forgotten after this long (default 30 min). */
  keepFinishedMs?: number;
  /** Progress events at most this often per job (default 100 ms); start, each new step and end always go out. */
  progressIntervalMs?: number;
}

export class JobRunner {
  private readonly jobs = new Map<string, Entry>();
  private readonly keepFinishedMs: number;
  private readonly progressIntervalMs: number;

  constructor(
    private readonly deps: { events: EventBus; clock: Clock; log: Logger },
    options: JobRunnerOptions = {},
  ) {
    this.keepFinishedMs = options.keepFinishedMs ?? 30 * 60_000;
    this.progressIntervalMs = options.progressIntervalMs ?? 100;
  }

  /** Starts `work` and returns the job as it is now (running). */
  start<K extends JobKind>(kind: K, work: (ctx: JobContext) => Promise<JobResult<K>>, options: { total?: number; ref?: string } = {}): JobStatus {
    this.forgetOld();
    const controller = new AbortController();
    const status: JobStatus = {
      id: newId(), kind, ref: options.ref ?? null, state: 'running', done: 0, total: options.total ?? null, step: null,
      startedAt: this.deps.clock.now().toISOString(), endedAt: null, result: null, error: null,
    };
    const entry: Entry = { status, controller, lastEmit: 0, finished: Promise.resolve() };
    this.jobs.set(status.id, entry);
    const ctx: JobContext = {
      progress: (done, o = {}) => {
        if (status.state !== 'running') return;
        status.done = done;
        if (o.total !== undefined) status.total = o.total;
        // A new step goes out at once (the screen says what is happening now); progress within a step is throttled.
        const newStep = o.step !== undefined && o.step?.key !== status.step?.key;
        if (o.step !== undefined) status.step = o.step;
        const now = Date.now();
        if (newStep || now - entry.lastEmit >= this.progressIntervalMs) this.emit(entry);
      },
      get cancelled() {
        return controller.signal.aborted;
      },
      get closing() {
        return controller.signal.reason === closingReason;
      },
      throwIfCancelled: () => {
        if (controller.signal.aborted) throw new Cancelled();
      },
      signal: controller.signal,
    };
    this.emit(entry);
    // Started on the next turn: the caller gets the job (and its id) before any progress event.
    entry.finished = Promise.resolve()
      .then(() => {
        // Stopped before it began (the app is closing): it never starts.
        ctx.throwIfCancelled();
        return work(ctx);
      })
      .then(
        (result) => {
          const checked = jobKinds[kind].safeParse(result);
          if (!checked.success) throw new Error(`Result of job ${kind} does not match its schema: ${checked.error.message}`);
          this.end(entry, 'done', { result: checked.data });
        },
        (err: unknown) => {
          if (err instanceof Cancelled || (controller.signal.aborted && !(err instanceof AppError))) {
            this.end(entry, 'cancelled', {});
          } else if (err instanceof AppError) {
            this.end(entry, 'failed', { error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } });
          } else {
            this.deps.log.error('job.failed', err, { kind });
            this.end(entry, 'failed', { error: { code: 'internal', message: 'Internal error' } });
          }
        },
      )
      .catch((err: unknown) => {
        this.deps.log.error('job.end_failed', err, { kind });
        this.end(entry, 'failed', { error: { code: 'internal', message: 'Internal error' } });
      });
    return { ...status };
  }

  private end(entry: Entry, state: 'done' | 'failed' | 'cancelled', outcome: { result?: unknown; error?: JobStatus['error'] }): void {
    if (entry.status.state !== 'running') return;
    entry.status.state = state;
    entry.status.endedAt = this.deps.clock.now().toISOString();
    entry.status.result = outcome.result ?? null;
    entry.status.error = outcome.error ?? null;
    if (state === 'done' && entry.status.total !== null) entry.status.done = entry.status.total;
    this.emit(entry);
  }

  private emit(entry: Entry): void {
    entry.lastEmit = Date.now();
    this.deps.events.emit({ type: 'job', job: { ...entry.status } });
  }

  get(id: string): JobStatus {
    const entry = this.jobs.get(id);
    if (!entry) throw new AppError('not_found', `Job ${id} not found`);
    return { ...entry.status };
  }

  list(kind?: string): JobStatus[] {
    this.forgetOld();
    return [...this.jobs.values()]
      .map((e) => ({ ...e.status }))
      .filter((s) => kind === undefined || s.kind === kind)
      .reverse();
  }

  cancel(id: string): JobStatus {
    const entry = this.jobs.get(id);
    if (!entry) throw new AppError('not_found', `Job ${id} not found`);
    entry.controller.abort();
    return { ...entry.status };
  }

  /** Resolves when the job has ended (for shutdown and tests). */
  async settled(id: string): Promise<JobStatus> {
    const entry = this.jobs.get(id);
    if (!entry) throw new AppError('not_found', `Job ${id} not found`);
    await entry.finished;
    return { ...entry.status };
  }

  /** At close (or before a restore replaces the database): asks every running job but those of `exceptKind` to stop, and waits for them to end. */
  async stopAll(exceptKind?: JobKind): Promise<void> {
    const running = [...this.jobs.values()].filter((e) => e.status.state === 'running' && e.status.kind !== exceptKind);
    for (const e of running) e.controller.abort(closingReason);
    await Promise.all(running.map((e) => e.finished));
  }

  private forgetOld(): void {
    const cutoff = this.deps.clock.now().getTime() - this.keepFinishedMs;
    for (const [id, e] of this.jobs) {
      if (e.status.endedAt !== null && Date.parse(e.status.endedAt) < cutoff) this.jobs.delete(id);
    }
  }
}
