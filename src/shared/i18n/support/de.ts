/** Support: the log file in Einstellungen (German is the source; fr, it, en hold the same keys). */
export const supportDe = {
  'support.logTitle': 'Logdatei',
  'support.logHint': 'Wenn etwas nicht funktioniert, hilft die Logdatei dem Support, den Fehler zu finden. Sie enthält Fehlercodes und technische Angaben, aber keine Patientendaten und keine Passwörter.',
  'support.logExport': 'Logdatei exportieren',
};
