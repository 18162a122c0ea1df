/**
 * Stable error codes shared by main and renderer. The renderer translates a code (and a field's
 * message key) into the user's language; it never parses `message`, which is for logs only.
 */
import { caseErrorCodes } from './cases/errorCodes.js';
import { backupErrorCodes } from './backup/errorCodes.js';
import { tarif590ErrorCodes } from './tarif590/errorCodes.js';
import { invoiceErrorCodes } from './invoices/errorCodes.js';
import { mailErrorCodes } from './mail/errorCodes.js';
import { platformErrorCodes } from './platformErrorCodes.js';
import { paymentErrorCodes } from './payments/errorCodes.js';
import { reminderErrorCodes } from './reminders/errorCodes.js';

export const coreErrorCodes = [
  'validation',
  'not_found',
  'unknown_method',
  'unauthorized',
  'internal',
  'db.newer_version',
  'db.migration_failed',
  'storage.locked',
  'storage.missing',
  'storage.empty',
  'storage.database_exists',
  'storage.corrupt',
  'storage.disk_full',
  'storage.io_error',
  'storage.busy',
  'storage.read_only',
  'desktop.open_failed',
  'db.open_failed',
  'practice.required',
  'practice.default_delete',
  'practice.in_use',
  'patient.has_financial_records',
] as const;

export const errorCodes = [...coreErrorCodes, ...platformErrorCodes, ...invoiceErrorCodes, ...caseErrorCodes, ...mailErrorCodes, ...backupErrorCodes, ...paymentErrorCodes, ...reminderErrorCodes, ...tarif590ErrorCodes] as const;
export type ErrorCode = (typeof errorCodes)[number];

/** One field that failed validation: `path` as dotted string, `key` a message key from the catalogs. */
export interface FieldError {
  path: string;
  key: string;
  params?: Record<string, string | number>;
}

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details?: { fields?: FieldError[]; [k: string]: unknown };
}

export type Envelope<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };

/** Thrown by use-cases in the main process; the dispatcher turns it into an error envelope. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorBody['details'];
  constructor(code: ErrorCode, message: string, details?: ErrorBody['details']) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
}

export function fieldError(path: string, key: string, params?: FieldError['params']): AppError {
  return new AppError('validation', `Invalid field ${path}: ${key}`, { fields: [{ path, key, ...(params ? { params } : {}) }] });
}
