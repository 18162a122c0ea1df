/** Treatment cases (Behandlungsfall): fields, messages, the cases screen. */
import type { casesDe } from './de.js';

export const casesIt: Record<keyof typeof casesDe, string> = {

  // Validation and errors
  'v.case_unknown': 'Questo caso di trattamento non esiste per questo paziente.',
  'v.case_end_before_start': "La fine è precedente all'inizio del caso.",
  'v.accident_date_required': "In caso d'infortunio indicare la data dell'infortunio.",
  'v.accident_after_start': "La data dell'infortunio è successiva all'inizio del trattamento.",
  'error.case.in_use': 'Questo caso ha delle consultazioni e non può essere eliminato. Impostare invece una data di fine.',
};
