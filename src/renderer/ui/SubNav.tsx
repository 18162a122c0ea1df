/**
 * A section's secondary navigation drawn as tabs: plain links with aria-current, because each
 * tab is a place with its own address (#/settings/services, #/patients/<id>/invoices).
 */
import type { MouseEvent } from 'react';

export interface SubNavItem {
  key: string;
  path: string;
  label: string;
  active: boolean;
  /** A small dot after the label with this text for screen readers (e.g. "unsaved changes"). */
  marker?: string | undefined;
}

export function SubNav({ label, items, onNavigate }: { label: string; items: SubNavItem[]; onNavigate?: (path: string) => void }) {
  const click = (e: MouseEvent, path: string) => {
    if (!onNavigate || e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    onNavigate(path);
  };
  return (
    <nav className="subnav" aria-label={label}>
      <ul>
        {items.map((item) => (
          <li key={item.key}>
            <a href={`#${item.path}`} aria-current={item.active ? 'page' : undefined} onClick={(e) => click(e, item.path)}>
              {item.label}
              {item.marker && (
                <span className="subnav-marker" title={item.marker}>
                  <span className="visually-hidden">({item.marker})</span>
                </span>
              )}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
