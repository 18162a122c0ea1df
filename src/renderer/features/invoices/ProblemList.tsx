/**
 * What stops an invoice from being issued, as a list a therapist can work through: each problem
 * (an `inv.*` message) with a link to the place where it is fixed (Praxis, the patient, the
 * consultations). A problem of the address opens the patient's form at that section (the billing
 * recipient's, or the patient's own) and saving it comes back to the draft. The same problem
 * reported for several fields is listed once.
 */
import { useEffect, useRef } from 'react';
import type { FieldError } from '../../../shared/errors.js';
import { Icon } from '../../ui/Icon.js';
import { useT, type Translator } from '../../app/i18n.js';
import { paths } from '../../app/routes.js';
import { Tarif590Action, tarif590Fix } from '../tarif590/ProblemActions.js';

interface Fix {
  href: string;
  label: string;
}

interface Where {
  practiceId: string;
  patientId: string;
  /** The draft itself, to come back to after the fix. */
  invoiceId: string;
  recipient: 'patient' | 'billing';
}

function fixFor(t: Translator, p: FieldError, where: Where): Fix | null {
  const { practiceId, patientId } = where;
  const practice = { href: `#${paths.practice(practiceId)}`, label: t('problems.fixPractice') };
  const section = where.recipient === 'billing' && (p.path.startsWith('recipient') || p.key === 'inv.billing_recipient_missing') ? 'billing' : 'address';
  const patient = { href: `#${paths.patientFix(patientId, section, paths.invoice(where.invoiceId))}`, label: t('problems.fixPatient') };
  const consultations = { href: `#${paths.patient(patientId, 'consultations')}`, label: t('problems.fixConsultations') };
  const t590 = tarif590Fix(t, p, patientId);
  if (t590) return t590;
  if (p.path.startsWith('recipient') || p.path.startsWith('patient.') || p.path.startsWith('tarif590.patient')) return patient;
  if (p.path.startsWith('practice.') || p.path.startsWith('paymentReference') || p.path === 'invoiceNumber' || p.path === 'dueDate') return practice;
  if (p.key.startsWith('inv.reference') || p.key.startsWith('inv.qr') || p.key.startsWith('inv.iban')) return practice;
  if (p.path.startsWith('lines') || p.path.startsWith('totals')) return consultations;
  return null;
}

export function uniqueProblems(problems: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const id = `${p.key}|${JSON.stringify(p.params ?? {})}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/**
 * `refused`: shown because Ausstellen was just refused; the list is then announced (role=alert),
 * says so in its first line and takes the focus, so keyboard users land on what to fix.
 */
export function ProblemList({ problems, refused, where }: { problems: FieldError[]; refused: boolean; where: Where }) {
  const t = useT();
  const ref = useRef<HTMLElement>(null);
  const list = uniqueProblems(problems);
  useEffect(() => {
    if (refused) ref.current?.focus();
  }, [refused, problems]);
  if (list.length === 0) return null;
  return (
    <section ref={ref} className="problems" aria-labelledby="problems-title" role={refused ? 'alert' : undefined} tabIndex={-1}>
      <div className="problems-head">
        <Icon name="alert" size={20} />
        <div>
          <h2 id="problems-title">{t('problems.title')}</h2>
          {refused && <p className="problems-refused">{t('problems.refused')}</p>}
          <p>{t.plural('problems.lead', list.length, { count: list.length })}</p>
        </div>
      </div>
      <ul className="problem-list">
        {list.map((p) => {
          const fix = fixFor(t, p, where);
          return (
            <li key={`${p.key}|${JSON.stringify(p.params ?? {})}`}>
              <span>{t.message(p)}</span>
              <Tarif590Action problem={p} invoiceId={where.invoiceId} />
              {fix && (
                <a className="problem-fix" href={fix.href}>
                  {fix.label}
                  <Icon name="right" size={14} />
                </a>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
