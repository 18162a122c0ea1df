-- Credit-note numbers per workstation. A second workstation starts from the main computer's data,
-- counters included, so both computers numbered their credit notes from the same counter and could
-- give the same number twice. Each computer now counts in its own block, the start of its invoice
-- number range (1 on the main computer: GS-2026-0001; 1'000'001 on the second: GS-2026-1000001),
-- the way invoice numbers already are kept apart. The counters so far were the main computer's
-- block, 1.

CREATE TABLE credit_note_counters_new (
  practice_id  TEXT NOT NULL REFERENCES practices (id) ON DELETE RESTRICT,
  year         INTEGER NOT NULL,
  -- The first value of the block this counter counts in (the workstation's number range start).
  block_from   INTEGER NOT NULL CHECK (block_from >= 1),
  next_value   INTEGER NOT NULL CHECK (next_value >= block_from),
  PRIMARY KEY (practice_id, year, block_from)
) STRICT;
INSERT INTO credit_note_counters_new (practice_id, year, block_from, next_value)
  SELECT practice_id, year, 1, next_value FROM credit_note_counters;
DROP TABLE credit_note_counters;
ALTER TABLE credit_note_counters_new RENAME TO credit_note_counters;

CREATE TRIGGER credit_note_counters_forward BEFORE UPDATE OF next_value ON credit_note_counters
WHEN NEW.next_value < OLD.next_value
BEGIN SELECT RAISE(ABORT, 'credit note numbers are never reused'); END;
