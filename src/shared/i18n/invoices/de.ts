/** invoices messages, German source. */
export const invoicesDe = {
};
