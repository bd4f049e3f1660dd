-- turnus schema, version 8 (SQLite): an e-mail address is unique within its organisation,
-- no longer across the installation (docs/adr/0010-email-across-organisations.md).
--
-- The unique constraint was part of the column (`email … UNIQUE COLLATE NOCASE`), which
-- SQLite cannot drop, so the table is rebuilt the documented way: foreign keys are off
-- while migrating (the runner checks them before committing), the new table takes every
-- row with its id, the old one goes, the new one takes its name. The tables that refer to
-- users(organisation_id, id) refer to the new table by name from then on.
CREATE TABLE users_new (
  id              INTEGER PRIMARY KEY,
  organisation_id INTEGER NOT NULL REFERENCES organisations(id),
  -- NOCASE: the comparisons and the unique index below ignore ASCII case.
  email           TEXT    NOT NULL COLLATE NOCASE,
  name            TEXT    NOT NULL,
  role            TEXT    NOT NULL CHECK (role IN ('admin', 'office', 'technician')),
  password_hash   TEXT    NOT NULL DEFAULT '',
  active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at      INTEGER NOT NULL,
  UNIQUE (organisation_id, id),
  UNIQUE (organisation_id, email)
) STRICT;
INSERT INTO users_new (id, organisation_id, email, name, role, password_hash, active, created_at)
  SELECT id, organisation_id, email, name, role, password_hash, active, created_at FROM users;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;
-- The login looks an address up across organisations.
CREATE INDEX users_email ON users(email);
