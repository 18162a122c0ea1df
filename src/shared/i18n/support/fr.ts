/** Support: the log file in Einstellungen. */
export const supportFr = {
  'support.logTitle': 'Fichier journal',
  'support.logHint': 'Si quelque chose ne fonctionne pas, le fichier journal aide le support à trouver l’erreur. Il contient des codes d’erreur et des informations techniques, mais aucune donnée de patient ni aucun mot de passe.',
  'support.logExport': 'Exporter le fichier journal',
};
