-- Mail as users meet it (issue 13): what the last connection test of a send profile found, and a
-- profile's queue paused by a provider's sending limit. Columns and one new table only.

-- The last connection test (or successful send) of the profile as it is saved now. checked_at NULL:
-- never tested since its connection settings or password last changed ("nicht geprüft");
-- check_code NULL with checked_at set: it worked; else the mail.* code of the failure.
ALTER TABLE mail_profiles ADD COLUMN checked_at TEXT;
ALTER TABLE mail_profiles ADD COLUMN check_code TEXT;
-- 1 once the therapist was warned, when sending, that the profile is not tested (or failed): warned once.
ALTER TABLE mail_profiles ADD COLUMN check_warned INTEGER NOT NULL DEFAULT 0 CHECK (check_warned IN (0, 1));

-- A profile that already sent invoices with its settings as they are counts as working.
UPDATE mail_profiles SET checked_at = (
  SELECT max(o.sent_at) FROM outbox o WHERE o.profile_id = mail_profiles.id AND o.state = 'sent' AND o.sent_at >= mail_profiles.updated_at
);

-- The provider refused more mail for now (Gmail's daily limit, Microsoft's submission quota, too
-- many messages per minute, "try again later"): the profile's queued rows wait until `until`
-- (they are due then, see next_attempt_at), and a new send through it waits as well. A row here
-- whose `until` has passed is over; the worker removes it after the next message went out.
CREATE TABLE mail_pauses (
  profile_id     TEXT PRIMARY KEY REFERENCES mail_profiles (id) ON DELETE CASCADE,
  kind           TEXT NOT NULL CHECK (kind IN ('daily', 'rate', 'busy')),
  until          TEXT NOT NULL,
  error_code     TEXT NOT NULL,
  error_details  TEXT NOT NULL,
  paused_at      TEXT NOT NULL
) STRICT;
