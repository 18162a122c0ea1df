import type { platformDe } from './de.js';

export const platformFr: Record<keyof typeof platformDe, string> = {
  'error.files.too_large': 'Le fichier est trop volumineux. Veuillez choisir un fichier plus petit.',
  'error.files.unreadable': 'Le fichier choisi ne peut pas être lu. Veuillez vérifier qu’il existe encore et qu’Arnika a le droit de le lire.',
  'error.files.upload_missing': 'Le fichier n’est plus disponible. Veuillez le choisir à nouveau.',
  'error.files.download_missing': 'Le fichier n’est plus disponible. Veuillez le créer à nouveau.',
  'error.files.desktop_only': 'Cette fonction n’existe que dans la version de bureau d’Arnika.',
  'job.running': 'En cours…',
  'job.cancel': 'Interrompre',
  'job.cancelled': 'Interrompu.',
  'job.failed': 'Échec.',
  'job.progress': '{done} sur {total}',
  'files.save': 'Enregistrer',
  'files.saved': 'Enregistré.',
};
