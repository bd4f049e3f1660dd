-- turnus schema, version 1 (PostgreSQL). The same tables, columns, keys and rules as
-- migrations/sqlite/0001_init.sql; where the dialects differ, this file says why.
--
-- Conventions: ids are identity columns; dates are DATE; timestamps are BIGINT unix seconds
-- (UTC), as in SQLite, so both backends hand the application the same numbers. Every
-- organisation-owned table carries organisation_id, and every reference between such tables
-- is a composite foreign key over (organisation_id, id), so a row can never point into
-- another organisation. *_folded columns hold the store's case-folded copy of a name for
-- search and sorting.
--
-- Text that is sorted on (names, folded names) is COLLATE "C": byte order, the order SQLite
-- uses, whatever locale the database was created with.
-- The schema is created in the first schema of the connection's search_path (public unless
-- the URL says otherwise).

CREATE TABLE organisations (
  id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name       TEXT COLLATE "C" NOT NULL UNIQUE,
  time_zone  TEXT    NOT NULL DEFAULT 'Europe/Berlin',
  created_at BIGINT  NOT NULL
);

CREATE TABLE users (
  id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organisation_id BIGINT  NOT NULL REFERENCES organisations(id),
  -- lower() under the "C" collation folds ASCII only, exactly like SQLite's NOCASE.
  email           TEXT COLLATE "C" NOT NULL,
  name            TEXT COLLATE "C" NOT NULL,
  role            TEXT    NOT NULL CHECK (role IN ('admin', 'office', 'technician')),
  password_hash   TEXT    NOT NULL DEFAULT '',
  active          BOOLEAN NOT NULL DEFAULT TRUE,
  created_at      BIGINT  NOT NULL,
  UNIQUE (organisation_id, id)
);
-- Unique across the installation, case-insensitively: the login names no organisation.
CREATE UNIQUE INDEX users_email ON users (lower(email));

CREATE TABLE api_tokens (
  id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organisation_id BIGINT  NOT NULL REFERENCES organisations(id),
  user_id         BIGINT  NOT NULL,
  label           TEXT    NOT NULL DEFAULT '',
  token_hash      TEXT    NOT NULL UNIQUE,
  created_at      BIGINT  NOT NULL,
  last_used_at    BIGINT,
  FOREIGN KEY (organisation_id, user_id) REFERENCES users(organisation_id, id)
);
CREATE INDEX api_tokens_user ON api_tokens(organisation_id, user_id);

CREATE TABLE customers (
  id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organisation_id BIGINT  NOT NULL REFERENCES organisations(id),
  name            TEXT    NOT NULL,
  name_folded     TEXT COLLATE "C" NOT NULL,
  email           TEXT    NOT NULL DEFAULT '',
  phone           TEXT    NOT NULL DEFAULT '',
  address         TEXT    NOT NULL DEFAULT '',
  created_at      BIGINT  NOT NULL,
  UNIQUE (organisation_id, id)
);
CREATE INDEX customers_name ON customers(organisation_id, name_folded);

CREATE TABLE pipeline_stages (
  id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organisation_id BIGINT  NOT NULL REFERENCES organisations(id),
  name            TEXT    NOT NULL,
  position        INTEGER NOT NULL CHECK (position >= 0),
  UNIQUE (organisation_id, position),
  UNIQUE (organisation_id, id)
);

-- projects and maintenance_contracts reference each other (a project created by a
-- contract, a contract for a project): the foreign key from projects to contracts is added
-- once both tables exist.
CREATE TABLE projects (
  id                       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organisation_id          BIGINT NOT NULL REFERENCES organisations(id),
  customer_id              BIGINT NOT NULL,
  name                     TEXT   NOT NULL,
  stage_id                 BIGINT NOT NULL,
  main_contact_employee_id BIGINT,
  source_contract_id       BIGINT,
  source_due_date          DATE,
  created_at               BIGINT NOT NULL,
  UNIQUE (organisation_id, id),
  CHECK ((source_contract_id IS NULL) = (source_due_date IS NULL)),
  FOREIGN KEY (organisation_id, customer_id) REFERENCES customers(organisation_id, id),
  FOREIGN KEY (organisation_id, stage_id) REFERENCES pipeline_stages(organisation_id, id),
  FOREIGN KEY (organisation_id, main_contact_employee_id) REFERENCES users(organisation_id, id)
);
CREATE INDEX projects_customer ON projects(organisation_id, customer_id);
CREATE INDEX projects_stage ON projects(organisation_id, stage_id);
CREATE INDEX projects_main_contact ON projects(organisation_id, main_contact_employee_id);
CREATE INDEX projects_source ON projects(organisation_id, source_contract_id);

CREATE TABLE maintenance_contracts (
  id                   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organisation_id      BIGINT  NOT NULL REFERENCES organisations(id),
  name                 TEXT    NOT NULL,
  name_folded          TEXT COLLATE "C" NOT NULL,
  -- At most one of customer and project; neither = an internal recurring task.
  customer_id          BIGINT,
  project_id           BIGINT,
  start_date           DATE    NOT NULL,
  interval_unit        TEXT    NOT NULL CHECK (interval_unit IN ('year', 'month', 'week', 'day', 'fixed')),
  interval_every       INTEGER NOT NULL DEFAULT 1,
  -- JSON array of 'YYYY-MM-DD' strings, only for interval_unit 'fixed'. TEXT like in
  -- SQLite: the store reads and writes it whole and never queries into it.
  interval_dates       TEXT,
  term_count           INTEGER CHECK (term_count >= 1),
  term_unit            TEXT    CHECK (term_unit IN ('month', 'year')),
  reminder_days_before INTEGER CHECK (reminder_days_before BETWEEN 0 AND 365),
  action_type          TEXT    NOT NULL CHECK (action_type IN ('create_project', 'create_task', 'notify', 'create_order')),
  action_employee_id   BIGINT  NOT NULL,
  status               TEXT    NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive', 'archived')),
  next_due_date        DATE,
  -- The last occurrence executed or skipped: nothing on or before it runs again.
  handled_through      DATE,
  version              BIGINT  NOT NULL DEFAULT 1 CHECK (version >= 1),
  created_at           BIGINT  NOT NULL,
  updated_at           BIGINT  NOT NULL,
  UNIQUE (organisation_id, id),
  CHECK (customer_id IS NULL OR project_id IS NULL),
  CHECK (interval_unit = 'fixed' OR interval_every >= 1),
  CHECK ((interval_unit = 'fixed') = (interval_dates IS NOT NULL)),
  CHECK ((term_count IS NULL) = (term_unit IS NULL)),
  FOREIGN KEY (organisation_id, customer_id) REFERENCES customers(organisation_id, id),
  FOREIGN KEY (organisation_id, project_id) REFERENCES projects(organisation_id, id),
  FOREIGN KEY (organisation_id, action_employee_id) REFERENCES users(organisation_id, id)
);
ALTER TABLE projects ADD FOREIGN KEY (organisation_id, source_contract_id)
  REFERENCES maintenance_contracts(organisation_id, id);
-- The list. Counting by status:
CREATE INDEX contracts_status_due ON maintenance_contracts(organisation_id, status, next_due_date);
-- Pages in next-due order (NULLs last, id as tie-breaker) read straight off these two, one
-- per direction, instead of sorting every contract of the organisation.
CREATE INDEX contracts_next_due_asc
  ON maintenance_contracts(organisation_id, next_due_date ASC NULLS LAST, id ASC);
CREATE INDEX contracts_next_due_desc
  ON maintenance_contracts(organisation_id, next_due_date DESC NULLS LAST, id DESC);
-- Sorting by name. (SQLite's contracts_search also serves its text search by scanning;
-- here the text search has trigram indexes of its own.)
CREATE INDEX contracts_name ON maintenance_contracts(organisation_id, name_folded, id);
-- The scheduler: active contracts whose next occurrence has come, across organisations.
CREATE INDEX contracts_due ON maintenance_contracts(status, next_due_date);
CREATE INDEX contracts_employee ON maintenance_contracts(organisation_id, action_employee_id);
CREATE INDEX contracts_customer ON maintenance_contracts(organisation_id, customer_id);
CREATE INDEX contracts_project ON maintenance_contracts(organisation_id, project_id);

CREATE TABLE tasks (
  id                 BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organisation_id    BIGINT NOT NULL REFERENCES organisations(id),
  title              TEXT   NOT NULL,
  assignee_id        BIGINT NOT NULL,
  due_date           DATE,
  status             TEXT   NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
  source_contract_id BIGINT,
  source_due_date    DATE,
  created_at         BIGINT NOT NULL,
  UNIQUE (organisation_id, id),
  CHECK ((source_contract_id IS NULL) = (source_due_date IS NULL)),
  FOREIGN KEY (organisation_id, assignee_id) REFERENCES users(organisation_id, id),
  FOREIGN KEY (organisation_id, source_contract_id) REFERENCES maintenance_contracts(organisation_id, id)
);
CREATE INDEX tasks_assignee ON tasks(organisation_id, assignee_id, status);
CREATE INDEX tasks_source ON tasks(organisation_id, source_contract_id);

CREATE TABLE notifications (
  id                 BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organisation_id    BIGINT  NOT NULL REFERENCES organisations(id),
  recipient_id       BIGINT  NOT NULL,
  text               TEXT    NOT NULL,
  read               BOOLEAN NOT NULL DEFAULT FALSE,
  link               TEXT    NOT NULL DEFAULT '',
  source_contract_id BIGINT,
  source_due_date    DATE,
  created_at         BIGINT  NOT NULL,
  UNIQUE (organisation_id, id),
  CHECK ((source_contract_id IS NULL) = (source_due_date IS NULL)),
  FOREIGN KEY (organisation_id, recipient_id) REFERENCES users(organisation_id, id),
  FOREIGN KEY (organisation_id, source_contract_id) REFERENCES maintenance_contracts(organisation_id, id)
);
CREATE INDEX notifications_recipient ON notifications(organisation_id, recipient_id, created_at);
CREATE INDEX notifications_source ON notifications(organisation_id, source_contract_id);

-- One row per organisation; orders take their number from it in their own transaction
-- (UPDATE … RETURNING locks the row until commit), which makes the numbers gap-free.
CREATE TABLE order_sequences (
  organisation_id BIGINT PRIMARY KEY REFERENCES organisations(id),
  next_number     BIGINT NOT NULL DEFAULT 1 CHECK (next_number >= 1)
);

CREATE TABLE orders (
  id                 BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organisation_id    BIGINT NOT NULL REFERENCES organisations(id),
  number             BIGINT NOT NULL CHECK (number >= 1),
  title              TEXT   NOT NULL,
  customer_id        BIGINT,
  assignee_id        BIGINT NOT NULL,
  due_date           DATE,
  status             TEXT   NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
  source_contract_id BIGINT,
  source_due_date    DATE,
  created_at         BIGINT NOT NULL,
  UNIQUE (organisation_id, number),
  UNIQUE (organisation_id, id),
  CHECK ((source_contract_id IS NULL) = (source_due_date IS NULL)),
  FOREIGN KEY (organisation_id, customer_id) REFERENCES customers(organisation_id, id),
  FOREIGN KEY (organisation_id, assignee_id) REFERENCES users(organisation_id, id),
  FOREIGN KEY (organisation_id, source_contract_id) REFERENCES maintenance_contracts(organisation_id, id)
);
CREATE INDEX orders_assignee ON orders(organisation_id, assignee_id, status);
CREATE INDEX orders_customer ON orders(organisation_id, customer_id);
CREATE INDEX orders_source ON orders(organisation_id, source_contract_id);

-- The history of a contract, and the guard of "exactly once": a second row for the same
-- (contract, occurrence, kind) cannot be committed.
CREATE TABLE executions (
  id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organisation_id BIGINT NOT NULL REFERENCES organisations(id),
  contract_id     BIGINT NOT NULL,
  due_date        DATE   NOT NULL,
  kind            TEXT   NOT NULL CHECK (kind IN ('action', 'reminder')),
  trigger         TEXT   NOT NULL CHECK (trigger IN ('scheduler', 'manual', 'catch_up')),
  outcome         TEXT   NOT NULL CHECK (outcome IN ('executed', 'skipped', 'failed')),
  reason          TEXT   NOT NULL DEFAULT '',
  created_type    TEXT   NOT NULL DEFAULT '' CHECK (created_type IN ('', 'project', 'task', 'notification', 'order')),
  created_id      BIGINT,
  triggered_by    BIGINT,
  executed_at     BIGINT NOT NULL,
  UNIQUE (contract_id, due_date, kind),
  FOREIGN KEY (organisation_id, contract_id) REFERENCES maintenance_contracts(organisation_id, id),
  FOREIGN KEY (organisation_id, triggered_by) REFERENCES users(organisation_id, id)
);
CREATE INDEX executions_triggered_by ON executions(organisation_id, triggered_by);

CREATE TABLE documents (
  id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organisation_id BIGINT NOT NULL REFERENCES organisations(id),
  contract_id     BIGINT NOT NULL,
  file_name       TEXT   NOT NULL,
  content_type    TEXT   NOT NULL,
  size            BIGINT NOT NULL CHECK (size >= 0),
  sha256          TEXT   NOT NULL,
  content         BYTEA  NOT NULL,
  uploaded_by     BIGINT NOT NULL,
  created_at      BIGINT NOT NULL,
  UNIQUE (organisation_id, id),
  FOREIGN KEY (organisation_id, contract_id) REFERENCES maintenance_contracts(organisation_id, id),
  FOREIGN KEY (organisation_id, uploaded_by) REFERENCES users(organisation_id, id)
);
CREATE INDEX documents_contract ON documents(organisation_id, contract_id);
CREATE INDEX documents_uploaded_by ON documents(organisation_id, uploaded_by);

CREATE TABLE audit_log (
  id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organisation_id BIGINT NOT NULL REFERENCES organisations(id),
  -- NULL: the scheduler or the command line.
  actor_id        BIGINT,
  action          TEXT   NOT NULL,
  entity          TEXT   NOT NULL,
  entity_id       BIGINT NOT NULL,
  detail          TEXT   NOT NULL DEFAULT '{}',
  at              BIGINT NOT NULL,
  FOREIGN KEY (organisation_id, actor_id) REFERENCES users(organisation_id, id)
);
CREATE INDEX audit_log_recent ON audit_log(organisation_id, at);
CREATE INDEX audit_log_actor ON audit_log(organisation_id, actor_id);
