/**
 * Owns what main pushes to the renderer: one bus per app (not a module global), to which the hosts
 * subscribe (browser mode's event stream, the desktop window's IPC). A listener that throws is
 * logged and dropped from that delivery, never allowed to break the emitter.
 */
import type { ServerEvent } from '../../shared/contract/jobs.js';
import type { Logger } from './log.js';

export type EventListener = (event: ServerEvent) => void;

export class EventBus {
  private readonly listeners = new Set<EventListener>();

  constructor(private readonly log?: Logger) {}

  emit(event: ServerEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (err) {
        this.log?.error('events.listener_failed', err);
      }
    }
  }

  /** Returns the function that unsubscribes. */
  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}
