/** A titled card holding a six-column grid of fields. */
import type { ReactNode } from 'react';

export function FormSection({ title, description, children }: { title: string; description?: string; children: ReactNode }) {
  return (
    <section className="card form-section">
      <div className="form-section-head">
        <h2>{title}</h2>
        {description && <p className="muted">{description}</p>}
      </div>
      <div className="grid">{children}</div>
    </section>
  );
}
