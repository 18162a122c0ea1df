/**
 * The one declaration of Arnika's API. The renderer client, the preload allowlist, the Electron
 * IPC registration and the HTTP bridge are all derived from `contract`; main's handler map must
 * implement every key (checked at compile time) and the dispatcher validates at run time.
 */
import type { z } from 'zod';
import { appMethods } from './app.js';
import { caseMethods } from './cases.js';
import { backupMethods } from './backup.js';
import type { MethodSpec } from './define.js';
import { invoiceMethods } from './invoices.js';
import { jobMethods } from './jobs.js';
import { mailMethods } from './mail.js';
import { patientMethods } from './patients.js';
import { paymentsContract } from './payments.js';
import { practiceMethods } from './practices.js';
import { reminderMethods } from './reminders.js';
import { tarif590Methods } from './tarif590.js';

export const contract = {
  ...appMethods,
  ...jobMethods,
  ...practiceMethods,
  ...patientMethods,
  ...invoiceMethods,
  ...caseMethods,
  ...mailMethods,
  ...backupMethods,
  ...paymentsContract,
  ...reminderMethods,
  ...tarif590Methods,
} satisfies Record<string, MethodSpec>;

export type Contract = typeof contract;
export type MethodName = keyof Contract & string;
/** What a caller passes (before defaults and transforms). */
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
/** What a handler receives (after validation). */
export type ParsedInput<M extends MethodName> = z.output<Contract[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Contract[M]['output']>;

export const methodNames = Object.keys(contract) as MethodName[];

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

export * from './app.js';
export * from './cases.js';
export * from './backup.js';
export * from './invoices.js';
export * from './jobs.js';
export * from './mail.js';
export * from './patients.js';
export * from './practices.js';
export * from './payments.js';
export * from './reminders.js';
export * from './tarif590.js';
