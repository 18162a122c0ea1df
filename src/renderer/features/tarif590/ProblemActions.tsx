/**
 * What the Tarif 590 checker offers to do beside its problem in the problem list: split a draft with
 * consultations of several therapists into one draft per therapist, and move missed appointments
 * onto a private draft (the standard invoice). Also where each Tarif 590 problem is fixed.
 */
import type { FieldError } from '../../../shared/errors.js';
import { useT, type Translator } from '../../app/i18n.js';
import { paths } from '../../app/routes.js';
import { useApiMutation } from '../../data/query.js';
import { errorText } from '../../ui/errors.js';
import { useToast } from '../../ui/Toast.js';

const invalidates = ['invoices.', 'consultations.', 'mail.'];

export function Tarif590Action({ problem, invoiceId }: { problem: FieldError; invoiceId: string }) {
  const t = useT();
  const toast = useToast();
  const split = useApiMutation('invoices.splitByTherapist', { invalidates });
  const move = useApiMutation('invoices.moveAbsences', { invalidates });
  if (problem.key === 't590.mixed_therapists') {
    return (
      <button type="button" className="button small" disabled={split.isPending} onClick={async () => {
        const r = await split.run({ id: invoiceId });
        toast.show(r.ok ? t('t590ui.problems.splitDone', { count: r.data.invoiceIds.length }) : errorText(t, r.error));
      }}>
        {t('t590ui.problems.split')}
      </button>
    );
  }
  if (problem.key === 't590.absence_line') {
    return (
      <button type="button" className="button small" disabled={move.isPending} onClick={async () => {
        const r = await move.run({ id: invoiceId });
        toast.show(r.ok ? t('t590ui.problems.moved') : errorText(t, r.error));
      }}>
        {t('t590ui.problems.moveAbsences')}
      </button>
    );
  }
  return null;
}

/** Where a Tarif 590 problem is fixed; null for the others (the problem list knows those). */
export function tarif590Fix(t: Translator, p: FieldError, patientId: string): { href: string; label: string } | null {
  if (!p.key.startsWith('t590.')) return null;
  if (p.path.startsWith('tarif590.biller') || p.path.startsWith('tarif590.provider') || p.path === 'tarif590.canton') {
    return { href: `#${paths.settingsTab('tarif590')}`, label: t('t590ui.problems.fixSettings') };
  }
  if (p.path.startsWith('treatmentCase')) return { href: `#${paths.patient(patientId, 'cases')}`, label: t('t590ui.problems.fixCase') };
  if (p.key.startsWith('t590.code') || p.key === 't590.text_differs' || p.key === 't590.free_code_text' || p.key === 't590.no_catalogue') {
    return { href: `#${paths.settingsTab(p.key === 't590.no_catalogue' ? 'tarif590' : 'services')}`, label: t(p.key === 't590.no_catalogue' ? 't590ui.problems.fixSettings' : 't590ui.problems.fixServices') };
  }
  return null;
}
