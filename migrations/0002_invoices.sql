-- Services, consultations, invoices (issue 3). Reserved; filled by the invoices work.
SELECT 1;
