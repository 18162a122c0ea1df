-- Patient search through a trigram index instead of scanning every row's search_text.
-- The index holds the same folded text (see src/main/patients/search.ts); triggers keep it in
-- step. patient_id is stored, not indexed: rowids of a table without INTEGER PRIMARY KEY may
-- change on VACUUM, so the index refers to patients by their id.

CREATE VIRTUAL TABLE patients_fts USING fts5(search_text, patient_id UNINDEXED, tokenize = 'trigram');

INSERT INTO patients_fts (search_text, patient_id) SELECT search_text, id FROM patients;

CREATE TRIGGER patients_fts_insert AFTER INSERT ON patients
BEGIN
  INSERT INTO patients_fts (search_text, patient_id) VALUES (NEW.search_text, NEW.id);
END;

CREATE TRIGGER patients_fts_update AFTER UPDATE OF search_text ON patients
WHEN NEW.search_text IS NOT OLD.search_text
BEGIN
  DELETE FROM patients_fts WHERE patient_id = OLD.id;
  INSERT INTO patients_fts (search_text, patient_id) VALUES (NEW.search_text, NEW.id);
END;

CREATE TRIGGER patients_fts_delete AFTER DELETE ON patients
BEGIN
  DELETE FROM patients_fts WHERE patient_id = OLD.id;
END;
