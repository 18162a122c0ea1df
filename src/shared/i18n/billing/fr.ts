/** Issue 12, billing the way therapists bill: minutes per position, free lines and discounts, new invoice, paper invoices, number ranges. */
import type { billingDe } from './de.js';

export const billingFr: Record<keyof typeof billingDe, string> = {

  // Validation and pre-flight
  'v.minutes': 'Veuillez saisir les minutes sous forme de nombre entier supérieur à zéro.',
  'v.minutes_required': 'Veuillez indiquer les minutes de cette prestation par 5 minutes.',
  'v.percent': 'Veuillez saisir un pourcentage entre 0.01 et 100.',
  'v.discount_amount': 'Le rabais doit être supérieur à zéro.',
  'v.discount_one_of': 'Veuillez indiquer soit un pourcentage, soit un montant.',
  'v.consultation_other_case': 'Une facture ne contient que des consultations du même cas de traitement.',
  'v.case_change_on_draft': "La consultation figure sur un projet de facture et reste dans son cas de traitement. Veuillez d'abord la retirer du projet.",
  'v.range_extend_only': 'La plage ne peut être que prolongée : veuillez saisir une fin supérieure à {to}.',
  'inv.number_in_use': 'Le numéro de facture {number} existe déjà (le format de numérotation a-t-il changé ?). Veuillez adapter le format du cabinet.',
  'inv.discount_too_large': 'Les rabais atteignent ou dépassent le montant des prestations. Veuillez réduire ou supprimer un rabais.',

  // Jobs and files
  'print.step': 'Le PDF à imprimer est préparé',
  'print.fileName': 'Factures-a-imprimer',
};
