/** The top of a page: its title (with a badge where there is one), a muted line below, and the page's actions. */
import type { ReactNode } from 'react';
import { Icon } from './Icon.js';

export function PageHeader({ title, subtitle, liveSubtitle, children }: {
  title: ReactNode;
  /** Left out when empty (null, false or ''). */
  subtitle?: ReactNode;
  /** The subtitle changes with what the page shows (a count): announce it politely. */
  liveSubtitle?: boolean;
  children?: ReactNode;
}) {
  return (
    <header className="page-header">
      <div>
        <h1>{title}</h1>
        {subtitle !== undefined && subtitle !== null && subtitle !== false && subtitle !== '' && (
          <p className="muted page-subtitle" aria-live={liveSubtitle ? 'polite' : undefined}>
            {subtitle}
          </p>
        )}
      </div>
      {children}
    </header>
  );
}

/** "+ Neuer …" as a link to the page where the new item is made. */
export function NewLink({ href, label }: { href: string; label: string }) {
  return (
    <a className="button primary" href={href}>
      <Icon name="plus" />
      {label}
    </a>
  );
}
