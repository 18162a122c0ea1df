-- Mail: send profiles, templates, outbox (issue 4). Reserved; filled by the mail work.
SELECT 1;
