-- turnus schema, version 5 (SQLite): an archived contract never falls due again, so its next
-- due date is NULL (the API's "no occurrence is left") from the moment it is archived.
--
-- Before, archiving kept the last next due date. Archived contracts then stayed at the front
-- of the next-due indexes with dates that only grew older, and the default list (active and
-- inactive, by next due date) had to step over all of them before its first row: 10 ms
-- instead of 0.2 ms for a page once 100,000 contracts were archived. NULLs sort last.
UPDATE maintenance_contracts SET next_due_date = NULL, next_reminder_date = NULL WHERE status = 'archived';
