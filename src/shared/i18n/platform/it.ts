import type { platformDe } from './de.js';

export const platformIt: Record<keyof typeof platformDe, string> = {
  'error.files.too_large': 'Il file è troppo grande. Scelga un file più piccolo.',
  'error.files.unreadable': 'Il file scelto non può essere letto. Verifichi che esista ancora e che Arnika possa leggerlo.',
  'error.files.upload_missing': 'Il file non è più disponibile. Lo scelga di nuovo.',
  'error.files.download_missing': 'Il file non è più disponibile. Lo crei di nuovo.',
  'error.files.desktop_only': 'Questa funzione esiste solo nella versione desktop di Arnika.',
  'job.running': 'In corso…',
  'job.cancel': 'Interrompi',
  'job.cancelled': 'Interrotto.',
  'job.failed': 'Non riuscito.',
  'job.progress': '{done} di {total}',
  'files.save': 'Salva',
  'files.saved': 'Salvato.',
};
