-- The invoice list shows one day's invoices in number order, a draft (no number yet) as the newest
-- of its day. These indexes give that order without sorting, for the whole list and per status; they
-- replace the ones that ordered a day's invoices by their random id. The expression must stay the
-- same as in Invoices.list (src/main/invoices/invoices.ts).
DROP INDEX invoices_date;
DROP INDEX invoices_status_date;
CREATE INDEX invoices_date ON invoices (invoice_date, coalesce(number_value, 9223372036854775807), created_at, id);
CREATE INDEX invoices_status_date ON invoices (status, invoice_date, coalesce(number_value, 9223372036854775807), created_at, id);
