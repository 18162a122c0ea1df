/** Support: the log file in Einstellungen. */
export const supportIt = {
  'support.logTitle': 'File di log',
  'support.logHint': 'Se qualcosa non funziona, il file di log aiuta il supporto a trovare l’errore. Contiene codici di errore e informazioni tecniche, ma nessun dato dei pazienti e nessuna password.',
  'support.logExport': 'Esporta il file di log',
};
