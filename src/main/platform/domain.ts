/**
 * The one shape of a domain: what the platform gives it (DomainDeps) and what it gives back (its
 * handlers for its slice of the contract, checked against the contract by the compiler). A domain
 * that runs something in the background (the outbox) says how to start and stop it. See
 * ARCHITECTURE.md, "Adding a domain".
 */
import type { MethodName, MethodOutput, ParsedInput } from '../../shared/contract/index.js';
import type { Clock } from './clock.js';
import type { Db } from './db/open.js';
import type { DesktopPort } from './desktop.js';
import type { EventBus } from './events.js';
import type { FileStore } from './files.js';
import type { JobRunner } from './jobs.js';
import type { Logger } from './log.js';
import type { SecretBox } from './secrets.js';
import type { ViewerFiles } from './viewerFiles.js';

export type Handler<M extends MethodName> = (input: ParsedInput<M>) => MethodOutput<M> | Promise<MethodOutput<M>>;
export type Handlers = { [M in MethodName]: Handler<M> };
/** The handlers of one slice of the contract (`typeof patientMethods`). */
export type HandlersFor<Methods> = { [M in keyof Methods & MethodName]: Handler<M> };

/** What every domain may use. Nothing in it knows any domain. */
export interface DomainDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  secrets: SecretBox;
  events: EventBus;
  jobs: JobRunner;
  files: FileStore;
  /** PDFs handed to the system's viewer (desktop). */
  viewerFiles: ViewerFiles;
  /** What only the desktop shell can do; absent in browser mode and tests. */
  desktop?: DesktopPort | undefined;
}

/** A domain's work in the background, started and stopped with the app. */
export interface Background {
  start(): void;
  /** Lets work in progress finish (bounded), then stops. */
  stop(): Promise<void>;
  /** Stops at once (the database is about to close). */
  stopNow(): void;
}
