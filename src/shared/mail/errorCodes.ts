/**
 * Error codes owned by the mail domain (mail.*). Each needs an `error.<code>` message in i18n/mail.
 * The same codes are the `code` of a failed connection test or test message: a test result is data,
 * so the renderer shows the same sentence whether it came as a test result or as an API error.
 */
export const mailErrorCodes = [
  // Login
  'mail.auth_failed',
  'mail.auth_app_password_required',
  'mail.auth_basic_disabled',
  'mail.auth_unsupported',
  'mail.auth_required_not_configured',
  'mail.no_password',
  // Encryption and certificates
  'mail.tls_on_starttls_port',
  'mail.starttls_on_tls_port',
  'mail.starttls_unavailable',
  'mail.cert_untrusted',
  'mail.cert_hostname_mismatch',
  'mail.cert_expired',
  // Reaching the server
  'mail.host_not_found',
  'mail.connection_refused',
  'mail.network_unreachable',
  'mail.timeout',
  'mail.connection_closed',
  // Sending
  'mail.sender_rejected',
  'mail.server_busy',
  'mail.unknown',
  // Sending invoices (issue 4: send, bulk send, outbox)
  'mail.recipient_rejected',
  'mail.message_rejected',
  'mail.delivery_uncertain',
  'mail.attachment_changed',
  'mail.invoice_not_issued',
  'mail.invoice_cancelled',
  'mail.no_recipient_email',
  'mail.no_profile',
  'mail.no_template',
  'mail.send_in_progress',
  'mail.outbox_not_uncertain',
  'mail.outbox_not_queued',
  'mail.bulk_nothing_to_send',
  // Found by the connection test's probe after login (issue 13)
  'mail.test_recipient_rejected',
  // Provider sending limits: the profile's queue pauses and goes on by itself (issue 13)
  'mail.limit_daily',
  'mail.limit_rate',
  'mail.limit_busy',
] as const;

export type MailErrorCode = (typeof mailErrorCodes)[number];
