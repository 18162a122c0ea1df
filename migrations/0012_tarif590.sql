-- The Tarif 590 invoice (issue 16): therapists per practice, the therapist on each consultation,
-- Tarif 590 codes and their official texts on services, the imported tariff catalogue with its
-- versions, the practice's Tarif 590 settings, the form chosen per case, and an invoice's own form
-- (a missed appointment moved to a private invoice).

-- Therapists (Leistungserbringer) -------------------------------------------------------------------
-- A recognition is personal: each therapist has their own ZSR number (and optionally a GLN).
CREATE TABLE therapists (
  id           TEXT PRIMARY KEY,
  practice_id  TEXT NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
  name         TEXT NOT NULL,
  -- As printed ("Naturheilpraktikerin TEN"); '' = the practice's profession.
  profession   TEXT NOT NULL,
  zsr          TEXT NOT NULL,
  gln          TEXT NOT NULL,
  -- JSON array of recognised methods (free text, e.g. from EMR or ASCA).
  methods      TEXT NOT NULL,
  active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL
) STRICT;
CREATE INDEX therapists_practice ON therapists (practice_id, active, name);

-- Every existing practice had one therapist: its own name, ZSR and GLN.
INSERT INTO therapists (id, practice_id, name, profession, zsr, gln, methods, active, created_at, updated_at)
SELECT lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-'
         || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))),
       p.id, p.therapist_name, '', p.zsr_number, p.gln_number, '[]', 1,
       strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
FROM practices p;

-- The therapist of each consultation (NULL only where a practice has none yet: the app sets it).
ALTER TABLE consultations ADD COLUMN therapist_id TEXT REFERENCES therapists (id);
CREATE INDEX consultations_therapist ON consultations (therapist_id);

-- Consultations of issued invoices are frozen; filling in their therapist changes nothing printed
-- (the snapshot holds what was printed), so the trigger steps aside for this one update.
DROP TRIGGER consultations_frozen_update;
UPDATE consultations SET therapist_id = (SELECT t.id FROM therapists t WHERE t.practice_id = consultations.practice_id);
CREATE TRIGGER consultations_frozen_update BEFORE UPDATE ON consultations
WHEN OLD.invoice_id IS NOT NULL AND (SELECT status FROM invoices WHERE id = OLD.invoice_id) = 'issued'
BEGIN SELECT RAISE(ABORT, 'consultation is on an issued invoice'); END;

-- Services: the Tarif 590 code and its official texts ------------------------------------------------
-- '' = no Tarif 590 code. The texts are copied from the catalogue and printed verbatim; the checker
-- compares them with the catalogue version valid on each service date.
ALTER TABLE services ADD COLUMN tariff_code TEXT NOT NULL DEFAULT '';
ALTER TABLE services ADD COLUMN tariff_text_de TEXT NOT NULL DEFAULT '';
ALTER TABLE services ADD COLUMN tariff_text_fr TEXT NOT NULL DEFAULT '';
ALTER TABLE services ADD COLUMN tariff_text_it TEXT NOT NULL DEFAULT '';
-- A missed appointment (Absenz): never on an insurer's form, only on a private invoice.
ALTER TABLE services ADD COLUMN absence INTEGER NOT NULL DEFAULT 0 CHECK (absence IN (0, 1));

-- The tariff catalogue, as imported from the published file ---------------------------------------
CREATE TABLE tariff_versions (
  id           TEXT PRIMARY KEY,
  tariff       TEXT NOT NULL CHECK (tariff = '590'),
  label        TEXT NOT NULL,
  valid_from   TEXT NOT NULL,
  valid_to     TEXT,
  source_name  TEXT NOT NULL,
  imported_at  TEXT NOT NULL,
  UNIQUE (tariff, valid_from),
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
) STRICT;

CREATE TABLE tariff_entries (
  version_id  TEXT NOT NULL REFERENCES tariff_versions (id) ON DELETE CASCADE,
  code        TEXT NOT NULL,
  text_de     TEXT NOT NULL,
  text_fr     TEXT NOT NULL,
  text_it     TEXT NOT NULL,
  PRIMARY KEY (version_id, code)
) STRICT;

-- The practice's Tarif 590 settings (no row: the defaults) ------------------------------------------
CREATE TABLE tarif590_settings (
  practice_id    TEXT PRIMARY KEY REFERENCES practices (id) ON DELETE CASCADE,
  -- 'by_cover': the Tarif 590 form for VVG cases, the standard invoice otherwise.
  invoice_form   TEXT NOT NULL CHECK (invoice_form IN ('by_cover', 'standard', 'tarif590')),
  -- Who bills: each therapist themself, or the practice (an institute with its own ZSR).
  biller         TEXT NOT NULL CHECK (biller IN ('therapist', 'practice')),
  -- The canton where the practice treats (printed in the patient block of the form).
  canton         TEXT NOT NULL,
  reimbursement  TEXT NOT NULL CHECK (reimbursement IN ('TG', 'TP')),
  patient_copy   INTEGER NOT NULL CHECK (patient_copy IN (0, 1))
) STRICT;

-- Per case: the form (NULL: as the practice decides) and the insurance card number.
ALTER TABLE treatment_cases ADD COLUMN invoice_form TEXT CHECK (invoice_form IS NULL OR invoice_form IN ('standard', 'tarif590'));
ALTER TABLE treatment_cases ADD COLUMN card_number TEXT NOT NULL DEFAULT '';

-- Per invoice: 'standard' forces the standard invoice (a missed appointment billed privately).
ALTER TABLE invoices ADD COLUMN form TEXT CHECK (form IS NULL OR form IN ('standard', 'tarif590'));

DROP TRIGGER invoices_issued_immutable;
CREATE TRIGGER invoices_issued_immutable BEFORE UPDATE ON invoices
WHEN OLD.status <> 'draft' AND NOT (
  OLD.status = 'issued' AND NEW.status = 'cancelled'
  AND NEW.number IS OLD.number AND NEW.number_value IS OLD.number_value AND NEW.number_range_id IS OLD.number_range_id
  AND NEW.number_period IS OLD.number_period
  AND NEW.snapshot IS OLD.snapshot AND NEW.total_minor IS OLD.total_minor AND NEW.issued_at IS OLD.issued_at
  AND NEW.invoice_date IS OLD.invoice_date AND NEW.due_date IS OLD.due_date AND NEW.language IS OLD.language
  AND NEW.recipient IS OLD.recipient AND NEW.currency IS OLD.currency AND NEW.patient_id IS OLD.patient_id
  AND NEW.practice_id IS OLD.practice_id AND NEW.created_at IS OLD.created_at AND NEW.id IS OLD.id
  AND NEW.patient_name IS OLD.patient_name AND NEW.recipient_name IS OLD.recipient_name AND NEW.search_name IS OLD.search_name
  AND NEW.payment_reference IS OLD.payment_reference AND NEW.creditor_iban IS OLD.creditor_iban
  AND NEW.case_id IS OLD.case_id AND NEW.note IS OLD.note AND NEW.form IS OLD.form
)
BEGIN SELECT RAISE(ABORT, 'issued invoices are immutable'); END;
