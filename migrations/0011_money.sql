-- Money in (issue 14): payments, charges, credit notes, receipts, bank files, reminders.
--
-- An invoice's account is a ledger of immutable rows: what is owed (the invoice total, reminder fees
-- and default interest as charged, less credit notes that reduce it) against what came in (payments,
-- their reversals, refunds). Its state (open, partly paid, paid, overpaid, overdue) is derived from
-- these rows every time; nothing stores it. A payment is never changed or deleted: it is undone by a
-- counter-entry that points at it. Triggers refuse what the application must never do.

-- What a practice chose for credit notes: numbers from their own sequence per year, or the invoice's
-- number behind a prefix.
CREATE TABLE payment_settings (
  practice_id         TEXT PRIMARY KEY REFERENCES practices (id) ON DELETE CASCADE,
  credit_note_numbering TEXT NOT NULL CHECK (credit_note_numbering IN ('sequence', 'invoice')),
  credit_note_prefix  TEXT NOT NULL,
  updated_at          TEXT NOT NULL
) STRICT;

-- The running number of credit notes per practice and year (numbering 'sequence'). Only forward.
CREATE TABLE credit_note_counters (
  practice_id  TEXT NOT NULL REFERENCES practices (id) ON DELETE RESTRICT,
  year         INTEGER NOT NULL,
  next_value   INTEGER NOT NULL CHECK (next_value >= 1),
  PRIMARY KEY (practice_id, year)
) STRICT;
CREATE TRIGGER credit_note_counters_forward BEFORE UPDATE OF next_value ON credit_note_counters
WHEN NEW.next_value < OLD.next_value
BEGIN SELECT RAISE(ABORT, 'credit note numbers are never reused'); END;

-- A bank file as it was read: its hash (a second reading of the same file is recognised), what it
-- is, and the accounts it names.
CREATE TABLE bank_imports (
  id               TEXT PRIMARY KEY,
  sha256           TEXT NOT NULL CHECK (length(sha256) = 64),
  file_name        TEXT NOT NULL,
  message          TEXT NOT NULL CHECK (message IN ('camt.053', 'camt.054')),
  version          TEXT NOT NULL,
  message_id       TEXT NOT NULL,
  -- JSON array of the IBANs the file names (account, QR-IBAN in NtryRef).
  accounts         TEXT NOT NULL,
  -- 1: none of them is a practice's account; nothing of this file is booked.
  foreign_account  INTEGER NOT NULL CHECK (foreign_account IN (0, 1)),
  -- JSON: entries whose details do not add up, batches delivered without details.
  notices          TEXT NOT NULL,
  created_at       TEXT NOT NULL
) STRICT;
CREATE INDEX bank_imports_sha256 ON bank_imports (sha256, created_at);
CREATE INDEX bank_imports_created ON bank_imports (created_at);

-- One line per transaction of a file, as the preview grouped it when it was read. A preview is a
-- working list, not a record: its outcome columns change as lines are booked or left.
CREATE TABLE bank_import_lines (
  import_id          TEXT NOT NULL REFERENCES bank_imports (id) ON DELETE CASCADE,
  position           INTEGER NOT NULL,
  grp                TEXT NOT NULL CHECK (grp IN ('full', 'partial', 'overpaid', 'already_paid', 'cancelled_invoice',
                       'unknown_reference', 'no_reference', 'reversal', 'pending', 'ignored', 'already_booked')),
  status             TEXT NOT NULL,
  credit_debit       TEXT NOT NULL CHECK (credit_debit IN ('CRDT', 'DBIT')),
  reversal           INTEGER NOT NULL CHECK (reversal IN (0, 1)),
  amount_minor       INTEGER NOT NULL CHECK (amount_minor >= 0),
  currency           TEXT NOT NULL,
  booking_date       TEXT,
  value_date         TEXT,
  reference          TEXT,
  reference_type     TEXT,
  debtor_name        TEXT,
  message            TEXT,
  bank_ref           TEXT,
  bank_key           TEXT NOT NULL,
  -- The invoice the reference points to (or the reversal's payment belongs to), if any. Not a foreign
  -- key: a preview is a working list (only issued invoices match, and those are never deleted), and
  -- 10,000 lines are written at once.
  invoice_id         TEXT,
  -- That invoice's patient and practice, so that booking writes the payments from the lines at once.
  patient_id         TEXT,
  practice_id        TEXT,
  -- Its open amount before this line, as the preview computed it.
  open_before_minor  INTEGER,
  -- A reversal: the payment it undoes.
  reverses_payment_id TEXT,
  -- What became of it: NULL while open, then the time it was booked.
  booked_at          TEXT,
  PRIMARY KEY (import_id, position)
) STRICT, WITHOUT ROWID;
CREATE INDEX bank_import_lines_group ON bank_import_lines (import_id, grp, position);

-- Each bank credit (and reversal) booked, by the key that identifies it across files: the backstop
-- that books nothing twice.
CREATE TABLE bank_credits (
  bank_key     TEXT PRIMARY KEY,
  import_id    TEXT NOT NULL REFERENCES bank_imports (id) ON DELETE RESTRICT,
  position     INTEGER NOT NULL,
  booked_at    TEXT NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX bank_credits_import ON bank_credits (import_id, position);

CREATE TABLE credit_notes (
  id            TEXT PRIMARY KEY,
  invoice_id    TEXT NOT NULL REFERENCES invoices (id) ON DELETE RESTRICT,
  patient_id    TEXT NOT NULL REFERENCES patients (id) ON DELETE RESTRICT,
  practice_id   TEXT NOT NULL REFERENCES practices (id) ON DELETE RESTRICT,
  -- 'overpayment': confirms money received beyond what was owed (the account is unchanged);
  -- 'reduction': lowers what the invoice asks for (a partial credit).
  kind          TEXT NOT NULL CHECK (kind IN ('overpayment', 'reduction')),
  number        TEXT NOT NULL UNIQUE,
  amount_minor  INTEGER NOT NULL CHECK (amount_minor > 0),
  currency      TEXT NOT NULL CHECK (currency IN ('CHF', 'EUR')),
  date          TEXT NOT NULL,
  reason        TEXT NOT NULL,
  -- JSON CreditNoteSnapshot: everything its PDF prints.
  snapshot      TEXT NOT NULL,
  -- The archived PDF (documents.id, kind 'credit_note').
  document_id   TEXT NOT NULL REFERENCES documents (id) ON DELETE RESTRICT,
  created_at    TEXT NOT NULL
) STRICT;
CREATE INDEX credit_notes_invoice ON credit_notes (invoice_id);
CREATE INDEX credit_notes_patient ON credit_notes (patient_id);
CREATE INDEX credit_notes_date ON credit_notes (date, created_at);

-- Money in and out of an invoice's account.
CREATE TABLE payments (
  id              TEXT PRIMARY KEY,
  invoice_id      TEXT NOT NULL REFERENCES invoices (id) ON DELETE RESTRICT,
  -- The invoice's patient and practice, copied for the lists (the invoice's own keys guard them).
  patient_id      TEXT NOT NULL,
  practice_id     TEXT NOT NULL,
  -- 'payment' money in (> 0); 'refund' money paid back to the patient (< 0, closes a credit note);
  -- 'reversal' the counter-entry that undoes one payment or refund (the negative of its amount).
  kind            TEXT NOT NULL CHECK (kind IN ('payment', 'refund', 'reversal')),
  amount_minor    INTEGER NOT NULL,
  currency        TEXT NOT NULL CHECK (currency IN ('CHF', 'EUR')),
  date            TEXT NOT NULL,
  method          TEXT NOT NULL CHECK (method IN ('transfer', 'cash', 'card', 'twint', 'other')),
  note            TEXT NOT NULL,
  reverses_id     TEXT REFERENCES payments (id) ON DELETE RESTRICT,
  -- Payments from one transfer spread over several invoices share it.
  transfer_id     TEXT,
  credit_note_id  TEXT REFERENCES credit_notes (id) ON DELETE RESTRICT,
  -- Booked from a bank file: the line's key (bank_credits, written in the same transaction).
  bank_key        TEXT,
  created_at      TEXT NOT NULL,
  CHECK ((kind = 'payment' AND amount_minor > 0) OR (kind = 'refund' AND amount_minor < 0) OR (kind = 'reversal' AND amount_minor <> 0)),
  CHECK ((kind = 'reversal') = (reverses_id IS NOT NULL)),
  CHECK (kind <> 'refund' OR credit_note_id IS NOT NULL)
) STRICT;
CREATE INDEX payments_invoice ON payments (invoice_id, kind, amount_minor);
CREATE INDEX payments_patient ON payments (patient_id);
CREATE INDEX payments_date ON payments (date, created_at);
CREATE INDEX payments_credit_note ON payments (credit_note_id) WHERE credit_note_id IS NOT NULL;
-- A payment is reversed at most once.
CREATE UNIQUE INDEX payments_reverses ON payments (reverses_id) WHERE reverses_id IS NOT NULL;
CREATE INDEX payments_bank_key ON payments (bank_key) WHERE bank_key IS NOT NULL;

CREATE TRIGGER payments_immutable BEFORE UPDATE ON payments
BEGIN SELECT RAISE(ABORT, 'payments are never changed; reverse them'); END;
CREATE TRIGGER payments_undeletable BEFORE DELETE ON payments
BEGIN SELECT RAISE(ABORT, 'payments are never deleted; reverse them'); END;
-- A reversal undoes exactly one payment or refund of the same invoice, by exactly its amount.
CREATE TRIGGER payments_reversal_matches BEFORE INSERT ON payments
WHEN NEW.kind = 'reversal' AND NOT EXISTS (
  SELECT 1 FROM payments o WHERE o.id = NEW.reverses_id AND o.kind <> 'reversal' AND o.invoice_id = NEW.invoice_id AND o.amount_minor = -NEW.amount_minor
)
BEGIN SELECT RAISE(ABORT, 'a reversal undoes one payment of the same invoice by its amount'); END;

-- Reminder fees and default interest charged to an invoice's account (by a reminder).
CREATE TABLE invoice_charges (
  id            TEXT PRIMARY KEY,
  invoice_id    TEXT NOT NULL REFERENCES invoices (id) ON DELETE RESTRICT,
  kind          TEXT NOT NULL CHECK (kind IN ('reminder_fee', 'interest')),
  amount_minor  INTEGER NOT NULL CHECK (amount_minor > 0),
  date          TEXT NOT NULL,
  -- The reminder that charged it.
  source_id     TEXT NOT NULL,
  created_at    TEXT NOT NULL
) STRICT;
CREATE INDEX invoice_charges_invoice ON invoice_charges (invoice_id);
CREATE TRIGGER invoice_charges_immutable BEFORE UPDATE ON invoice_charges
BEGIN SELECT RAISE(ABORT, 'charges are never changed'); END;
CREATE TRIGGER invoice_charges_undeletable BEFORE DELETE ON invoice_charges
BEGIN SELECT RAISE(ABORT, 'charges are never deleted'); END;

-- A receipt (Quittung) archived for a payment.
CREATE TABLE receipts (
  payment_id   TEXT PRIMARY KEY REFERENCES payments (id) ON DELETE RESTRICT,
  number       TEXT NOT NULL UNIQUE,
  -- JSON ReceiptSnapshot: everything its PDF prints.
  snapshot     TEXT NOT NULL,
  document_id  TEXT NOT NULL REFERENCES documents (id) ON DELETE RESTRICT,
  created_at   TEXT NOT NULL
) STRICT;
CREATE TRIGGER receipts_immutable BEFORE UPDATE ON receipts
BEGIN SELECT RAISE(ABORT, 'receipts are never changed'); END;
CREATE TRIGGER receipts_undeletable BEFORE DELETE ON receipts
BEGIN SELECT RAISE(ABORT, 'receipts are never deleted'); END;

CREATE TRIGGER credit_notes_immutable BEFORE UPDATE ON credit_notes
BEGIN SELECT RAISE(ABORT, 'credit notes are never changed'); END;
CREATE TRIGGER credit_notes_undeletable BEFORE DELETE ON credit_notes
BEGIN SELECT RAISE(ABORT, 'credit notes are never deleted'); END;

-- Reminders (Mahnungen) ---------------------------------------------------------------------------

-- Per practice: fees and interest switched on or off, the levels (JSON: days, fee, payment term,
-- texts per language), and the least number of days between two reminders of one invoice.
CREATE TABLE reminder_settings (
  practice_id       TEXT PRIMARY KEY REFERENCES practices (id) ON DELETE CASCADE,
  fees_enabled      INTEGER NOT NULL CHECK (fees_enabled IN (0, 1)),
  interest_enabled  INTEGER NOT NULL CHECK (interest_enabled IN (0, 1)),
  interest_rate_bp  INTEGER NOT NULL CHECK (interest_rate_bp BETWEEN 0 AND 2000),
  min_gap_days      INTEGER NOT NULL CHECK (min_gap_days BETWEEN 0 AND 365),
  levels            TEXT NOT NULL,
  updated_at        TEXT NOT NULL
) STRICT;

CREATE TABLE reminders (
  id              TEXT PRIMARY KEY,
  invoice_id      TEXT NOT NULL REFERENCES invoices (id) ON DELETE RESTRICT,
  practice_id     TEXT NOT NULL REFERENCES practices (id) ON DELETE RESTRICT,
  patient_id      TEXT NOT NULL REFERENCES patients (id) ON DELETE RESTRICT,
  level           INTEGER NOT NULL CHECK (level BETWEEN 1 AND 3),
  date            TEXT NOT NULL,
  due_date        TEXT NOT NULL,
  fee_minor       INTEGER NOT NULL CHECK (fee_minor >= 0),
  interest_minor  INTEGER NOT NULL CHECK (interest_minor >= 0),
  -- What the reminder asks to be paid (open amount, earlier fees, this fee and interest).
  total_minor     INTEGER NOT NULL CHECK (total_minor > 0),
  -- JSON ReminderSnapshot: the reminder's data, frozen; how it is printed is the renderer's business.
  snapshot        TEXT NOT NULL,
  document_id     TEXT NOT NULL REFERENCES documents (id) ON DELETE RESTRICT,
  created_at      TEXT NOT NULL,
  UNIQUE (invoice_id, level)
) STRICT;
CREATE INDEX reminders_date ON reminders (date, created_at);
CREATE INDEX reminders_patient ON reminders (patient_id);
CREATE TRIGGER reminders_immutable BEFORE UPDATE ON reminders
BEGIN SELECT RAISE(ABORT, 'reminders are never changed'); END;
CREATE TRIGGER reminders_undeletable BEFORE DELETE ON reminders
BEGIN SELECT RAISE(ABORT, 'reminders are never deleted'); END;

-- How a reminder went out: by email (its outbox row) or printed for the post. The post history.
CREATE TABLE reminder_deliveries (
  id           TEXT PRIMARY KEY,
  reminder_id  TEXT NOT NULL REFERENCES reminders (id) ON DELETE RESTRICT,
  channel      TEXT NOT NULL CHECK (channel IN ('email', 'post')),
  outbox_id    TEXT REFERENCES outbox (id) ON DELETE RESTRICT,
  to_address   TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  CHECK ((channel = 'email') = (outbox_id IS NOT NULL))
) STRICT;
CREATE INDEX reminder_deliveries_reminder ON reminder_deliveries (reminder_id, created_at);
CREATE INDEX reminder_deliveries_outbox ON reminder_deliveries (outbox_id) WHERE outbox_id IS NOT NULL;

-- After the last level: handed over to debt collection (Inkasso/Betreibung); kept out of reminder runs.
CREATE TABLE collection_handovers (
  invoice_id  TEXT PRIMARY KEY REFERENCES invoices (id) ON DELETE RESTRICT,
  date        TEXT NOT NULL,
  note        TEXT NOT NULL,
  created_at  TEXT NOT NULL
) STRICT;
