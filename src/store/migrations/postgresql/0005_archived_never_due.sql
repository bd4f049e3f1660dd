-- turnus schema, version 5 (PostgreSQL). The same change as
-- migrations/sqlite/0005_archived_never_due.sql: an archived contract's next due date is
-- NULL, so archived contracts leave the front of the next-due indexes, where the default
-- list had to step over them.
UPDATE maintenance_contracts SET next_due_date = NULL, next_reminder_date = NULL WHERE status = 'archived';
