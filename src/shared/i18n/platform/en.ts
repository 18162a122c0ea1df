import type { platformDe } from './de.js';

export const platformEn: Record<keyof typeof platformDe, string> = {
  'error.files.too_large': 'The file is too large. Please choose a smaller file.',
  'error.files.unreadable': 'The chosen file cannot be read. Please check that it still exists and that Arnika may read it.',
  'error.files.upload_missing': 'The file is no longer available. Please choose it again.',
  'error.files.download_missing': 'The file is no longer available. Please create it again.',
  'error.files.desktop_only': 'This only works in the desktop version of Arnika.',
  'job.running': 'Running…',
  'job.cancel': 'Stop',
  'job.cancelled': 'Stopped.',
  'job.failed': 'Failed.',
  'job.progress': '{done} of {total}',
  'files.save': 'Save',
  'files.saved': 'Saved.',
};
