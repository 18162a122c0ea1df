/**
 * The contract's method names without the contract: the preload's allowlist needs only these, and
 * importing `contract` would bundle zod and every schema into it (~800 KB). Kept by hand in the
 * contract's order; tests/unit/contract-names.test.ts checks it holds exactly the contract's methods.
 */
export const methodNameList = [
  'app.info',
  'settings.get',
  'settings.update',
  'storage.createNew',
  'app.exportLog',
  'practices.list',
  'practices.get',
  'practices.create',
  'practices.update',
  'practices.setDefault',
  'practices.delete',
  'patients.list',
  'patients.get',
  'patients.create',
  'patients.update',
  'patients.archive',
  'patients.unarchive',
  'patients.delete',
  'services.list',
  'services.create',
  'services.update',
  'services.delete',
  'consultationTemplates.list',
  'consultationTemplates.create',
  'consultationTemplates.update',
  'consultationTemplates.delete',
  'consultations.list',
  'consultations.get',
  'consultations.create',
  'consultations.update',
  'consultations.delete',
  'invoices.list',
  'invoices.get',
  'invoices.createDraft',
  'invoices.updateDraft',
  'invoices.deleteDraft',
  'invoices.issue',
  'invoices.cancel',
  'invoices.pdf',
  'invoices.openPdf',
  'invoices.exportPdfs',
  'numberRanges.list',
  'numberRanges.create',
  'numberRanges.delete',
  'mail.listProfiles',
  'mail.saveProfile',
  'mail.deleteProfile',
  'mail.setDefaultProfile',
  'mail.detectSettings',
  'mail.testConnection',
  'mail.sendTestMessage',
  'mail.listTemplates',
  'mail.saveTemplate',
  'mail.resetTemplate',
  'mail.previewTemplate',
  'mail.prepareInvoiceEmail',
  'mail.sendInvoice',
  'mail.invoiceHistory',
  'mail.invoiceSendStatus',
  'mail.bulkPreflight',
  'mail.bulkSend',
  'mail.batchStatus',
  'mail.cancelBatch',
  'mail.cancelOutbox',
  'mail.resolveUncertain',
  'mail.listOutbox',
] as const;

export type ListedMethodName = (typeof methodNameList)[number];

const known: ReadonlySet<string> = new Set(methodNameList);

/** True for a contract method's name; own names only, so 'constructor' or '__proto__' are not. */
export function isListedMethodName(name: string): name is ListedMethodName {
  return known.has(name);
}
