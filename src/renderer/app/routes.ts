/**
 * The app's places as hash paths, so a reload keeps the place:
 * #/patients, #/patients/new, #/patients/<id>[/consultations|/cases|/invoices][?section=billing&back=<path>],
 * #/invoices, #/invoices/<id>,
 * #/practice, #/practice/new, #/practice/<id>,
 * #/settings[/general|/mail|/email-templates|/services|/templates|/numbers|/backup],
 * #/payments, #/payments/import/<id>, #/open-items, #/reminders[/sent|/settings].
 */
export const patientTabs = ['details', 'consultations', 'cases', 'invoices'] as const;
export type PatientTab = (typeof patientTabs)[number];

export const settingsTabs = ['general', 'mail', 'email-templates', 'services', 'templates', 'numbers', 'tarif590', 'backup'] as const;
export type SettingsTab = (typeof settingsTabs)[number];

export const reminderTabs = ['run', 'sent', 'settings'] as const;
export type ReminderTab = (typeof reminderTabs)[number];

export type Route =
  | { name: 'patients' }
  | { name: 'patientNew' }
  /** `section`: a part of the form to show first ('billing'); `back`: where saving returns to (a draft that asked for a fix). */
  | { name: 'patient'; id: string; tab: PatientTab; section?: string | undefined; back?: string | undefined }
  | { name: 'invoices' }
  | { name: 'invoice'; id: string }
  | { name: 'practices' }
  | { name: 'practiceNew' }
  | { name: 'practice'; id: string }
  | { name: 'settings'; tab: SettingsTab }
  | { name: 'payments' }
  | { name: 'bankImport'; id: string }
  | { name: 'openItems' }
  | { name: 'reminders'; tab: ReminderTab };

const isPatientTab = (s: string | undefined): s is PatientTab => (patientTabs as readonly string[]).includes(s ?? '');
const isSettingsTab = (s: string | undefined): s is SettingsTab => (settingsTabs as readonly string[]).includes(s ?? '');

export function parseRoute(path: string): Route {
  const [pathPart = '', query = ''] = path.replace(/^#?\/?/, '').split('?');
  const parts = pathPart.split('/').filter(Boolean).map(decodeURIComponent);
  const params = new URLSearchParams(query);
  const [section, sub, tab] = parts;
  if (section === 'patients') {
    if (sub === 'new') return { name: 'patientNew' };
    if (sub) {
      const fix = params.get('section');
      const back = params.get('back');
      // Only a place inside the app to go back to.
      return { name: 'patient', id: sub, tab: isPatientTab(tab) ? tab : 'details', ...(fix ? { section: fix } : {}), ...(back?.startsWith('/') ? { back } : {}) };
    }
    return { name: 'patients' };
  }
  if (section === 'invoices') {
    if (sub) return { name: 'invoice', id: sub };
    return { name: 'invoices' };
  }
  if (section === 'practice') {
    if (sub === 'new') return { name: 'practiceNew' };
    if (sub) return { name: 'practice', id: sub };
    return { name: 'practices' };
  }
  if (section === 'settings') return { name: 'settings', tab: isSettingsTab(sub) ? sub : 'general' };
  if (section === 'payments') return sub === 'import' && tab ? { name: 'bankImport', id: tab } : { name: 'payments' };
  if (section === 'open-items') return { name: 'openItems' };
  if (section === 'reminders') return { name: 'reminders', tab: (reminderTabs as readonly string[]).includes(sub ?? '') ? (sub as ReminderTab) : 'run' };
  return { name: 'patients' };
}

export const paths = {
  patients: '/patients',
  patientNew: '/patients/new',
  patient: (id: string, tab: PatientTab = 'details') => `/patients/${encodeURIComponent(id)}${tab === 'details' ? '' : `/${tab}`}`,
  /** The patient's form at one section, returning to `back` after saving ("Patient bearbeiten" from a draft's problem list). */
  patientFix: (id: string, section: 'billing' | 'address', back: string) => `/patients/${encodeURIComponent(id)}?section=${section}&back=${encodeURIComponent(back)}`,
  invoices: '/invoices',
  invoice: (id: string) => `/invoices/${encodeURIComponent(id)}`,
  practices: '/practice',
  practiceNew: '/practice/new',
  practice: (id: string) => `/practice/${encodeURIComponent(id)}`,
  settings: '/settings',
  settingsTab: (tab: SettingsTab) => `/settings/${tab}`,
  payments: '/payments',
  bankImport: (id: string) => `/payments/import/${encodeURIComponent(id)}`,
  openItems: '/open-items',
  reminders: (tab: ReminderTab = 'run') => (tab === 'run' ? '/reminders' : `/reminders/${tab}`),
};

/** The current hash without '#', e.g. '/patients/new'. */
export function currentPath(): string {
  return window.location.hash.replace(/^#/, '');
}
