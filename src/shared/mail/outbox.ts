/**
 * The outbox's vocabulary, shared so that the renderer names states and reasons exactly as main
 * stores them. Every email Arnika sends is first an outbox row; its state moves only along
 *
 *   queued ──► sending ──► sent
 *     ▲  │        │ └────► failed      (the server refused, or a check before sending failed)
 *     │  │        └──────► uncertain   (the connection broke after the body went out, or the app
 *     │  │                              stopped while the row was 'sending'; never resent by itself)
 *     │  └─(4xx, connection lost before DATA) back to queued with a backoff, until max attempts
 *     │  └─► cancelled                 (a bulk send was stopped, or the user cancelled the row)
 *     └──── uncertain ──(user: resend)  and  uncertain ──(mark_sent)──► sent, ──(discard)──► cancelled
 */
export const outboxStates = ['queued', 'sending', 'sent', 'failed', 'uncertain', 'cancelled'] as const;
export type OutboxState = (typeof outboxStates)[number];

/** States in which a row still "owns" its invoice: no second send of that invoice may start. */
export const activeOutboxStates = ['queued', 'sending', 'uncertain'] as const satisfies readonly OutboxState[];

/** What the user decides for an uncertain row. */
export const uncertainActions = ['resend', 'mark_sent', 'discard'] as const;
export type UncertainAction = (typeof uncertainActions)[number];

/**
 * Why an invoice is left out of a bulk send. Each has a `mail.skip.<reason>` message in the catalogs.
 * Beyond the list: 'not_found' (an id that is no invoice, e.g. a draft deleted meanwhile),
 * 'no_password' (the send profile has no password stored: every message would fail), 'in_progress'
 * (the invoice is already queued, being sent, or waiting for a decision after an uncertain send),
 * 'already_sent' (sent by email before, and not chosen to be sent again).
 */
export const bulkSkipReasons = [
  'not_found', 'not_issued', 'cancelled', 'no_profile', 'no_password', 'no_template', 'wants_post', 'no_email', 'in_progress',
  'already_sent',
] as const;

/**
 * Why a send profile's queue waits: a provider's sending limit (see classify.ts sendingLimitOf).
 * 'daily' waits until the next morning, 'rate' a few minutes, 'busy' a quarter of an hour.
 */
export const pauseKinds = ['daily', 'rate', 'busy'] as const;
export type PauseKind = (typeof pauseKinds)[number];
export type BulkSkipReason = (typeof bulkSkipReasons)[number];
