/** Error codes owned by the mail domain (mail.*). Each needs an `error.<code>` message in i18n/mail. */
export const mailErrorCodes = [] as const;
