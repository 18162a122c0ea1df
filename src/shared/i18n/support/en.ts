/** Support: the log file in Einstellungen. */
export const supportEn = {
  'support.logTitle': 'Log file',
  'support.logHint': 'If something does not work, the log file helps support find the error. It holds error codes and technical details, but no patient data and no passwords.',
  'support.logExport': 'Export log file',
};
