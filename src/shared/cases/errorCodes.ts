/** Error codes owned by treatment cases. Each needs an `error.<code>` message in i18n/cases. */
export const caseErrorCodes = ['case.in_use', 'case.invoiced'] as const;
