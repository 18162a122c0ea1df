/** Error codes owned by the Tarif 590 domain. Each needs an `error.<code>` message in i18n/tarif590. */
export const tarif590ErrorCodes = [
  'tariff.csv_empty',
  'tariff.csv_columns',
  'tariff.csv_bad_code',
  'tariff.csv_duplicate',
  'tariff.csv_text_missing',
  'invoice.no_absence',
] as const;
