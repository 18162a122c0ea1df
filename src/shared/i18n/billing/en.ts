/** Issue 12, billing the way therapists bill: minutes per position, free lines and discounts, new invoice, paper invoices, number ranges. */
import type { billingDe } from './de.js';

export const billingEn: Record<keyof typeof billingDe, string> = {

  // Validation and pre-flight
  'v.minutes': 'Please enter the minutes as a whole number greater than zero.',
  'v.minutes_required': 'Please enter the minutes for this per-5-minutes service.',
  'v.percent': 'Please enter a percentage between 0.01 and 100.',
  'v.discount_amount': 'The discount must be greater than zero.',
  'v.discount_one_of': 'Please enter either a percentage or an amount.',
  'v.consultation_other_case': 'An invoice holds consultations of one treatment case only.',
  'v.case_change_on_draft': 'The consultation is on a draft invoice and stays in its treatment case. Remove it from the draft first.',
  'v.range_extend_only': 'A range can only be extended: please enter an end greater than {to}.',
  'inv.number_in_use': "Invoice number {number} exists already (was the number format changed?). Please adjust the practice's number format.",
  'inv.discount_too_large': 'The discounts are as large as the services or larger. Please reduce or remove a discount.',

  // Jobs and files
  'print.step': 'Putting the PDF to print together',
  'print.fileName': 'Invoices-to-print',
};
