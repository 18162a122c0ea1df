/** The practices domain: the practice's identity, address, bank account and defaults. */
import type { practiceMethods } from '../../shared/contract/practices.js';
import type { DomainDeps, HandlersFor } from '../platform/domain.js';
import { Practices } from './practices.js';

export { practicesExport } from './exportTables.js';

/** What other domains may ask of practices. */
export type PracticesApi = Pick<Practices, 'get' | 'getDefault' | 'count' | 'list'>;

export function registerPractices(deps: Pick<DomainDeps, 'db' | 'clock'>) {
  const practices = new Practices(deps.db, deps.clock);
  const handlers: HandlersFor<typeof practiceMethods> = {
    'practices.list': () => practices.list(),
    'practices.get': ({ id }) => practices.get(id),
    'practices.create': ({ practice, makeDefault }) => practices.create(practice, makeDefault),
    'practices.update': ({ id, practice }) => practices.update(id, practice),
    'practices.setDefault': ({ id }) => practices.setDefault(id),
    'practices.delete': ({ id }) => practices.delete(id),
  };
  const api: PracticesApi = practices;
  return { handlers, api };
}
