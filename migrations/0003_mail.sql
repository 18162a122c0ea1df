-- Mail: send profiles (the therapist's own SMTP accounts) and email templates (issue 4).
-- The outbox follows with sending invoices, in a later migration.

CREATE TABLE mail_profiles (
  id               TEXT PRIMARY KEY,
  practice_id      TEXT NOT NULL REFERENCES practices (id) ON DELETE RESTRICT,
  name             TEXT NOT NULL,
  sender_name      TEXT NOT NULL,
  email            TEXT NOT NULL,
  host             TEXT NOT NULL,
  port             INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
  security         TEXT NOT NULL CHECK (security IN ('tls', 'starttls')),
  -- 'oauth2' is allowed already so that adding it later needs no table rebuild (SQLite cannot alter a CHECK).
  auth_method      TEXT NOT NULL CHECK (auth_method IN ('password', 'none', 'oauth2')),
  username         TEXT NOT NULL,
  -- Sealed by the SecretBox (OS keychain or key file); never the password in clear. NULL = none set.
  password_sealed  BLOB,
  reply_to         TEXT NOT NULL,
  bcc_self         INTEGER NOT NULL DEFAULT 0 CHECK (bcc_self IN (0, 1)),
  is_default       INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL
) STRICT;

-- At most one default profile per practice.
CREATE UNIQUE INDEX mail_profiles_one_default ON mail_profiles (practice_id) WHERE is_default = 1;
-- Listing a practice's profiles, and the foreign-key check when a practice is deleted.
CREATE INDEX mail_profiles_practice ON mail_profiles (practice_id, name);

CREATE TABLE mail_templates (
  id           TEXT PRIMARY KEY,
  -- A saved text is configuration, not a record to keep: it goes with its practice.
  practice_id  TEXT NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
  language     TEXT NOT NULL CHECK (language IN ('de', 'fr', 'it', 'en')),
  -- No CHECK on kind: reminders will add kinds, and the contract validates it.
  kind         TEXT NOT NULL,
  subject      TEXT NOT NULL,
  body         TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  UNIQUE (practice_id, language, kind)
) STRICT;
