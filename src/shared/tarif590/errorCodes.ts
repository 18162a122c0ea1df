/** Error codes owned by the Tarif 590 domain. Each needs an `error.<code>` message in i18n/tarif590. */
export const tarif590ErrorCodes = [
  'tariff.csv_empty',
  'tariff.csv_columns',
  'tariff.csv_bad_code',
  'tariff.csv_duplicate',
  'tariff.csv_text_missing',
  'tariff.csv_text_missing_fr',
  'tariff.csv_text_missing_it',
  'tariff.csv_fields_missing',
  'tariff.csv_column_unclear',
  'invoice.no_absence',
  'invoice.absence_mixed',
] as const;
