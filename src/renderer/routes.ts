/**
 * The app's places as hash paths (#/patients, #/patients/<id>, #/patients/new, #/practice,
 * #/practice/new, #/practice/<id>, #/settings), so a reload keeps the place.
 */
export type Route =
  | { name: 'patients' }
  | { name: 'patientNew' }
  | { name: 'patient'; id: string }
  | { name: 'practices' }
  | { name: 'practiceNew' }
  | { name: 'practice'; id: string }
  | { name: 'settings' };

export function parseRoute(path: string): Route {
  const parts = path.replace(/^#?\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const [section, sub] = parts;
  if (section === 'patients') {
    if (sub === 'new') return { name: 'patientNew' };
    if (sub) return { name: 'patient', id: sub };
    return { name: 'patients' };
  }
  if (section === 'practice') {
    if (sub === 'new') return { name: 'practiceNew' };
    if (sub) return { name: 'practice', id: sub };
    return { name: 'practices' };
  }
  if (section === 'settings') return { name: 'settings' };
  return { name: 'patients' };
}

export const paths = {
  patients: '/patients',
  patientNew: '/patients/new',
  patient: (id: string) => `/patients/${encodeURIComponent(id)}`,
  practices: '/practice',
  practiceNew: '/practice/new',
  practice: (id: string) => `/practice/${encodeURIComponent(id)}`,
  settings: '/settings',
};

/** The current hash without '#', e.g. '/patients/new'. */
export function currentPath(): string {
  return window.location.hash.replace(/^#/, '');
}
