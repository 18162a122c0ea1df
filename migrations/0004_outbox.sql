-- Mail outbox (issue 4): every email Arnika sends is first committed here, then handed to SMTP by
-- the outbox worker. A row is one send of one invoice; it is never deleted, so it is also the
-- invoice's email history. States and transitions: src/shared/mail/outbox.ts.

-- A bulk send: its rows carry its id; cancelling it cancels what is still queued.
CREATE TABLE outbox_batches (
  id            TEXT PRIMARY KEY,
  created_at    TEXT NOT NULL,
  cancelled_at  TEXT
) STRICT;

CREATE TABLE outbox (
  id                 TEXT PRIMARY KEY,
  -- Only issued invoices are sent, and those are never deleted (triggers in 0002).
  invoice_id         TEXT NOT NULL REFERENCES invoices (id) ON DELETE RESTRICT,
  batch_id           TEXT REFERENCES outbox_batches (id) ON DELETE RESTRICT,
  -- Order within the batch (0 for a single send).
  position           INTEGER NOT NULL DEFAULT 0,
  -- The account used to send. A deleted profile leaves the history (and from_* below) intact;
  -- a row still queued then fails with mail.no_profile.
  profile_id         TEXT REFERENCES mail_profiles (id) ON DELETE SET NULL,
  -- The message as it was committed: exactly this goes out, on every attempt.
  from_name          TEXT NOT NULL,
  from_address       TEXT NOT NULL,
  reply_to           TEXT NOT NULL,
  -- '' or the profile's own address (bccSelf).
  bcc                TEXT NOT NULL,
  to_address         TEXT NOT NULL,
  subject            TEXT NOT NULL,
  body               TEXT NOT NULL,
  attachment_name    TEXT NOT NULL,
  -- sha256 (hex) of the invoice PDF at enqueue; the PDF is rendered again at send time and must match.
  attachment_sha256  TEXT NOT NULL CHECK (length(attachment_sha256) = 64),
  -- Fixed at enqueue, so a resend after an uncertain attempt carries the same Message-ID.
  message_id         TEXT NOT NULL UNIQUE,
  state              TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'uncertain', 'cancelled')),
  -- Attempts to hand the message over: each SMTP hand-over (preceded by a committed 'sending'), and
  -- each failed attempt to connect or log in for it.
  attempts           INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  -- When a queued row is due (ISO time); NULL in every other state.
  next_attempt_at    TEXT,
  error_code         TEXT,
  error_details      TEXT,
  server_response    TEXT,
  -- What the user decided for an uncertain row.
  resolution         TEXT CHECK (resolution IS NULL OR resolution IN ('resend', 'mark_sent', 'discard')),
  created_at         TEXT NOT NULL,
  updated_at         TEXT NOT NULL,
  sending_at         TEXT,
  sent_at            TEXT,
  CHECK ((state = 'queued') = (next_attempt_at IS NOT NULL))
) STRICT;

-- Never two live sends of one invoice: a double click, or a second send while the first is uncertain,
-- is refused (mail.send_in_progress) instead of delivering twice.
CREATE UNIQUE INDEX outbox_one_active ON outbox (invoice_id) WHERE state IN ('queued', 'sending', 'uncertain');
-- The worker's question: what is due next?
CREATE INDEX outbox_due ON outbox (next_attempt_at, created_at, position) WHERE state = 'queued';
-- An invoice's history and its "sent" flag.
CREATE INDEX outbox_invoice ON outbox (invoice_id, created_at);
CREATE INDEX outbox_batch ON outbox (batch_id, position);
-- The foreign-key check when a profile is deleted.
CREATE INDEX outbox_profile ON outbox (profile_id);
-- Rows waiting for the user's decision, found at a glance.
CREATE INDEX outbox_state ON outbox (state, updated_at);
