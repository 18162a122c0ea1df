/** Issue 12, billing the way therapists bill: minutes per position, free lines and discounts, new invoice, paper invoices, number ranges. German source. */
export const billingDe = {

  // Validation and pre-flight
  'v.minutes': 'Bitte die Minuten als ganze Zahl grösser als null eingeben.',
  'v.minutes_required': 'Bitte für diese Leistung pro 5 Minuten die Minuten angeben.',
  'v.percent': 'Bitte einen Prozentsatz zwischen 0.01 und 100 eingeben.',
  'v.discount_amount': 'Der Rabatt muss grösser als null sein.',
  'v.discount_one_of': 'Bitte entweder einen Prozentsatz oder einen Betrag angeben.',
  'v.consultation_other_case': 'Auf einer Rechnung stehen nur Konsultationen desselben Behandlungsfalls.',
  'v.case_change_on_draft': 'Die Konsultation steht auf einem Rechnungsentwurf und bleibt in dessen Behandlungsfall. Bitte sie zuerst vom Entwurf entfernen.',
  'v.range_extend_only': 'Der Nummernkreis kann nur verlängert werden: bitte ein Ende grösser als {to} eingeben.',
  'inv.number_in_use': 'Die Rechnungsnummer {number} gibt es schon (das Nummernformat wurde geändert?). Bitte das Nummernformat der Praxis anpassen.',
  'inv.discount_too_large': 'Die Rabatte sind so gross wie die Leistungen oder grösser. Bitte einen Rabatt verkleinern oder entfernen.',

  // Jobs and files
  'print.step': 'PDF zum Drucken wird zusammengestellt',
  'print.fileName': 'Rechnungen-drucken',
};
