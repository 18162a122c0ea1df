/**
 * What a change to an invoice's sending makes stale: its history, the "gesendet" markers in the
 * lists, the outbox, the invoice list. Every send mutation names these, and the screens that show them refetch.
 * (Before, a module-global event bus told the history that the dialog queued a message.)
 */
export const sendChanges = ['mail.invoiceHistory', 'mail.invoiceSendStatus', 'mail.listOutbox', 'invoices.list'];
