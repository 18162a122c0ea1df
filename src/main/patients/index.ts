/** The patients domain: personal data, consent, anamnesis, billing recipient, archive, search. */
import type { patientMethods } from '../../shared/contract/patients.js';
import type { DomainDeps, HandlersFor } from '../platform/domain.js';
import { Patients, type PatientRecordsPort } from './patients.js';

export { patientsExport } from './exportTables.js';

export type { PatientRecordsPort } from './patients.js';

/** What other domains may ask of patients. */
export type PatientsApi = Pick<Patients, 'get'>;

export function registerPatients(deps: Pick<DomainDeps, 'db' | 'clock'>, ports: { records: PatientRecordsPort }) {
  const patients = new Patients(deps.db, deps.clock, ports.records);
  const handlers: HandlersFor<typeof patientMethods> = {
    'patients.list': (query) => patients.list(query),
    'patients.get': ({ id }) => patients.get(id),
    'patients.create': ({ patient }) => patients.create(patient),
    'patients.update': ({ id, patient }) => patients.update(id, patient),
    'patients.archive': ({ id }) => patients.setArchived(id, true),
    'patients.unarchive': ({ id }) => patients.setArchived(id, false),
    'patients.delete': ({ id }) => patients.delete(id),
    'patients.deletable': ({ id }) => ({ deletable: patients.deletable(id) }),
  };
  const api: PatientsApi = patients;
  return { handlers, api };
}
