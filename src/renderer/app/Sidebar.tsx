/** The left navigation: the Arnika mark and the places (Patienten, Rechnungen, Zahlungen, Offene Posten, Mahnwesen, Praxis, Einstellungen). */
import { useT } from './i18n.js';
import type { Route } from './routes.js';
import { paths } from './routes.js';
import { Icon, Logo, type IconName } from '../ui/Icon.js';

const sections = (route: Route) => [
  { key: 'patients', path: paths.patients, icon: 'patients', active: route.name.startsWith('patient') },
  { key: 'invoices', path: paths.invoices, icon: 'invoice', active: route.name === 'invoices' || route.name === 'invoice' },
  { key: 'payments', path: paths.payments, icon: 'coins', active: route.name === 'payments' || route.name === 'bankImport' },
  { key: 'openItems', path: paths.openItems, icon: 'list', active: route.name === 'openItems' },
  { key: 'reminders', path: paths.reminders(), icon: 'bell', active: route.name === 'reminders' },
  { key: 'practice', path: paths.practices, icon: 'practice', active: route.name.startsWith('practice') },
  { key: 'settings', path: paths.settings, icon: 'settings', active: route.name === 'settings' },
] as const satisfies readonly { key: string; path: string; icon: IconName; active: boolean }[];

export function Sidebar({ route }: { route: Route }) {
  const t = useT();
  return (
    <aside className="sidebar">
      <div className="brand">
        <Logo />
        <span className="brand-name">Arnika</span>
      </div>
      <nav aria-label={t('nav.label')}>
        <ul className="nav-list">
          {sections(route).map((s) => (
            <li key={s.key}>
              <a className="nav-link" href={`#${s.path}`} aria-current={s.active ? 'page' : undefined}>
                <Icon name={s.icon} size={20} />
                <span>{t(`nav.${s.key}`)}</span>
              </a>
            </li>
          ))}
        </ul>
      </nav>
    </aside>
  );
}
