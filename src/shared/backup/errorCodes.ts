/** Error codes owned by backups, restore and the export of everything. Each needs an `error.<code>` message in i18n/backup. */
export const backupErrorCodes = [
  'backup.not_set_up',
  'backup.folder_unavailable',
  'backup.target_full',
  'backup.target_unavailable',
  'backup.verification_failed',
  /** The backup worker ended before it answered (crashed or killed). */
  'backup.interrupted',
  'backup.busy',
  'backup.database_damaged',
  'backup.wrong_passphrase',
  'backup.damaged',
  'backup.not_a_backup',
  'backup.newer_version',
  'backup.restore_expired',
  'backup.restoring',
  'backup.workstation_range_taken',
] as const;
