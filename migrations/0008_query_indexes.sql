-- Queries that stay fast as a practice grows. Indexes and one new column only: no table is rebuilt
-- (the search index below is a derived FTS table that nothing refers to; it is simply made again).

-- Foreign keys that had no index: "is this service in use", deleting a practice or a number range,
-- and every ON DELETE check on these columns read the whole child table.
CREATE INDEX consultation_items_service ON consultation_items (service_id);
CREATE INDEX consultation_template_items_service ON consultation_template_items (service_id);
CREATE INDEX consultations_practice ON consultations (practice_id);
CREATE INDEX invoices_number_range ON invoices (number_range_id);

-- The invoice list's count and sum of issued totals (Invoices.list), for the whole list and for a
-- text search, read from these narrow indexes instead of every invoice row (each holds the printed
-- snapshot, so the rows are large).
CREATE INDEX invoices_list_totals ON invoices (status, total_minor);
CREATE INDEX invoices_list_search ON invoices (search_name, number, status, total_minor);

-- The patient list: one index per sort order, in exactly the order Patients.list asks for
-- (src/main/patients/patients.ts; the expressions must stay the same). Each ends with archived_at,
-- so a page of active, archived or all patients, at any offset, and the count, are read from the
-- index alone, without touching the wide patient rows. They replace the two name indexes.
DROP INDEX patients_active_name;
DROP INDEX patients_name;
CREATE INDEX patients_list_name ON patients (sort_name, id, archived_at);
-- A birth date that is not known sorts last in both directions.
CREATE INDEX patients_list_birth_date ON patients (birth_date IS NULL, birth_date, id, archived_at);
CREATE INDEX patients_list_birth_date_desc ON patients (birth_date IS NULL, birth_date DESC, id DESC, archived_at);
CREATE INDEX patients_list_created ON patients (created_at, id, archived_at);
CREATE INDEX patients_list_updated ON patients (updated_at, id, archived_at);
-- The list's total without reading every entry: all patients are counted from the table's pages,
-- the archived ones from this index of only them, the active ones are the difference.
CREATE INDEX patients_archived ON patients (archived_at) WHERE archived_at IS NOT NULL;

-- The search index (0005) referred to patients by their id in an UNINDEXED column, so every edit
-- and delete of a patient scanned the whole index to find the row to replace. Now its rowid is the
-- patient's search_key: an integer of our own, unique, kept by the triggers below whoever inserts
-- the patient (a table without INTEGER PRIMARY KEY may get new rowids on VACUUM, so the implicit
-- rowid is not used). The index keeps no copy of the text (content=''): it is never read back.
DROP TRIGGER patients_fts_insert;
DROP TRIGGER patients_fts_update;
DROP TRIGGER patients_fts_delete;
DROP TABLE patients_fts;

ALTER TABLE patients ADD COLUMN search_key INTEGER;
UPDATE patients SET search_key = rowid;
CREATE UNIQUE INDEX patients_search_key ON patients (search_key);

CREATE VIRTUAL TABLE patients_fts USING fts5(search_text, tokenize = 'trigram', content = '', contentless_delete = 1);
INSERT INTO patients_fts (rowid, search_text) SELECT search_key, search_text FROM patients;

-- A new patient gets the next key; setting it puts the patient into the index (next trigger).
CREATE TRIGGER patients_search_key AFTER INSERT ON patients
WHEN NEW.search_key IS NULL
BEGIN
  UPDATE patients SET search_key = (SELECT coalesce(max(search_key), 0) + 1 FROM patients) WHERE rowid = NEW.rowid;
END;

CREATE TRIGGER patients_fts_insert AFTER INSERT ON patients
WHEN NEW.search_key IS NOT NULL
BEGIN
  INSERT INTO patients_fts (rowid, search_text) VALUES (NEW.search_key, NEW.search_text);
END;

CREATE TRIGGER patients_fts_update AFTER UPDATE OF search_text, search_key ON patients
WHEN NEW.search_text IS NOT OLD.search_text OR NEW.search_key IS NOT OLD.search_key
BEGIN
  DELETE FROM patients_fts WHERE rowid = OLD.search_key;
  INSERT INTO patients_fts (rowid, search_text) SELECT NEW.search_key, NEW.search_text WHERE NEW.search_key IS NOT NULL;
END;

CREATE TRIGGER patients_fts_delete AFTER DELETE ON patients
BEGIN
  DELETE FROM patients_fts WHERE rowid = OLD.search_key;
END;
