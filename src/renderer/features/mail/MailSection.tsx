/** A titled card of the mail forms (h3: the screen's own title is the h2), holding a six-column grid. */
import type { ReactNode } from 'react';

export function MailSection({ title, description, children }: { title: string; description?: string; children: ReactNode }) {
  return (
    <section className="card form-section mail-section">
      <div className="form-section-head">
        <h3>{title}</h3>
        {description && <p className="muted">{description}</p>}
      </div>
      <div className="grid">{children}</div>
    </section>
  );
}
