/** A block message: an error (role="alert") or a calm note. */
import type { ReactNode } from 'react';
import { Icon } from './Icon.js';

export function Alert({ kind = 'error', children }: { kind?: 'error' | 'info'; children: ReactNode }) {
  return (
    <div className={`alert alert-${kind}`} role={kind === 'error' ? 'alert' : undefined}>
      <Icon name={kind === 'error' ? 'alert' : 'info'} />
      <div>{children}</div>
    </div>
  );
}
