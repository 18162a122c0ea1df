/**
 * Core messages (validation, error codes). German is the source catalog: every key is defined here first. fr, it and en must hold exactly
 * the same keys (the Catalog type checks at compile time, tests/unit/i18n.test.ts at run time).
 * Placeholders: {name}.
 */
export const coreDe = {
  // Validation messages (field level), keys used by the zod schemas in src/shared.
  'v.required': 'Bitte ausfüllen.',
  'v.text': 'Bitte einen Text eingeben.',
  'v.type': 'Dieser Wert hat nicht die erwartete Form.',
  'v.too_long': 'Dieser Text ist zu lang.',
  'v.too_small': 'Der Wert ist zu klein (mindestens {min}).',
  'v.too_big': 'Der Wert ist zu gross (höchstens {max}).',
  'v.unknown_field': 'Unbekanntes Feld: {fields}.',
  'v.choice': 'Bitte eine der angebotenen Möglichkeiten wählen.',
  'v.invalid': 'Dieser Wert ist ungültig.',
  'v.control_chars': 'Der Text enthält unsichtbare Steuerzeichen (oft aus einer Kopie). Bitte den Text neu eintippen.',
  'v.single_line': 'Bitte auf einer Zeile eingeben, ohne Zeilenumbruch oder Tabulator.',
  'v.invalid_chars': 'Der Text enthält ein beschädigtes Zeichen (z. B. ein halbes Emoji). Bitte dieses Zeichen löschen und neu eingeben.',
  'v.date_range': 'Bitte ein Datum zwischen den Jahren {min} und {max} eingeben.',
  'v.invoice_date_ahead': 'Das Rechnungsdatum liegt mehr als ein Jahr in der Zukunft. Bitte das Jahr prüfen.',
  'v.id': 'Ungültige Kennung.',
  'v.email': 'Bitte eine gültige E-Mail-Adresse eingeben, z. B. name@beispiel.ch.',
  'v.phone': 'Bitte eine gültige Telefonnummer eingeben, z. B. +41 44 123 45 67.',
  'v.website': 'Bitte eine gültige Webadresse eingeben, z. B. www.praxis.ch.',
  'v.date': 'Bitte ein gültiges Datum eingeben.',
  'v.date_future': 'Das Datum darf nicht in der Zukunft liegen.',
  'v.birth_date_future': 'Das Geburtsdatum liegt in der Zukunft. Bitte prüfen.',
  'v.birth_date_past': 'Das Geburtsdatum liegt vor 1900. Bitte prüfen.',
  'v.iban': 'Diese IBAN ist ungültig. Bitte Länderkürzel, Länge und Prüfziffer kontrollieren (z. B. CH93 0076 2011 6238 5295 7).',
  'v.ahv_format': 'Die AHV-Nummer hat 13 Ziffern und beginnt mit 756 (756.1234.5678.97).',
  'v.ahv_check': 'Die Prüfziffer der AHV-Nummer stimmt nicht. Bitte die Nummer kontrollieren.',
  'v.gln': 'Die GLN hat 13 Ziffern mit gültiger Prüfziffer.',
  'v.zsr': 'Die ZSR-Nummer besteht aus einem Buchstaben und sechs Ziffern (z. B. A123456).',
  'v.vat': 'Bitte eine gültige MWST-Nummer eingeben (z. B. CHE-123.456.789 MWST oder DE123456789).',
  'v.postal_code': 'Diese Postleitzahl passt nicht zum Land.',
  'v.country': 'Bitte ein Land wählen.',
  'v.digits': 'Bitte nur Ziffern eingeben.',
  'v.number': 'Bitte eine Zahl eingeben.',
  'v.integer': 'Bitte eine ganze Zahl eingeben.',

  // Error codes from main (error.<code>).
  'error.validation': 'Einige Angaben sind nicht gültig. Bitte die markierten Felder korrigieren.',
  'error.not_found': 'Der Eintrag wurde nicht gefunden. Vielleicht wurde er inzwischen gelöscht.',
  'error.unknown_method': 'Diese Funktion ist in dieser Version nicht verfügbar.',
  'error.unauthorized': 'Der Zugang ist abgelaufen. Bitte Arnika neu öffnen.',
  'error.internal': 'Ein unerwarteter Fehler ist aufgetreten. Ihre Daten sind unverändert.',
  'error.network': 'Arnika antwortet nicht. Läuft das Programm noch?',
  'error.db.newer_version': 'Diese Daten wurden mit einer neueren Arnika-Version gespeichert. Bitte Arnika aktualisieren; die Daten bleiben unverändert.',
  'error.db.open_failed': 'Die Datenbank konnte nicht geöffnet werden.',
  'error.practice.required': 'Bitte zuerst die Praxis erfassen.',
  'error.practice.default_delete': 'Die Standardpraxis kann nicht gelöscht werden. Bitte zuerst eine andere Praxis als Standard festlegen.',
  'error.practice.in_use': 'Diese Praxis hat Konsultationen, Rechnungen oder E-Mail-Konten und kann nicht gelöscht werden.',
  'error.patient.has_financial_records': 'Dieser Patient hat Rechnungen oder Zahlungen, die aufbewahrt werden müssen. Bitte archivieren statt löschen.',
};

