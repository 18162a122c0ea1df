/** Texts of the platform layer: files handed in and out, jobs. */
export const platformDe = {
  'error.files.too_large': 'Die Datei ist zu gross. Bitte eine kleinere Datei wählen.',
  'error.files.unreadable': 'Die gewählte Datei kann nicht gelesen werden. Bitte prüfen, ob sie noch da ist und ob Arnika sie lesen darf.',
  'error.files.upload_missing': 'Die Datei ist nicht mehr vorhanden. Bitte die Datei noch einmal wählen.',
  'error.files.download_missing': 'Die Datei ist nicht mehr vorhanden. Bitte noch einmal erstellen.',
  'error.files.desktop_only': 'Das geht nur in der Desktop-Version von Arnika.',
  'job.running': 'Läuft …',
  'job.cancel': 'Abbrechen',
  'job.cancelled': 'Abgebrochen.',
  'job.failed': 'Fehlgeschlagen.',
  'job.progress': '{done} von {total}',
  'files.save': 'Speichern',
  'files.saved': 'Gespeichert.',
};
