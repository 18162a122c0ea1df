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

  // Minutes per position
  'items.minutesN': 'Minutes ({n})',
  'items.minutesUnit': 'min',
  'items.minutesSplit': '{allocated} of {duration} minutes allocated',
  'items.minutesOver': 'The positions add up to more minutes than the consultation lasted. Please check.',
  'items.minutesUnder': 'The positions add up to fewer minutes than the consultation lasted. Please check.',

  // Free lines, discounts and the note on a draft
  'extra.title': 'Further positions, discounts and note',
  'extra.intro': 'Free positions and discounts follow the consultations on the invoice; a percentage discount applies to all positions.',
  'extra.free': 'Position',
  'extra.discount': 'Discount',
  'extra.freeN': 'Free position {n}',
  'extra.discountN': 'Discount {n}',
  'extra.text': 'Text',
  'extra.quantity': 'Quantity',
  'extra.unitPrice': 'Price',
  'extra.vat': 'VAT %',
  'extra.mode': 'Kind',
  'extra.percent': 'Percentage',
  'extra.amount': 'Amount',
  'extra.percentValue': 'Percent',
  'extra.amountValue': 'Amount',
  'extra.discountText': 'Discount',
  'extra.remove': 'Remove line {n}',
  'extra.addFree': 'Free position',
  'extra.addDiscount': 'Discount',
  'extra.note': 'Note on the invoice',
  'extra.noteHint': 'Printed above the total.',
  'extra.apply': 'Apply',
  'invoice.editCase': 'Edit case',

  // New invoice from the list
  'newInvoice.button': 'New invoice',
  'newInvoice.title': 'New invoice',
  'newInvoice.patient': 'Patient',
  'newInvoice.patientPlaceholder': 'Name, birth date, phone …',
  'newInvoice.results': 'Patients found',
  'newInvoice.noPatient': 'No active patient found.',
  'newInvoice.otherPatient': 'Choose someone else',
  'newInvoice.noOpen': 'No open consultations',
  'newInvoice.noOpenHint': 'All consultations are already on an invoice or a draft.',
  'newInvoice.toConsultations': 'To the consultations',
  'newInvoice.oneCase': 'An invoice bills one treatment case.',
  'newInvoice.create': 'Create draft',
  'newInvoice.createN.one': 'Create draft ({count} consultation · {sum})',
  'newInvoice.createN.other': 'Create draft ({count} consultations · {sum})',

  // Paper invoices
  'post.print': 'Print',
  'post.mark': 'Mark as sent by post',
  'post.marked': 'Recorded as sent by post.',
  'post.askPrinted': 'The invoice is open for printing. Once it has printed, please confirm: it is then recorded as sent by post.',
  'post.confirmPrinted': 'Printed',
  'post.notPrinted': 'Not printed',
  'post.wantsPost': 'This patient wants invoices by post. "Print" opens the invoice for printing; it is recorded as sent once you confirm "Printed".',
  'post.historyLine': 'sent by post on {when}',
  'post.historyPrinted': 'printed from Arnika',
  'post.historyMarked': 'marked as sent by hand',
  'post.markerMail': 'email',
  'post.marker': 'post',
  'post.markerNone': 'not sent',
  'post.markerTitle': 'sent by post on {date}',
  'sendUi.print.make': 'Make the PDF to print',
  'sendUi.print.explain': 'One PDF with all invoices in this order, the address in the window; they are recorded as sent by post.',
  'sendUi.print.done.one': '{count} invoice ready as a PDF and recorded as sent by post.',
  'sendUi.print.done.other': '{count} invoices ready as a PDF and recorded as sent by post.',

  // Patients
  'person.title': 'Title',
  'person.titlePlaceholder': 'e.g. Dr',
  'patient.sameAddress': 'Same address as the patient',
  'patient.invoicesByPostHint': 'On the invoice, "Print" is then the main action.',
  'patient.fixForDraft': 'Saving takes you back to the draft invoice.',

  // Number ranges
  'ranges.col.used': 'Used',
  'ranges.used': '{count} of {size}',
  'ranges.usedYear': '{year}: {count} of {size}',
  'ranges.explainYearly': 'The number format contains the year: each range counts again every year (2027-00001 follows 2026-00734). Numbers stay unique because the year is part of them.',
  'ranges.explainNoYear': 'The number format contains no year: numbers run on without restarting.',
  'ranges.nearlyFull': 'Number range "{label}" is {percent} % used. Please extend it before it runs out.',
  'ranges.extend': 'Extend',
  'ranges.extendTitle': 'Extend number range "{label}"',
  'ranges.extendLead': 'So far {from}–{to}. The new end must not overlap another range.',
  'ranges.field.newTo': 'New end',
  'ranges.extended': 'Number range "{label}" now goes up to {to}.',
};
