-- Issued documents archived byte for byte, and the payment reference as a column (issue 10).
--
-- Until now only the snapshot was stored and the PDF was rendered again from code each time, so a
-- change to a label, the layout or pdfkit changed an old invoice. From now on the PDF is rendered
-- once, when the invoice is issued (or cancelled), and its bytes are kept here with their SHA-256.
-- The bytes live in the database itself: a backup of the database is a backup of every document, and
-- the database knows each document it refers to (no file can go missing beside it).

CREATE TABLE documents (
  id           TEXT PRIMARY KEY,
  invoice_id   TEXT NOT NULL REFERENCES invoices (id) ON DELETE RESTRICT,
  -- 'invoice' as issued (and sent); 'cancellation' the Storno notice, which has no payment part.
  -- Reminders, receipts and credit notes come later; they belong to an invoice too.
  kind         TEXT NOT NULL CHECK (kind IN ('invoice', 'cancellation', 'reminder', 'receipt', 'credit_note')),
  -- Several documents of one kind per invoice (reminder level 1, 2, 3; a receipt per payment); 1 otherwise.
  seq          INTEGER NOT NULL DEFAULT 1 CHECK (seq >= 1),
  file_name    TEXT NOT NULL,
  media_type   TEXT NOT NULL CHECK (media_type = 'application/pdf'),
  content      BLOB NOT NULL,
  sha256       TEXT NOT NULL CHECK (length(sha256) = 64),
  created_at   TEXT NOT NULL,
  -- 'at_issue': rendered in the transaction that issued (or cancelled) the invoice. 'later': the
  -- invoice was issued by an Arnika that kept no documents; this one was rendered from its stored
  -- snapshot the first time it was needed, by the Arnika version in app_version.
  archived     TEXT NOT NULL CHECK (archived IN ('at_issue', 'later')),
  app_version  TEXT NOT NULL,
  UNIQUE (invoice_id, kind, seq)
) STRICT;

CREATE TRIGGER documents_immutable BEFORE UPDATE ON documents
BEGIN SELECT RAISE(ABORT, 'archived documents never change'); END;

CREATE TRIGGER documents_undeletable BEFORE DELETE ON documents
BEGIN SELECT RAISE(ABORT, 'archived documents are never deleted'); END;

-- The payment reference (QRR or SCOR) an issued invoice carries, and the account it is paid to, so
-- that payments can be matched by reference. NULL for drafts and for invoices without a reference
-- (EUR). Set at issue, never changed afterwards (see the trigger below).
ALTER TABLE invoices ADD COLUMN payment_reference TEXT;
ALTER TABLE invoices ADD COLUMN creditor_iban TEXT;

-- Filling the columns of issued invoices changes issued rows: the trigger that refuses that goes for
-- the length of this migration (which runs in one transaction) and comes back covering the new columns.
DROP TRIGGER invoices_issued_immutable;

UPDATE invoices
SET payment_reference = nullif(json_extract(snapshot, '$.paymentReference.value'), ''),
    creditor_iban = nullif(upper(replace(json_extract(snapshot, '$.practice.iban'), ' ', '')), '')
WHERE snapshot IS NOT NULL;

-- One reference per account. Two old invoices whose numbers gave the same reference (a number format
-- changed between them) cannot be told apart by a payment: the older keeps it, the later gets none
-- and is matched by hand.
UPDATE invoices SET payment_reference = NULL
WHERE rowid IN (
  SELECT rowid FROM (
    SELECT rowid, row_number() OVER (PARTITION BY creditor_iban, payment_reference ORDER BY number_value) AS n
    FROM invoices WHERE payment_reference IS NOT NULL
  ) WHERE n > 1
);

CREATE UNIQUE INDEX invoices_payment_reference ON invoices (payment_reference, creditor_iban) WHERE payment_reference IS NOT NULL;

CREATE TRIGGER invoices_issued_immutable BEFORE UPDATE ON invoices
WHEN OLD.status <> 'draft' AND NOT (
  -- The only change allowed after issue: issued -> cancelled, touching nothing that was printed.
  OLD.status = 'issued' AND NEW.status = 'cancelled'
  AND NEW.number IS OLD.number AND NEW.number_value IS OLD.number_value AND NEW.number_range_id IS OLD.number_range_id
  AND NEW.snapshot IS OLD.snapshot AND NEW.total_minor IS OLD.total_minor AND NEW.issued_at IS OLD.issued_at
  AND NEW.invoice_date IS OLD.invoice_date AND NEW.due_date IS OLD.due_date AND NEW.language IS OLD.language
  AND NEW.recipient IS OLD.recipient AND NEW.currency IS OLD.currency AND NEW.patient_id IS OLD.patient_id
  AND NEW.practice_id IS OLD.practice_id AND NEW.created_at IS OLD.created_at AND NEW.id IS OLD.id
  AND NEW.patient_name IS OLD.patient_name AND NEW.recipient_name IS OLD.recipient_name AND NEW.search_name IS OLD.search_name
  AND NEW.payment_reference IS OLD.payment_reference AND NEW.creditor_iban IS OLD.creditor_iban
)
BEGIN SELECT RAISE(ABORT, 'issued invoices are immutable'); END;
