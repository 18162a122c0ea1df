/** Issue 12, billing the way therapists bill: minutes per position, free lines and discounts, new invoice, paper invoices, number ranges. */
import type { billingDe } from './de.js';

export const billingIt: Record<keyof typeof billingDe, string> = {

  // Validation and pre-flight
  'v.minutes': 'Inserire i minuti come numero intero maggiore di zero.',
  'v.minutes_required': 'Indicare i minuti di questa prestazione per 5 minuti.',
  'v.percent': 'Inserire una percentuale tra 0.01 e 100.',
  'v.discount_amount': 'Lo sconto deve essere maggiore di zero.',
  'v.discount_one_of': 'Indicare una percentuale oppure un importo.',
  'v.consultation_other_case': 'Una fattura contiene solo consultazioni dello stesso caso di trattamento.',
  'v.case_change_on_draft': 'La consultazione è su una bozza di fattura e rimane nel suo caso di trattamento. Toglierla prima dalla bozza.',
  'v.range_extend_only': "L'intervallo può solo essere prolungato: inserire una fine maggiore di {to}.",
  'inv.number_in_use': 'Il numero di fattura {number} esiste già (il formato di numerazione è stato cambiato?). Adattare il formato dello studio.',
  'inv.discount_too_large': "Gli sconti raggiungono o superano l'importo delle prestazioni. Ridurre o togliere uno sconto.",

  // Jobs and files
  'print.step': 'Il PDF da stampare viene preparato',
  'print.fileName': 'Fatture-da-stampare',
};
