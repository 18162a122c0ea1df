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
  'v.range_extend_only': 'La serie di numeri può solo essere prolungata: inserire una fine maggiore di {to}.',
  'inv.number_in_use': 'Il numero di fattura {number} esiste già (il formato di numerazione è stato cambiato?). Adattare il formato dello studio.',
  'inv.discount_too_large': "Gli sconti raggiungono o superano l'importo delle prestazioni. Ridurre o togliere uno sconto.",

  // Jobs and files
  'print.step': 'Il PDF da stampare viene preparato',
  'print.fileName': 'Fatture-da-stampare',

  // Minutes per position
  'items.minutesN': 'Minuti ({n})',
  'items.minutesUnit': 'min',
  'items.minutesSplit': '{allocated} di {duration} minuti ripartiti',
  'items.minutesOver': 'Le posizioni sommano più minuti della durata della consultazione. Verificare.',
  'items.minutesUnder': 'Le posizioni sommano meno minuti della durata della consultazione. Verificare.',

  // Free lines, discounts and the note on a draft
  'extra.title': 'Altre posizioni, sconti e nota',
  'extra.intro': 'Le posizioni libere e gli sconti figurano dopo le consultazioni; uno sconto in percentuale vale per tutte le posizioni.',
  'extra.free': 'Posizione',
  'extra.discount': 'Sconto',
  'extra.freeN': 'Posizione libera {n}',
  'extra.discountN': 'Sconto {n}',
  'extra.text': 'Testo',
  'extra.quantity': 'Quantità',
  'extra.unitPrice': 'Prezzo',
  'extra.vat': 'IVA %',
  'extra.mode': 'Tipo',
  'extra.percent': 'Percentuale',
  'extra.amount': 'Importo',
  'extra.percentValue': 'Percentuale',
  'extra.amountValue': 'Importo',
  'extra.discountText': 'Sconto',
  'extra.remove': 'Rimuovere la riga {n}',
  'extra.addFree': 'Posizione libera',
  'extra.addDiscount': 'Sconto',
  'extra.note': 'Nota sulla fattura',
  'extra.noteHint': 'Stampata sopra il totale.',
  'extra.apply': 'Applicare',
  'invoice.editCase': 'Modifica il caso',

  // New invoice from the list
  'newInvoice.button': 'Nuova fattura',
  'newInvoice.title': 'Nuova fattura',
  'newInvoice.patient': 'Paziente',
  'newInvoice.patientPlaceholder': 'Nome, data di nascita, telefono …',
  'newInvoice.results': 'Pazienti trovati',
  'newInvoice.noPatient': 'Nessun paziente attivo trovato.',
  'newInvoice.otherPatient': "Scegliere un'altra persona",
  'newInvoice.noOpen': 'Nessuna consultazione aperta',
  'newInvoice.noOpenHint': 'Tutte le consultazioni sono già su una fattura o una bozza.',
  'newInvoice.toConsultations': 'Alle consultazioni',
  'newInvoice.oneCase': 'Una fattura fattura un solo caso di trattamento.',
  'newInvoice.create': 'Creare la bozza',
  'newInvoice.createN.one': 'Creare la bozza ({count} consultazione · {sum})',
  'newInvoice.createN.other': 'Creare la bozza ({count} consultazioni · {sum})',

  // Paper invoices
  'post.print': 'Stampare',
  'post.mark': 'Segnare come inviata per posta',
  'post.marked': 'Invio per posta annotato.',
  'post.askPrinted': "La fattura è aperta per la stampa. Una volta stampata, confermare: l'invio per posta verrà allora registrato.",
  'post.confirmPrinted': 'Stampata',
  'post.notPrinted': 'Non stampata',
  'post.wantsPost': "Questo paziente desidera le fatture per posta. «Stampare» apre la fattura per la stampa; l'invio viene annotato quando conferma «Stampata».",
  'post.historyLine': 'inviata per posta il {when}',
  'post.historyPrinted': 'stampata da Arnika',
  'post.historyMarked': 'segnata a mano come inviata',
  'post.markerMail': 'e-mail',
  'post.marker': 'posta',
  'post.markerNone': 'non inviata',
  'post.markerTitle': 'inviata per posta il {date}',
  'sendUi.print.make': 'Creare il PDF da stampare',
  'sendUi.print.explain': "Un PDF con tutte le fatture in quest'ordine, l'indirizzo nella finestra; vengono annotate come inviate per posta.",
  'sendUi.print.done.one': '{count} fattura pronta in PDF e annotata come inviata per posta.',
  'sendUi.print.done.other': '{count} fatture pronte in PDF e annotate come inviate per posta.',

  // Patients
  'person.title': 'Titolo',
  'person.titlePlaceholder': 'p. es. Dr. med.',
  'patient.sameAddress': 'Stesso indirizzo del paziente',
  'patient.invoicesByPostHint': "Sulla fattura «Stampare» diventa allora l'azione principale.",
  'patient.fixForDraft': 'Dopo il salvataggio si torna alla bozza di fattura.',

  // Number ranges
  'ranges.col.used': 'Utilizzati',
  'ranges.used': '{count} di {size}',
  'ranges.usedYear': '{year}: {count} di {size}',
  'ranges.explainYearly': "Il formato contiene l'anno: ogni serie di numeri riparte ogni anno (2027-00001 segue 2026-00734). I numeri restano univoci perché contengono l'anno.",
  'ranges.explainNoYear': "Il formato non contiene l'anno: i numeri proseguono senza ricominciare.",
  'ranges.nearlyFull': 'La serie di numeri «{label}» è utilizzata al {percent} %. La prolunghi prima che sia esaurita.',
  'ranges.extend': 'Prolungare',
  'ranges.extendTitle': 'Prolungare la serie di numeri «{label}»',
  'ranges.extendLead': 'Finora {from}–{to}. La nuova fine non deve sovrapporsi a nessun’altra serie di numeri.',
  'ranges.field.newTo': 'Nuova fine',
  'ranges.extended': 'La serie di numeri «{label}» arriva ora fino a {to}.',
};
