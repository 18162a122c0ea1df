/** Error codes owned by reminders. Each needs an `error.<code>` message in i18n/money. */
export const reminderErrorCodes = [
  'reminders.not_open',
  'reminders.no_next_level',
  'reminders.handed_over',
  'reminders.not_after_last_level',
  'reminders.not_due',
] as const;
export type ReminderErrorCode = (typeof reminderErrorCodes)[number];
