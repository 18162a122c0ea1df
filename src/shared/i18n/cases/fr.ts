/** Treatment cases (Behandlungsfall): fields, messages, the cases screen. */
import type { casesDe } from './de.js';

export const casesFr: Record<keyof typeof casesDe, string> = {

  // Validation and errors
  'v.case_unknown': "Ce cas de traitement n'existe pas pour ce patient.",
  'v.case_end_before_start': 'La fin est antérieure au début du cas.',
  'v.accident_date_required': "En cas d'accident, veuillez indiquer la date de l'accident.",
  'v.accident_after_start': "La date de l'accident est postérieure au début du traitement.",
  'error.case.in_use': 'Ce cas comporte des consultations et ne peut pas être supprimé. Veuillez plutôt saisir une date de fin.',
};
