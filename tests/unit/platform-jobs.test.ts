/** Jobs: progress is pushed as events, a job ends with a checked result, an error body, or cancelled. */
import { describe, expect, it } from 'vitest';
import type { ServerEvent } from '../../src/shared/contract/jobs.js';
import { AppError } from '../../src/shared/errors.js';
import { silentLogger } from '../../src/main/platform/log.js';
import { EventBus } from '../../src/main/platform/events.js';
import { JobRunner } from '../../src/main/platform/jobs.js';

function setup(progressIntervalMs = 0) {
  const events = new EventBus();
  const seen: ServerEvent[] = [];
  events.subscribe((e) => seen.push(e));
  const jobs = new JobRunner({ events, clock: { now: () => new Date() }, log: silentLogger }, { progressIntervalMs });
  const jobEvents = () => seen.flatMap((e) => (e.type === 'job' ? [e.job] : []));
  return { events, jobs, jobEvents };
}

/** A gate the test opens: the job waits on it between units, so each step is observed, not timed. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { opened, open };
}

describe('JobRunner', () => {
  it('returns the running job before any work, pushes progress and ends with the checked result', async () => {
    const { jobs, jobEvents } = setup();
    const step = gate();
    const job = jobs.start('invoices.exportPdfs', async (ctx) => {
      ctx.progress(1, { total: 3, step: { key: 'job.running' } });
      await step.opened;
      ctx.progress(2);
      return { download: null, count: 3 };
    });
    expect(job.state).toBe('running');
    expect(job.done).toBe(0);
    await Promise.resolve();
    await Promise.resolve();
    expect(jobs.get(job.id)).toMatchObject({ state: 'running', done: 1, total: 3, step: { key: 'job.running' } });
    step.open();
    const end = await jobs.settled(job.id);
    expect(end).toMatchObject({ state: 'done', done: 3, total: 3, result: { download: null, count: 3 }, error: null });
    expect(end.endedAt).not.toBeNull();
    const states = jobEvents().map((j) => `${j.state}:${j.done}`);
    expect(states).toEqual(['running:0', 'running:1', 'running:2', 'done:3']);
  });

  it('throttles progress events but always pushes the end', async () => {
    const { jobs, jobEvents } = setup(60_000);
    const job = jobs.start('invoices.exportPdfs', async (ctx) => {
      for (let i = 1; i <= 500; i++) ctx.progress(i, { total: 500 });
      return { download: null, count: 500 };
    });
    await jobs.settled(job.id);
    // The start event, then the end: the 500 progress calls inside the interval were folded.
    expect(jobEvents().map((j) => j.state)).toEqual(['running', 'done']);
  });

  it('a result that does not match its kind fails the job instead of handing it on', async () => {
    const { jobs } = setup();
    const job = jobs.start('invoices.exportPdfs', async () => ({ download: null, count: -1 }));
    expect(await jobs.settled(job.id)).toMatchObject({ state: 'failed', result: null, error: { code: 'internal' } });
  });

  it('an AppError ends the job with its code and details, as a method call would answer', async () => {
    const { jobs } = setup();
    const job = jobs.start('invoices.exportPdfs', async () => {
      throw new AppError('files.too_large', 'too large', { limit: 5 });
    });
    expect(await jobs.settled(job.id)).toMatchObject({ state: 'failed', error: { code: 'files.too_large', details: { limit: 5 } } });
  });

  it('cancel stops the job at its next check; what it finished stays counted', async () => {
    const { jobs } = setup();
    const step = gate();
    const job = jobs.start('invoices.exportPdfs', async (ctx) => {
      ctx.progress(1, { total: 10 });
      await step.opened;
      ctx.throwIfCancelled();
      ctx.progress(2);
      return { download: null, count: 10 };
    });
    await Promise.resolve();
    jobs.cancel(job.id);
    step.open();
    expect(await jobs.settled(job.id)).toMatchObject({ state: 'cancelled', done: 1, result: null });
  });

  it('lists jobs newest first, by kind, and forgets finished ones after a while', async () => {
    const events = new EventBus();
    let now = Date.parse('2026-12-01T10:00:00Z');
    const jobs = new JobRunner({ events, clock: { now: () => new Date(now) }, log: silentLogger }, { keepFinishedMs: 1000 });
    const a = jobs.start('invoices.exportPdfs', async () => ({ download: null, count: 1 }));
    const b = jobs.start('invoices.exportPdfs', async () => ({ download: null, count: 2 }));
    await jobs.settled(a.id);
    await jobs.settled(b.id);
    expect(jobs.list().map((j) => j.id)).toEqual([b.id, a.id]);
    expect(jobs.list('other.kind')).toEqual([]);
    now += 2000;
    expect(jobs.list()).toEqual([]);
    expect(() => jobs.get(a.id)).toThrow(AppError);
  });

  it('stopAll asks running jobs to stop and waits for them', async () => {
    const { jobs } = setup();
    const job = jobs.start('invoices.exportPdfs', async (ctx) => {
      await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve()));
      ctx.throwIfCancelled();
      return { download: null, count: 0 };
    });
    await jobs.stopAll();
    expect(jobs.get(job.id).state).toBe('cancelled');
  });
});

describe('EventBus', () => {
  it('a failing listener neither breaks the emitter nor the other listeners', () => {
    const bus = new EventBus(silentLogger);
    const got: string[] = [];
    bus.subscribe(() => {
      throw new Error('boom');
    });
    const off = bus.subscribe((e) => got.push(e.type));
    bus.emit({ type: 'changed', methods: ['invoices.'] });
    off();
    bus.emit({ type: 'changed', methods: ['invoices.'] });
    expect(got).toEqual(['changed']);
    expect(bus.listenerCount).toBe(1);
  });
});
