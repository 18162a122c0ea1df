/**
 * The Tarif 590 domain: therapists of a practice (Leistungserbringer), the practice's Tarif 590
 * settings, and the tariff catalogue imported from the published file. Invoices read it through
 * Tarif590Api (who treated, who bills, which official text a code has on a date).
 */
import type { tarif590Methods } from '../../shared/contract/tarif590.js';
import { AppError } from '../../shared/errors.js';
import type { DomainDeps, HandlersFor } from '../platform/domain.js';
import { Catalogue, type ImportRequest } from './catalogue.js';
import { Therapists } from './therapists.js';

/** What other domains may ask of Tarif 590. */
export interface Tarif590Api {
  therapists: Pick<Therapists, 'get' | 'list' | 'therapistFor' | 'settings' | 'solo'>;
  catalogue: Pick<Catalogue, 'lookup' | 'versionOn' | 'entriesOn'>;
}

/** The official list is a few hundred rows; a larger upload is not a tariff list (and is not read into memory). */
export const TARIFF_FILE_MAX_BYTES = 5 * 1024 * 1024;

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

export function registerTarif590(deps: Pick<DomainDeps, 'db' | 'clock' | 'files'>) {
  const therapists = new Therapists(deps.db, deps.clock);
  const catalogue = new Catalogue(deps.db, deps.clock);
  const request = async (input: { uploadId: string; label: string; validFrom: string; validTo: string | null }): Promise<ImportRequest> => {
    const upload = await deps.files.openUpload(input.uploadId);
    if (upload.size > TARIFF_FILE_MAX_BYTES) {
      upload.stream.destroy();
      throw new AppError('tariff.file_too_large', 'The file is too large for a tariff list', { limitMb: TARIFF_FILE_MAX_BYTES / 1024 / 1024 });
    }
    return { label: input.label, validFrom: input.validFrom, validTo: input.validTo, sourceName: upload.fileName, bytes: await readAll(upload.stream) };
  };
  const handlers: HandlersFor<typeof tarif590Methods> = {
    'therapists.list': ({ practiceId, includeInactive }) => therapists.list(practiceId, includeInactive),
    'therapists.create': ({ practiceId, therapist }) => therapists.create(practiceId, therapist),
    'therapists.update': ({ id, therapist }) => therapists.update(id, therapist),
    'tarif590.settings': ({ practiceId }) => therapists.settings(practiceId),
    'tarif590.updateSettings': ({ practiceId, settings }) => therapists.updateSettings(practiceId, settings),
    'tariff.versions': () => catalogue.versions(),
    'tariff.entries': ({ date }) => catalogue.entriesOn(date),
    'tariff.previewImport': async (input) => catalogue.preview(await request(input)),
    'tariff.import': async (input) => catalogue.import(await request(input)),
  };
  const api: Tarif590Api = { therapists, catalogue };
  return { handlers, api };
}
