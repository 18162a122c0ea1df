-- Billing the way therapists bill (issue 12): treatment cases, minutes per time-based position,
-- free and discount lines with a note on drafts, invoices sent by post, a title and "Familie" on
-- addresses, and invoice numbers that restart every year when the number format carries the year.

-- Treatment cases (Behandlungsfall) -------------------------------------------------------------
-- A patient's course of treatment for one reason under one law. Consultations belong to a case,
-- an invoice bills consultations of one case, and the case's data is printed on the invoice (and
-- later on the Tarif 590 form). Codes, not words: the printed words come from the catalogs.

CREATE TABLE treatment_cases (
  id                     TEXT PRIMARY KEY,
  patient_id             TEXT NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
  -- The therapist's own name for it ("Knie links"); '' shows as "Behandlungsfall seit <start>".
  title                  TEXT NOT NULL,
  -- NULL: not stated (a case made for existing data, or by a first consultation).
  reason                 TEXT CHECK (reason IS NULL OR reason IN ('illness', 'accident', 'maternity', 'prevention', 'birth_defect')),
  law                    TEXT CHECK (law IS NULL OR law IN ('vvg', 'kvg', 'uvg', 'ivg', 'mvg', 'private')),
  diagnosis              TEXT NOT NULL,
  referrer_name          TEXT NOT NULL,
  referrer_street        TEXT NOT NULL,
  referrer_house_number  TEXT NOT NULL,
  referrer_postal_code   TEXT NOT NULL,
  referrer_town          TEXT NOT NULL,
  referrer_country       TEXT NOT NULL,
  referrer_gln           TEXT NOT NULL,
  referrer_zsr           TEXT NOT NULL,
  accident_date          TEXT,
  -- Schadennummer of the accident insurer (UVG), or the case number of IV/MV.
  claim_number           TEXT NOT NULL,
  -- Copied from the patient when the case is opened; a case may be paid by another insurer.
  insurance_name         TEXT NOT NULL,
  insured_number         TEXT NOT NULL,
  start_date             TEXT NOT NULL,
  end_date               TEXT,
  remark                 TEXT NOT NULL,
  created_at             TEXT NOT NULL,
  updated_at             TEXT NOT NULL,
  CHECK (end_date IS NULL OR end_date >= start_date)
) STRICT;
CREATE INDEX treatment_cases_patient ON treatment_cases (patient_id, start_date);

-- No ON DELETE action: a case with consultations is refused by the app; deleting a patient removes
-- both (the check runs at the end of that statement, when both cascades are done).
ALTER TABLE consultations ADD COLUMN case_id TEXT REFERENCES treatment_cases (id);
CREATE INDEX consultations_case ON consultations (case_id, date);

-- Existing data: one case per patient who has consultations, starting with the first of them.
-- Ids are version-4 UUIDs like the app's.
INSERT INTO treatment_cases (id, patient_id, title, reason, law, diagnosis, referrer_name, referrer_street, referrer_house_number,
  referrer_postal_code, referrer_town, referrer_country, referrer_gln, referrer_zsr, accident_date, claim_number, insurance_name,
  insured_number, start_date, end_date, remark, created_at, updated_at)
SELECT lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-'
         || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))),
       p.id, '', NULL, NULL, '', '', '', '', '', '', 'CH', '', '', NULL, '', p.insurance_name, p.insured_number,
       (SELECT min(c.date) FROM consultations c WHERE c.patient_id = p.id), NULL, '',
       strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
FROM patients p WHERE EXISTS (SELECT 1 FROM consultations c WHERE c.patient_id = p.id);

-- The triggers that freeze consultations of issued invoices name the invoices table, which is
-- rebuilt below; they go now and come back at the end (see src/main/platform/db/migrations.ts).
-- Until then the updates below may also fill in issued invoices' consultations: the new columns
-- are not printed, and what was printed is in the snapshot.
DROP TRIGGER consultations_frozen_update;
DROP TRIGGER consultations_frozen_delete;
DROP TRIGGER consultation_items_frozen_insert;
DROP TRIGGER consultation_items_frozen_update;
DROP TRIGGER consultation_items_frozen_delete;
DROP TRIGGER invoice_consultations_frozen_delete;
DROP TRIGGER invoice_consultations_frozen_insert;

UPDATE consultations SET case_id = (SELECT tc.id FROM treatment_cases tc WHERE tc.patient_id = consultations.patient_id);

-- A consultation always belongs to a case (an added column cannot be NOT NULL with a reference).
CREATE TRIGGER consultations_case_required_insert BEFORE INSERT ON consultations
WHEN NEW.case_id IS NULL
BEGIN SELECT RAISE(ABORT, 'a consultation belongs to a treatment case'); END;
CREATE TRIGGER consultations_case_required_update BEFORE UPDATE OF case_id ON consultations
WHEN NEW.case_id IS NULL
BEGIN SELECT RAISE(ABORT, 'a consultation belongs to a treatment case'); END;

-- Minutes per time-based position -----------------------------------------------------------------
-- A per-5-minutes position bills its own minutes (started 5 minutes), no longer the whole
-- consultation's duration. Recorded positions billed the duration: that is their minutes.
ALTER TABLE consultation_items ADD COLUMN minutes INTEGER CHECK (minutes IS NULL OR minutes BETWEEN 1 AND 1440);
UPDATE consultation_items
SET minutes = (SELECT c.duration_minutes FROM consultations c WHERE c.id = consultation_items.consultation_id)
WHERE (SELECT unit FROM services s WHERE s.id = consultation_items.service_id) = 'min5'
  AND (SELECT c.duration_minutes FROM consultations c WHERE c.id = consultation_items.consultation_id) > 0;

-- Templates keep default minutes per position; until now every per-5-minutes position took the template's duration.
ALTER TABLE consultation_template_items ADD COLUMN minutes INTEGER CHECK (minutes IS NULL OR minutes BETWEEN 1 AND 1440);
UPDATE consultation_template_items
SET minutes = (SELECT t.duration_minutes FROM consultation_templates t WHERE t.id = consultation_template_items.template_id)
WHERE (SELECT unit FROM services s WHERE s.id = consultation_template_items.service_id) = 'min5'
  AND (SELECT t.duration_minutes FROM consultation_templates t WHERE t.id = consultation_template_items.template_id) > 0;

-- Invoices: rebuilt ------------------------------------------------------------------------------
-- number_value was UNIQUE over all invoices; with a year in the number format the sequence now
-- restarts every year, so a value is unique within its counting period instead: number_period is
-- the year the sequence belongs to, or 0 for a format without a year (one sequence for ever).
-- Invoices issued so far were numbered from that one sequence: period 0. Also new: the case the
-- invoice bills, and the draft's note printed above the totals.
CREATE TABLE invoices_new (
  id               TEXT PRIMARY KEY,
  practice_id      TEXT NOT NULL REFERENCES practices (id) ON DELETE RESTRICT,
  patient_id       TEXT NOT NULL REFERENCES patients (id) ON DELETE RESTRICT,
  status           TEXT NOT NULL CHECK (status IN ('draft', 'issued', 'cancelled')),
  invoice_date     TEXT NOT NULL,
  due_date         TEXT NOT NULL,
  language         TEXT NOT NULL CHECK (language IN ('de', 'fr', 'it', 'en')),
  recipient        TEXT NOT NULL CHECK (recipient IN ('patient', 'billing')),
  currency         TEXT NOT NULL CHECK (currency IN ('CHF', 'EUR')),
  -- Set at issue, never changed afterwards:
  number           TEXT UNIQUE,
  number_value     INTEGER,
  number_period    INTEGER CHECK (number_period IS NULL OR number_period >= 0),
  number_range_id  TEXT REFERENCES number_ranges (id),
  snapshot         TEXT,             -- JSON InvoiceSnapshot: everything printed
  total_minor      INTEGER,
  issued_at        TEXT,
  -- Cancellation (Storno): the number stays, the invoice is marked.
  cancelled_at     TEXT,
  cancel_reason    TEXT,
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL,
  -- Denormalised for the list: names as printed (for drafts: as of the last change), and their
  -- folded form for searching without ICU.
  patient_name     TEXT NOT NULL,
  recipient_name   TEXT NOT NULL,
  search_name      TEXT NOT NULL,
  payment_reference TEXT,
  creditor_iban    TEXT,
  case_id          TEXT REFERENCES treatment_cases (id),
  note             TEXT NOT NULL DEFAULT '',
  CHECK ((status = 'draft') = (number IS NULL)),
  CHECK (status = 'draft' OR (snapshot IS NOT NULL AND total_minor IS NOT NULL AND issued_at IS NOT NULL AND number_value IS NOT NULL AND number_period IS NOT NULL)),
  CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL))
) STRICT;

INSERT INTO invoices_new (id, practice_id, patient_id, status, invoice_date, due_date, language, recipient, currency, number,
  number_value, number_period, number_range_id, snapshot, total_minor, issued_at, cancelled_at, cancel_reason, created_at, updated_at,
  patient_name, recipient_name, search_name, payment_reference, creditor_iban, case_id, note)
SELECT id, practice_id, patient_id, status, invoice_date, due_date, language, recipient, currency, number,
  number_value, CASE WHEN number_value IS NULL THEN NULL ELSE 0 END, number_range_id, snapshot, total_minor, issued_at, cancelled_at,
  cancel_reason, created_at, updated_at, patient_name, recipient_name, search_name, payment_reference, creditor_iban,
  (SELECT c.case_id FROM invoice_consultations ic JOIN consultations c ON c.id = ic.consultation_id WHERE ic.invoice_id = invoices.id LIMIT 1),
  ''
FROM invoices;

DROP TABLE invoices;
ALTER TABLE invoices_new RENAME TO invoices;

-- A number is taken once per counting period (and ranges of workstations never overlap).
CREATE UNIQUE INDEX invoices_number_slot ON invoices (number_period, number_value) WHERE number_value IS NOT NULL;
CREATE INDEX invoices_date ON invoices (invoice_date, coalesce(number_value, 9223372036854775807), created_at, id);
CREATE INDEX invoices_status_date ON invoices (status, invoice_date, coalesce(number_value, 9223372036854775807), created_at, id);
CREATE INDEX invoices_patient ON invoices (patient_id, invoice_date);
CREATE INDEX invoices_practice_date ON invoices (practice_id, invoice_date);
CREATE UNIQUE INDEX invoices_payment_reference ON invoices (payment_reference, creditor_iban) WHERE payment_reference IS NOT NULL;
CREATE INDEX invoices_number_range ON invoices (number_range_id, number_period, number_value);
CREATE INDEX invoices_list_totals ON invoices (status, total_minor);
CREATE INDEX invoices_list_search ON invoices (search_name, number, status, total_minor);
CREATE INDEX invoices_case ON invoices (case_id);

CREATE TRIGGER invoices_issued_immutable BEFORE UPDATE ON invoices
WHEN OLD.status <> 'draft' AND NOT (
  -- The only change allowed after issue: issued -> cancelled, touching nothing that was printed.
  OLD.status = 'issued' AND NEW.status = 'cancelled'
  AND NEW.number IS OLD.number AND NEW.number_value IS OLD.number_value AND NEW.number_range_id IS OLD.number_range_id
  AND NEW.number_period IS OLD.number_period
  AND NEW.snapshot IS OLD.snapshot AND NEW.total_minor IS OLD.total_minor AND NEW.issued_at IS OLD.issued_at
  AND NEW.invoice_date IS OLD.invoice_date AND NEW.due_date IS OLD.due_date AND NEW.language IS OLD.language
  AND NEW.recipient IS OLD.recipient AND NEW.currency IS OLD.currency AND NEW.patient_id IS OLD.patient_id
  AND NEW.practice_id IS OLD.practice_id AND NEW.created_at IS OLD.created_at AND NEW.id IS OLD.id
  AND NEW.patient_name IS OLD.patient_name AND NEW.recipient_name IS OLD.recipient_name AND NEW.search_name IS OLD.search_name
  AND NEW.payment_reference IS OLD.payment_reference AND NEW.creditor_iban IS OLD.creditor_iban
  AND NEW.case_id IS OLD.case_id AND NEW.note IS OLD.note
)
BEGIN SELECT RAISE(ABORT, 'issued invoices are immutable'); END;

CREATE TRIGGER invoices_issued_undeletable BEFORE DELETE ON invoices
WHEN OLD.status <> 'draft'
BEGIN SELECT RAISE(ABORT, 'issued invoices cannot be deleted'); END;

-- The triggers dropped above, as they were.
CREATE TRIGGER invoice_consultations_frozen_delete BEFORE DELETE ON invoice_consultations
WHEN (SELECT status FROM invoices WHERE id = OLD.invoice_id) <> 'draft'
BEGIN SELECT RAISE(ABORT, 'issued invoices are immutable'); END;

CREATE TRIGGER invoice_consultations_frozen_insert BEFORE INSERT ON invoice_consultations
WHEN (SELECT status FROM invoices WHERE id = NEW.invoice_id) <> 'draft'
BEGIN SELECT RAISE(ABORT, 'issued invoices are immutable'); END;

CREATE TRIGGER consultations_frozen_update BEFORE UPDATE ON consultations
WHEN OLD.invoice_id IS NOT NULL AND (SELECT status FROM invoices WHERE id = OLD.invoice_id) = 'issued'
BEGIN SELECT RAISE(ABORT, 'consultation is on an issued invoice'); END;

CREATE TRIGGER consultations_frozen_delete BEFORE DELETE ON consultations
WHEN OLD.invoice_id IS NOT NULL AND (SELECT status FROM invoices WHERE id = OLD.invoice_id) = 'issued'
BEGIN SELECT RAISE(ABORT, 'consultation is on an issued invoice'); END;

CREATE TRIGGER consultation_items_frozen_insert BEFORE INSERT ON consultation_items
WHEN (SELECT i.status FROM consultations c JOIN invoices i ON i.id = c.invoice_id WHERE c.id = NEW.consultation_id) = 'issued'
BEGIN SELECT RAISE(ABORT, 'consultation is on an issued invoice'); END;

CREATE TRIGGER consultation_items_frozen_update BEFORE UPDATE ON consultation_items
WHEN (SELECT i.status FROM consultations c JOIN invoices i ON i.id = c.invoice_id WHERE c.id = OLD.consultation_id) = 'issued'
BEGIN SELECT RAISE(ABORT, 'consultation is on an issued invoice'); END;

CREATE TRIGGER consultation_items_frozen_delete BEFORE DELETE ON consultation_items
WHEN (SELECT i.status FROM consultations c JOIN invoices i ON i.id = c.invoice_id WHERE c.id = OLD.consultation_id) = 'issued'
BEGIN SELECT RAISE(ABORT, 'consultation is on an issued invoice'); END;

-- Free lines and discounts on an invoice ----------------------------------------------------------
-- Besides its consultations' services, a draft may carry free positions (text, quantity, unit
-- price, VAT rate) and discounts (a percentage of the positions, or an amount). Printed after the
-- consultations, in this order; frozen with the invoice when it is issued.
CREATE TABLE invoice_extra_lines (
  invoice_id           TEXT NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
  position             INTEGER NOT NULL,
  kind                 TEXT NOT NULL CHECK (kind IN ('free', 'discount')),
  text                 TEXT NOT NULL,
  quantity_hundredths  INTEGER,
  unit_price_minor     INTEGER,
  vat_rate_bp          INTEGER,
  -- A discount is either a percentage (basis points: 1000 = 10 %) or an amount, never both.
  percent_bp           INTEGER,
  amount_minor         INTEGER,
  PRIMARY KEY (invoice_id, position),
  CHECK (
    (kind = 'free' AND quantity_hundredths > 0 AND unit_price_minor >= 0 AND vat_rate_bp BETWEEN 0 AND 10000
      AND percent_bp IS NULL AND amount_minor IS NULL)
    OR (kind = 'discount' AND quantity_hundredths IS NULL AND unit_price_minor IS NULL AND vat_rate_bp IS NULL
      AND ((percent_bp BETWEEN 1 AND 10000 AND amount_minor IS NULL) OR (percent_bp IS NULL AND amount_minor > 0)))
  )
) STRICT;

CREATE TRIGGER invoice_extra_lines_frozen_insert BEFORE INSERT ON invoice_extra_lines
WHEN (SELECT status FROM invoices WHERE id = NEW.invoice_id) <> 'draft'
BEGIN SELECT RAISE(ABORT, 'issued invoices are immutable'); END;
CREATE TRIGGER invoice_extra_lines_frozen_update BEFORE UPDATE ON invoice_extra_lines
WHEN (SELECT status FROM invoices WHERE id = OLD.invoice_id) <> 'draft'
BEGIN SELECT RAISE(ABORT, 'issued invoices are immutable'); END;
CREATE TRIGGER invoice_extra_lines_frozen_delete BEFORE DELETE ON invoice_extra_lines
WHEN (SELECT status FROM invoices WHERE id = OLD.invoice_id) <> 'draft'
BEGIN SELECT RAISE(ABORT, 'issued invoices are immutable'); END;

-- Invoices sent by post --------------------------------------------------------------------------
-- "per Post versandt am …": printed (alone or with others in one PDF) or marked by hand. With the
-- outbox (emails) this is the invoice's delivery history; a row is never changed or deleted.
CREATE TABLE post_dispatches (
  id               TEXT PRIMARY KEY,
  invoice_id       TEXT NOT NULL REFERENCES invoices (id) ON DELETE RESTRICT,
  how              TEXT NOT NULL CHECK (how IN ('printed', 'marked')),
  -- The archived document that was printed (NULL when marked by hand).
  document_sha256  TEXT CHECK (document_sha256 IS NULL OR length(document_sha256) = 64),
  at               TEXT NOT NULL
) STRICT;
CREATE INDEX post_dispatches_invoice ON post_dispatches (invoice_id, at);

CREATE TRIGGER post_dispatches_immutable BEFORE UPDATE ON post_dispatches
BEGIN SELECT RAISE(ABORT, 'the dispatch history never changes'); END;
CREATE TRIGGER post_dispatches_undeletable BEFORE DELETE ON post_dispatches
BEGIN SELECT RAISE(ABORT, 'the dispatch history never changes'); END;

-- Yearly sequences -------------------------------------------------------------------------------
-- With a year in the number format each workstation's range is counted again every year: the next
-- value of range and year. number_ranges.next_value stays the counter of formats without a year.
CREATE TABLE number_range_years (
  range_id    TEXT NOT NULL REFERENCES number_ranges (id) ON DELETE CASCADE,
  year        INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2999),
  next_value  INTEGER NOT NULL CHECK (next_value >= 1),
  PRIMARY KEY (range_id, year)
) STRICT;

CREATE TRIGGER number_range_years_forward BEFORE UPDATE OF next_value ON number_range_years
WHEN NEW.next_value < OLD.next_value
BEGIN SELECT RAISE(ABORT, 'invoice numbers are never reused'); END;

-- Addresses: a title ("Dr. med.") before the name; "Familie" as a salutation needs no column.
ALTER TABLE patients ADD COLUMN title TEXT NOT NULL DEFAULT '';
