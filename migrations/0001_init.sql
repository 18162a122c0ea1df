-- Foundation: settings, practices, patients.
-- Ids are TEXT UUIDs; timestamps ISO-8601 UTC text; money (later) INTEGER minor units.

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE practices (
  id                   TEXT PRIMARY KEY,
  name                 TEXT NOT NULL,
  therapist_name       TEXT NOT NULL,
  profession           TEXT NOT NULL,
  street               TEXT NOT NULL,
  house_number         TEXT NOT NULL,
  postal_code          TEXT NOT NULL,
  town                 TEXT NOT NULL,
  country              TEXT NOT NULL,
  phone                TEXT NOT NULL,
  email                TEXT NOT NULL,
  website              TEXT NOT NULL,
  iban                 TEXT NOT NULL,
  qr_reference_prefix  TEXT NOT NULL,
  zsr_number           TEXT NOT NULL,
  gln_number           TEXT NOT NULL,
  vat_number           TEXT NOT NULL,
  currency             TEXT NOT NULL CHECK (currency IN ('CHF', 'EUR')),
  default_language     TEXT NOT NULL CHECK (default_language IN ('de', 'fr', 'it', 'en')),
  payment_term_days    INTEGER NOT NULL CHECK (payment_term_days BETWEEN 0 AND 365),
  is_default           INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
  created_at           TEXT NOT NULL,
  updated_at           TEXT NOT NULL
) STRICT;

-- At most one default practice.
CREATE UNIQUE INDEX practices_one_default ON practices (is_default) WHERE is_default = 1;

CREATE TABLE patients (
  id                 TEXT PRIMARY KEY,
  salutation         TEXT NOT NULL,
  first_name         TEXT NOT NULL,
  last_name          TEXT NOT NULL,
  birth_date         TEXT,
  sex                TEXT NOT NULL,
  ahv_number         TEXT NOT NULL,
  street             TEXT NOT NULL,
  house_number       TEXT NOT NULL,
  postal_code        TEXT NOT NULL,
  town               TEXT NOT NULL,
  country            TEXT NOT NULL,
  phone              TEXT NOT NULL,
  mobile             TEXT NOT NULL,
  email              TEXT NOT NULL,
  language           TEXT NOT NULL CHECK (language IN ('de', 'fr', 'it', 'en')),
  insurance_name     TEXT NOT NULL,
  insured_number     TEXT NOT NULL,
  billing_recipient  TEXT,            -- JSON of BillingRecipient, or NULL for "the patient"
  invoices_by_post   INTEGER NOT NULL CHECK (invoices_by_post IN (0, 1)),
  consent_date       TEXT,
  anamnesis          TEXT NOT NULL,
  notes              TEXT NOT NULL,
  categories         TEXT NOT NULL,   -- JSON array of strings
  archived_at        TEXT,
  created_at         TEXT NOT NULL,
  updated_at         TEXT NOT NULL,
  -- Folded (lower case, accents removed, umlauts also as ae/oe/ue) names, email, phone digits and
  -- birth date: better-sqlite3 has no ICU, so search runs on this column.
  search_text        TEXT NOT NULL,
  -- Folded "last first" for sorting by name without ICU.
  sort_name          TEXT NOT NULL
) STRICT;

CREATE INDEX patients_active_name ON patients (archived_at IS NOT NULL, sort_name, id);
CREATE INDEX patients_name ON patients (sort_name, id);
