/** A titled card holding a six-column grid of fields (h3 where the screen's own title is an h2). */
import type { ReactNode } from 'react';

export function FormSection({ title, description, heading: Heading = 'h2', className, children }: {
  title: string; description?: string; heading?: 'h2' | 'h3'; className?: string; children: ReactNode;
}) {
  return (
    <section className={className ? `card form-section ${className}` : 'card form-section'}>
      <div className="form-section-head">
        <Heading>{title}</Heading>
        {description && <p className="muted">{description}</p>}
      </div>
      <div className="grid">{children}</div>
    </section>
  );
}
