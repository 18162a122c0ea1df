/**
 * The treatment cases domain (Behandlungsfall). Its own domain rather than part of invoices: it has
 * its own table and lifecycle (opened, ended), is read by consultations and invoices alike, and the
 * Tarif 590 form builds on it; consultations and invoices reach it through CasesApi.
 */
import type { caseMethods } from '../../shared/contract/cases.js';
import type { DomainDeps, HandlersFor } from '../platform/domain.js';
import type { PatientsApi } from '../patients/index.js';
import { Cases, type CaseUsagePort } from './cases.js';

export type { CaseUsagePort } from './cases.js';
export { casesExport } from './exportTables.js';

/** What other domains may ask of cases. */
export type CasesApi = Pick<Cases, 'get' | 'caseForConsultation'>;

export function registerCases(deps: Pick<DomainDeps, 'db' | 'clock'>, ports: { patients: PatientsApi; usage: CaseUsagePort }) {
  const cases = new Cases(deps.db, deps.clock, ports.patients, ports.usage);
  const handlers: HandlersFor<typeof caseMethods> = {
    'cases.list': ({ patientId }) => cases.list(patientId),
    'cases.get': ({ id }) => cases.get(id),
    'cases.create': ({ patientId, treatmentCase }) => cases.create(patientId, treatmentCase),
    'cases.update': ({ id, treatmentCase }) => cases.update(id, treatmentCase),
    'cases.delete': ({ id }) => cases.delete(id),
  };
  const api: CasesApi = cases;
  return { handlers, api };
}
