-- turnus schema, version 3 (PostgreSQL). The same change as migrations/sqlite/0003_api.sql;
-- where the dialects differ, this file says why.
--
-- 1. sessions: browser logins. Only the SHA-256 of the cookie's secret is stored, so a copy
--    of the database (a backup) logs no one in.
-- 2. login_failures: failed password logins, for the rate limit every server instance on
--    this database shares. Keys are SHA-256 of the folded e-mail and of the client address,
--    so the table keeps no personal data in the clear. Not organisation-owned: a failure for
--    an unknown e-mail belongs to no one.
-- 3. projects.name_folded: the store's folded name (store/text_fold.cpp) for the project
--    search, like customers.name_folded.
-- 4. Indexes whose order is exactly that of the new lists (tasks and orders by due date,
--    none last, then id; projects and notifications newest first), behind the filters they
--    take (assignee and status, stage, recipient and read).
-- documents.content has held the bytes since version 1.

CREATE TABLE sessions (
  id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organisation_id BIGINT NOT NULL REFERENCES organisations(id),
  user_id         BIGINT NOT NULL,
  secret_hash     TEXT   NOT NULL UNIQUE,
  csrf_token      TEXT   NOT NULL,
  created_at      BIGINT NOT NULL,
  expires_at      BIGINT NOT NULL,
  last_seen_at    BIGINT NOT NULL,
  UNIQUE (organisation_id, id),
  CHECK (expires_at >= created_at),
  FOREIGN KEY (organisation_id, user_id) REFERENCES users(organisation_id, id)
);
CREATE INDEX sessions_user ON sessions(organisation_id, user_id);
CREATE INDEX sessions_expiry ON sessions(expires_at);

CREATE TABLE login_failures (
  id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account   TEXT   NOT NULL,
  address   TEXT   NOT NULL,
  failed_at BIGINT NOT NULL
);
CREATE INDEX login_failures_account ON login_failures(account, failed_at);
CREATE INDEX login_failures_address ON login_failures(address, failed_at);
CREATE INDEX login_failures_time ON login_failures(failed_at);

-- Rows written before this version get lower() under "C" (ASCII, as SQLite's) plus the
-- German umlauts, the part of the store's folding SQL can express; every later write
-- stores fold(name).
ALTER TABLE projects ADD COLUMN name_folded TEXT COLLATE "C" NOT NULL DEFAULT '';
UPDATE projects
SET name_folded = lower(replace(replace(replace(name COLLATE "C", 'Ä', 'ä'), 'Ö', 'ö'), 'Ü', 'ü'));

DROP INDEX projects_stage;
CREATE INDEX projects_stage ON projects(organisation_id, stage_id, created_at, id);
CREATE INDEX projects_created ON projects(organisation_id, created_at, id);

-- NULLS LAST in the index, as in the lists' ORDER BY (SQLite spells it `due_date IS NULL`).
DROP INDEX tasks_assignee;
CREATE INDEX tasks_assignee ON tasks(organisation_id, assignee_id, status, due_date NULLS LAST, id);
CREATE INDEX tasks_due ON tasks(organisation_id, status, due_date NULLS LAST, id);

DROP INDEX orders_assignee;
CREATE INDEX orders_assignee ON orders(organisation_id, assignee_id, status, due_date NULLS LAST, id);
CREATE INDEX orders_due ON orders(organisation_id, status, due_date NULLS LAST, id);

CREATE INDEX notifications_unread ON notifications(organisation_id, recipient_id, read, created_at, id);
CREATE INDEX notifications_recent ON notifications(organisation_id, created_at, id);
