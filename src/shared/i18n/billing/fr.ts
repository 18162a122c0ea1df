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
  'v.case_change_on_draft': "La consultation figure sur un brouillon de facture et reste dans son cas de traitement. Veuillez d'abord la retirer du brouillon.",
  'v.range_extend_only': 'La plage ne peut être que prolongée : veuillez saisir une fin supérieure à {to}.',
  'inv.number_in_use': 'Le numéro de facture {number} existe déjà (le format de numérotation a-t-il changé ?). Veuillez adapter le format du cabinet.',
  'inv.discount_too_large': 'Les rabais atteignent ou dépassent le montant des prestations. Veuillez réduire ou supprimer un rabais.',

  // Jobs and files
  'print.step': 'Le PDF à imprimer est préparé',
  'print.fileName': 'Factures-a-imprimer',

  // Minutes per position
  'items.minutesN': 'Minutes ({n})',
  'items.minutesUnit': 'min',
  'items.minutesSplit': '{allocated} sur {duration} minutes réparties',
  'items.minutesOver': 'Les positions totalisent plus de minutes que la durée de la consultation. Veuillez vérifier.',
  'items.minutesUnder': 'Les positions totalisent moins de minutes que la durée de la consultation. Veuillez vérifier.',

  // Free lines, discounts and the note on a draft
  'extra.title': 'Autres positions, rabais et note',
  'extra.intro': "Les positions libres et les rabais figurent après les consultations ; un rabais en pour cent s'applique à toutes les positions.",
  'extra.free': 'Position',
  'extra.discount': 'Rabais',
  'extra.freeN': 'Position libre {n}',
  'extra.discountN': 'Rabais {n}',
  'extra.text': 'Texte',
  'extra.quantity': 'Quantité',
  'extra.unitPrice': 'Prix',
  'extra.vat': 'TVA %',
  'extra.mode': 'Type',
  'extra.percent': 'Pour cent',
  'extra.amount': 'Montant',
  'extra.percentValue': 'Pour cent',
  'extra.amountValue': 'Montant',
  'extra.discountText': 'Rabais',
  'extra.remove': 'Supprimer la ligne {n}',
  'extra.addFree': 'Position libre',
  'extra.addDiscount': 'Rabais',
  'extra.note': 'Note sur la facture',
  'extra.noteHint': 'Imprimée au-dessus du total.',
  'extra.apply': 'Appliquer',
  'invoice.editCase': 'Modifier le cas',

  // New invoice from the list
  'newInvoice.button': 'Nouvelle facture',
  'newInvoice.title': 'Nouvelle facture',
  'newInvoice.patient': 'Patient(e)',
  'newInvoice.patientPlaceholder': 'Nom, date de naissance, téléphone …',
  'newInvoice.results': 'Patients trouvés',
  'newInvoice.noPatient': 'Aucun patient actif trouvé.',
  'newInvoice.otherPatient': 'Choisir une autre personne',
  'newInvoice.noOpen': 'Aucune consultation ouverte',
  'newInvoice.noOpenHint': 'Toutes les consultations figurent déjà sur une facture ou un brouillon.',
  'newInvoice.toConsultations': 'Vers les consultations',
  'newInvoice.oneCase': 'Une facture porte sur un seul cas de traitement.',
  'newInvoice.create': 'Créer le brouillon',
  'newInvoice.createN.one': 'Créer le brouillon ({count} consultation · {sum})',
  'newInvoice.createN.other': 'Créer le brouillon ({count} consultations · {sum})',

  // Paper invoices
  'post.print': 'Imprimer',
  'post.mark': 'Marquer comme envoyée par la poste',
  'post.marked': 'Envoi par la poste noté.',
  'post.askPrinted': "La facture est ouverte pour l'impression. Une fois imprimée, veuillez le confirmer : l'envoi par la poste sera alors enregistré.",
  'post.confirmPrinted': 'Imprimée',
  'post.notPrinted': 'Pas imprimée',
  'post.wantsPost': "Ce patient souhaite recevoir ses factures par la poste. « Imprimer » ouvre la facture pour impression ; l'envoi est noté dès que vous confirmez « Imprimée ».",
  'post.historyLine': 'envoyée par la poste le {when}',
  'post.historyPrinted': 'imprimée depuis Arnika',
  'post.historyMarked': 'marquée comme envoyée à la main',
  'post.markerMail': 'e-mail',
  'post.marker': 'poste',
  'post.markerNone': 'pas envoyée',
  'post.markerTitle': 'envoyée par la poste le {date}',
  'sendUi.print.make': 'Créer le PDF à imprimer',
  'sendUi.print.explain': "Un PDF avec toutes les factures dans cet ordre, l'adresse dans la fenêtre ; elles sont notées comme envoyées par la poste.",
  'sendUi.print.done.one': '{count} facture prête en PDF et notée comme envoyée par la poste.',
  'sendUi.print.done.other': '{count} factures prêtes en PDF et notées comme envoyées par la poste.',

  // Patients
  'person.title': 'Titre',
  'person.titlePlaceholder': 'p. ex. Dr méd.',
  'patient.sameAddress': 'Même adresse que le patient',
  'patient.invoicesByPostHint': "Sur la facture, « Imprimer » devient alors l'action principale.",
  'patient.fixForDraft': "Après l'enregistrement, vous revenez au brouillon de facture.",

  // Number ranges
  'ranges.col.used': 'Utilisés',
  'ranges.used': '{count} sur {size}',
  'ranges.usedYear': '{year} : {count} sur {size}',
  'ranges.explainYearly': "Le format contient l'année : chaque plage recommence chaque année (2027-00001 suit 2026-00734). Les numéros restent uniques car l'année en fait partie.",
  'ranges.explainNoYear': "Le format ne contient pas l'année : les numéros continuent sans recommencer.",
  'ranges.nearlyFull': "La plage « {label} » est utilisée à {percent} %. Veuillez la prolonger avant qu'elle soit épuisée.",
  'ranges.extend': 'Prolonger',
  'ranges.extendTitle': 'Prolonger la plage « {label} »',
  'ranges.extendLead': "Jusqu'ici {from}–{to}. La nouvelle fin ne doit chevaucher aucune autre plage.",
  'ranges.field.newTo': 'Nouvelle fin',
  'ranges.extended': "La plage « {label} » va maintenant jusqu'à {to}.",
};
