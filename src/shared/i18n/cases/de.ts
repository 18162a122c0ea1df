/** Treatment cases (Behandlungsfall): fields, messages, the cases screen. German source. */
export const casesDe = {

  // Validation and errors
  'v.case_unknown': 'Diesen Behandlungsfall gibt es bei diesem Patienten nicht.',
  'v.case_end_before_start': 'Das Ende liegt vor dem Beginn des Falls.',
  'v.accident_date_required': 'Bei einem Unfall bitte das Unfalldatum angeben.',
  'v.accident_after_start': 'Das Unfalldatum liegt nach dem Beginn der Behandlung.',
  'error.case.in_use': 'Zu diesem Fall gibt es Konsultationen; er kann nicht gelöscht werden. Bitte stattdessen ein Enddatum setzen.',
};
