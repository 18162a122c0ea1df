/** Treatment cases (Behandlungsfall): fields, messages, the cases screen. */
import type { casesDe } from './de.js';

export const casesEn: Record<keyof typeof casesDe, string> = {

  // Validation and errors
  'v.case_unknown': 'This treatment case does not belong to this patient.',
  'v.case_end_before_start': 'The end is before the start of the case.',
  'v.accident_date_required': 'For an accident, please enter the accident date.',
  'v.accident_after_start': 'The accident date is after the start of the treatment.',
  'error.case.in_use': 'This case has consultations and cannot be deleted. Set an end date instead.',
};
