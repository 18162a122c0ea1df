-- Services, consultation templates, consultations, invoices and number ranges (issue 3).
-- Money: INTEGER minor units. Quantities: INTEGER hundredths (150 = 1.5 units).
-- Issued invoices are immutable; triggers below refuse what the application must never do.

ALTER TABLE practices ADD COLUMN invoice_number_format TEXT NOT NULL DEFAULT '{YYYY}-{NNNNN}';

CREATE TABLE services (
  id            TEXT PRIMARY KEY,
  practice_id   TEXT NOT NULL REFERENCES practices (id) ON DELETE RESTRICT,
  code          TEXT NOT NULL,
  name_de       TEXT NOT NULL,
  name_fr       TEXT NOT NULL,
  name_it       TEXT NOT NULL,
  name_en       TEXT NOT NULL,
  unit          TEXT NOT NULL CHECK (unit IN ('min5', 'session', 'item')),
  price_minor   INTEGER NOT NULL CHECK (price_minor >= 0),
  vat_rate_bp   INTEGER NOT NULL DEFAULT 0 CHECK (vat_rate_bp BETWEEN 0 AND 10000),
  active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
) STRICT;
CREATE INDEX services_practice ON services (practice_id, active, code);

CREATE TABLE consultation_templates (
  id           TEXT PRIMARY KEY,
  practice_id  TEXT NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
  name         TEXT NOT NULL,
  duration_minutes INTEGER NOT NULL CHECK (duration_minutes BETWEEN 0 AND 1440),
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL
) STRICT;

CREATE TABLE consultation_template_items (
  template_id          TEXT NOT NULL REFERENCES consultation_templates (id) ON DELETE CASCADE,
  position             INTEGER NOT NULL,
  service_id           TEXT NOT NULL REFERENCES services (id) ON DELETE RESTRICT,
  quantity_hundredths  INTEGER NOT NULL CHECK (quantity_hundredths > 0),
  PRIMARY KEY (template_id, position)
) STRICT;

CREATE TABLE invoices (
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
  number_value     INTEGER UNIQUE,
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
  CHECK ((status = 'draft') = (number IS NULL)),
  CHECK (status = 'draft' OR (snapshot IS NOT NULL AND total_minor IS NOT NULL AND issued_at IS NOT NULL AND number_value IS NOT NULL)),
  CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL))
) STRICT;
CREATE INDEX invoices_date ON invoices (invoice_date, id);
CREATE INDEX invoices_status_date ON invoices (status, invoice_date, id);
CREATE INDEX invoices_patient ON invoices (patient_id, invoice_date);
CREATE INDEX invoices_practice_date ON invoices (practice_id, invoice_date);

CREATE TABLE number_ranges (
  id            TEXT PRIMARY KEY,
  label         TEXT NOT NULL,
  range_from    INTEGER NOT NULL CHECK (range_from >= 1),
  range_to      INTEGER NOT NULL CHECK (range_to >= range_from),
  next_value    INTEGER NOT NULL,
  -- 1: this installation issues from it; 0: reserved for another workstation (kept to refuse overlaps).
  this_workstation INTEGER NOT NULL CHECK (this_workstation IN (0, 1)),
  active        INTEGER NOT NULL CHECK (active IN (0, 1)),
  created_at    TEXT NOT NULL,
  CHECK (next_value BETWEEN range_from AND range_to + 1)
) STRICT;
CREATE UNIQUE INDEX number_ranges_one_active ON number_ranges (active) WHERE active = 1;

-- Numbers only move forward.
CREATE TRIGGER number_ranges_forward BEFORE UPDATE OF next_value ON number_ranges
WHEN NEW.next_value < OLD.next_value
BEGIN SELECT RAISE(ABORT, 'invoice numbers are never reused'); END;

CREATE TABLE consultations (
  id                TEXT PRIMARY KEY,
  patient_id        TEXT NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
  practice_id       TEXT NOT NULL REFERENCES practices (id) ON DELETE RESTRICT,
  date              TEXT NOT NULL,
  start_time        TEXT NOT NULL,
  duration_minutes  INTEGER NOT NULL CHECK (duration_minutes BETWEEN 0 AND 1440),
  notes             TEXT NOT NULL,
  invoice_id        TEXT REFERENCES invoices (id) ON DELETE SET NULL,  -- draft or issued invoice it is on
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL
) STRICT;
CREATE INDEX consultations_patient ON consultations (patient_id, date, start_time);
CREATE INDEX consultations_invoice ON consultations (invoice_id);

CREATE TABLE consultation_items (
  consultation_id      TEXT NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
  position             INTEGER NOT NULL,
  service_id           TEXT NOT NULL REFERENCES services (id) ON DELETE RESTRICT,
  quantity_hundredths  INTEGER NOT NULL CHECK (quantity_hundredths > 0),
  -- Price and VAT as agreed when the consultation was recorded; a later price change does not alter it.
  unit_price_minor     INTEGER NOT NULL CHECK (unit_price_minor >= 0),
  vat_rate_bp          INTEGER NOT NULL CHECK (vat_rate_bp BETWEEN 0 AND 10000),
  PRIMARY KEY (consultation_id, position)
) STRICT;

-- History: which consultations an invoice covered (kept after cancellation).
CREATE TABLE invoice_consultations (
  invoice_id       TEXT NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
  consultation_id  TEXT NOT NULL REFERENCES consultations (id) ON DELETE RESTRICT,
  PRIMARY KEY (invoice_id, consultation_id)
) STRICT;
CREATE INDEX invoice_consultations_consultation ON invoice_consultations (consultation_id);

-- Immutability of issued invoices ---------------------------------------------------------------

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
)
BEGIN SELECT RAISE(ABORT, 'issued invoices are immutable'); END;

CREATE TRIGGER invoices_issued_undeletable BEFORE DELETE ON invoices
WHEN OLD.status <> 'draft'
BEGIN SELECT RAISE(ABORT, 'issued invoices cannot be deleted'); END;

CREATE TRIGGER invoice_consultations_frozen_delete BEFORE DELETE ON invoice_consultations
WHEN (SELECT status FROM invoices WHERE id = OLD.invoice_id) <> 'draft'
BEGIN SELECT RAISE(ABORT, 'issued invoices are immutable'); END;

CREATE TRIGGER invoice_consultations_frozen_insert BEFORE INSERT ON invoice_consultations
WHEN (SELECT status FROM invoices WHERE id = NEW.invoice_id) <> 'draft'
BEGIN SELECT RAISE(ABORT, 'issued invoices are immutable'); END;

-- A consultation on an issued invoice is frozen; cancelling the invoice (status first) frees it.
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
