-- The patient search at practice scale (issue 10: p95 under 10 ms at 50,000 patients). A common
-- name matches thousands of patients; sorting all of them to show the first 50 and then counting
-- the active ones among them was most of the time. Two changes let a search read only what it shows:
--
-- 1. The search index knows whether a patient is archived: an archived patient's entry ends with a
--    marker of three U+0001 characters, which no search can contain (every text field, the search
--    included, refuses control characters). "Active hits" and their count are then one index query
--    (`… NOT marker`), without reading a patient row. Only the index holds the marker; the patient's
--    search_text column is unchanged.
-- 2. The name order's index also carries search_key, so a search shown by name can walk the patients
--    in name order and keep those among the hits, stopping after the page, without touching a row.

DROP TRIGGER patients_fts_insert;
DROP TRIGGER patients_fts_update;
DROP TRIGGER patients_fts_delete;
DROP TABLE patients_fts;

CREATE VIRTUAL TABLE patients_fts USING fts5(search_text, tokenize = 'trigram', content = '', contentless_delete = 1);
INSERT INTO patients_fts (rowid, search_text)
  SELECT search_key, search_text || CASE WHEN archived_at IS NULL THEN '' ELSE ' ' || char(1, 1, 1) END
  FROM patients WHERE search_key IS NOT NULL;

CREATE TRIGGER patients_fts_insert AFTER INSERT ON patients
WHEN NEW.search_key IS NOT NULL
BEGIN
  INSERT INTO patients_fts (rowid, search_text)
  VALUES (NEW.search_key, NEW.search_text || CASE WHEN NEW.archived_at IS NULL THEN '' ELSE ' ' || char(1, 1, 1) END);
END;

CREATE TRIGGER patients_fts_update AFTER UPDATE OF search_text, search_key, archived_at ON patients
WHEN NEW.search_text IS NOT OLD.search_text OR NEW.search_key IS NOT OLD.search_key
  OR (NEW.archived_at IS NULL) IS NOT (OLD.archived_at IS NULL)
BEGIN
  DELETE FROM patients_fts WHERE rowid = OLD.search_key;
  INSERT INTO patients_fts (rowid, search_text)
  SELECT NEW.search_key, NEW.search_text || CASE WHEN NEW.archived_at IS NULL THEN '' ELSE ' ' || char(1, 1, 1) END
  WHERE NEW.search_key IS NOT NULL;
END;

CREATE TRIGGER patients_fts_delete AFTER DELETE ON patients
BEGIN
  DELETE FROM patients_fts WHERE rowid = OLD.search_key;
END;

DROP INDEX patients_list_name;
CREATE INDEX patients_list_name ON patients (sort_name, id, archived_at, search_key);
