/** Error codes of the platform layer shared by every domain: files handed in and out, jobs. */
export const platformErrorCodes = [
  'files.too_large',
  'files.unreadable',
  'files.upload_missing',
  'files.download_missing',
  'files.desktop_only',
] as const;
