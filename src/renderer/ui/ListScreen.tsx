/**
 * The pieces every list screen is made of (the settings lists, practices, mail profiles): the
 * section head with title, intro and actions, the empty state, and a table over column
 * definitions with the row actions in the last column.
 */
import type { ReactNode, Ref } from 'react';
import { useT } from '../app/i18n.js';
import { Icon, type IconName } from './Icon.js';
import { RowActions } from './RowActions.js';

export function SectionHead({ id, title, intro, headingRef, children }: {
  id: string; title: string; intro: string;
  /** For screens that move focus to the heading (after closing a form in place). */
  headingRef?: Ref<HTMLHeadingElement>;
  children?: ReactNode;
}) {
  return (
    <div className="section-head">
      <div>
        <h2 id={id} ref={headingRef} tabIndex={headingRef ? -1 : undefined}>
          {title}
        </h2>
        <p className="muted">{intro}</p>
      </div>
      {children && <div className="section-actions">{children}</div>}
    </div>
  );
}

/** A button with an icon before its label. */
export function IconButton({ icon, label, onClick, className = 'button', disabled, busyIcon }: {
  icon: IconName; label: string; onClick(): void; className?: string; disabled?: boolean | undefined; busyIcon?: ReactNode;
}) {
  return (
    <button type="button" className={className} disabled={disabled} onClick={onClick}>
      {busyIcon ?? <Icon name={icon} />}
      {label}
    </button>
  );
}

export function NewButton({ label, onClick, disabled }: { label: string; onClick(): void; disabled?: boolean }) {
  return <IconButton icon="plus" className="button primary" label={label} onClick={onClick} disabled={disabled} />;
}

/**
 * Items shown as cards (practices, mail profiles): the name with a "Standard" badge on the default
 * one, the item's details, its actions, and what follows the card's body. Classes follow `prefix`
 * (practice-list, practice-card, practice-main, practice-actions).
 */
export function CardList<T extends { id: string; name: string; isDefault: boolean }>({ items, label, prefix, heading: Heading = 'h2', defaultBadge, details, actions, after }: {
  items: T[];
  label: string;
  prefix: string;
  heading?: 'h2' | 'h3';
  defaultBadge: string;
  details(item: T): ReactNode;
  actions(item: T): ReactNode;
  after?(item: T): ReactNode;
}) {
  return (
    <ul className={`card-list ${prefix}-list`} aria-label={label}>
      {items.map((item) => (
        <li key={item.id} className={`card ${prefix}-card`} aria-label={item.name}>
          <div className={`${prefix}-main`}>
            <Heading>
              {item.name}
              {item.isDefault && <span className="badge badge-accent">{defaultBadge}</span>}
            </Heading>
            {details(item)}
          </div>
          <div className={`${prefix}-actions`}>{actions(item)}</div>
          {after?.(item)}
        </li>
      ))}
    </ul>
  );
}

export function EmptyState({ icon, title, hint, size = 32, className, mutedHint = true, children }: {
  icon: IconName; title: string; hint: string; size?: number; className?: string; mutedHint?: boolean; children?: ReactNode;
}) {
  return (
    <div className={className ? `empty ${className}` : 'empty'}>
      <Icon name={icon} size={size} />
      <h3>{title}</h3>
      <p className={mutedHint ? 'muted' : undefined}>{hint}</p>
      {children}
    </div>
  );
}

export interface Column<T> {
  header: string;
  /** A figure: header and cells right-aligned. */
  num?: boolean;
  /** Class of the cells. */
  cellClass?: string;
  cell(row: T): ReactNode;
}

const cellClassOf = (c: Column<never>) => [c.num ? 'num' : '', c.cellClass ?? ''].join(' ').trim() || undefined;

export function DataTable<T extends { id: string }>({ rows, columns, tableClass = 'table table-auto', colgroup, rowClass, onEdit, onDelete }: {
  rows: T[];
  columns: Column<T>[];
  tableClass?: string;
  /** Column widths, one class per column (the actions column included), for tables laid out fixed. */
  colgroup?: (string | undefined)[];
  rowClass?(row: T): string | undefined;
  onEdit?(row: T): void;
  onDelete(row: T): void;
}) {
  const t = useT();
  return (
    <div className="card table-card">
      <table className={tableClass}>
        {colgroup && (
          <colgroup>
            {colgroup.map((c, i) => (
              <col key={i} className={c} />
            ))}
          </colgroup>
        )}
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th key={i} scope="col" className={c.num ? 'num' : undefined}>
                {c.header}
              </th>
            ))}
            <th scope="col">
              <span className="visually-hidden">{t('common.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} className={rowClass?.(row)}>
              {columns.map((c, i) => (
                <td key={i} className={cellClassOf(c)}>
                  {c.cell(row)}
                </td>
              ))}
              <td>
                <RowActions {...(onEdit ? { onEdit: () => onEdit(row) } : {})} onDelete={() => onDelete(row)} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
