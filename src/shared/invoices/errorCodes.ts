/** Error codes owned by services, consultations and invoices. Each needs an `error.<code>` message in i18n/invoices. */
export const invoiceErrorCodes = [] as const;
