-- turnus schema, version 2 (PostgreSQL): the contract list stays fast at a million
-- contracts. The same change as migrations/sqlite/0002_contract_search.sql:
--
-- 1. maintenance_contracts.customer_name_folded: the folded name of the contract's customer,
--    its own or, for a project contract, the project's (NULL for internal recurring tasks),
--    kept by the triggers below, so the list searches, sorts and filters by customer name
--    on one row and one index instead of joining customers and projects per row.
-- 2. Trigram indexes (pg_trgm, GIN) on the folded contract and customer names: a text filter
--    of 3 or more characters (LIKE '%…%') looks contracts up instead of reading every
--    contract of the organisation. SQLite's FTS5 table contract_search plays this part
--    there; here the indexes sit on the columns themselves and need no table of their own.
-- 3. contract_counts: the number of contracts per organisation and status, so the total of
--    the unfiltered list is one lookup instead of a count over the whole organisation.
-- 4. Indexes that let every sort of the list read its page off an index.
--
-- pg_trgm ships with PostgreSQL (Debian: postgresql-15) and is a trusted extension: the
-- owner of the database may create it without being a superuser. It lands in the first
-- schema of the search_path, where gin_trgm_ops is then found.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

ALTER TABLE maintenance_contracts ADD COLUMN customer_name_folded TEXT COLLATE "C";

UPDATE maintenance_contracts c
SET customer_name_folded = coalesce(
  (SELECT cu.name_folded FROM customers cu WHERE cu.organisation_id = c.organisation_id AND cu.id = c.customer_id),
  (SELECT cu.name_folded FROM projects p
   JOIN customers cu ON cu.organisation_id = p.organisation_id AND cu.id = p.customer_id
   WHERE p.organisation_id = c.organisation_id AND p.id = c.project_id))
WHERE customer_id IS NOT NULL OR project_id IS NOT NULL;

CREATE INDEX contracts_name_trigrams ON maintenance_contracts USING gin (name_folded gin_trgm_ops);
CREATE INDEX contracts_customer_name_trigrams ON maintenance_contracts USING gin (customer_name_folded gin_trgm_ops);
-- The customer list's own search.
CREATE INDEX customers_name_trigrams ON customers USING gin (name_folded gin_trgm_ops);

CREATE TABLE contract_counts (
  organisation_id BIGINT NOT NULL REFERENCES organisations(id),
  status          TEXT   NOT NULL,
  contracts       BIGINT NOT NULL CHECK (contracts >= 0),
  PRIMARY KEY (organisation_id, status)
);

INSERT INTO contract_counts (organisation_id, status, contracts)
SELECT organisation_id, status, count(*) FROM maintenance_contracts GROUP BY organisation_id, status;

-- The list's indexes: one per sort and direction whose order is exactly the list's ORDER BY
-- (NULLs last in both directions, id as tie-breaker); contracts_next_due_* and
-- contracts_name of version 1 already are.
CREATE INDEX contracts_customer_name_asc
  ON maintenance_contracts(organisation_id, customer_name_folded ASC NULLS LAST, id ASC);
CREATE INDEX contracts_customer_name_desc
  ON maintenance_contracts(organisation_id, customer_name_folded DESC NULLS LAST, id DESC);
-- The employee filter: counted and, for few contracts, sorted on this index alone.
DROP INDEX contracts_employee;
CREATE INDEX contracts_employee
  ON maintenance_contracts(organisation_id, action_employee_id, status, next_due_date);

-- --- triggers ------------------------------------------------------------------------------
-- Created last, so the bulk statements above do not fire them.

-- A new contract, or one moved to another customer or project (or to neither): its
-- customer name. BEFORE, so the row is written once with it.
CREATE FUNCTION contracts_customer_name() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.customer_name_folded := coalesce(
    (SELECT cu.name_folded FROM customers cu WHERE cu.organisation_id = NEW.organisation_id AND cu.id = NEW.customer_id),
    (SELECT cu.name_folded FROM projects p
     JOIN customers cu ON cu.organisation_id = p.organisation_id AND cu.id = p.customer_id
     WHERE p.organisation_id = NEW.organisation_id AND p.id = NEW.project_id));
  RETURN NEW;
END $$;

CREATE TRIGGER contracts_insert_customer_name BEFORE INSERT ON maintenance_contracts
FOR EACH ROW EXECUTE FUNCTION contracts_customer_name();

CREATE TRIGGER contracts_reassign_customer_name
BEFORE UPDATE OF organisation_id, customer_id, project_id ON maintenance_contracts
FOR EACH ROW
WHEN (OLD.organisation_id IS DISTINCT FROM NEW.organisation_id OR OLD.customer_id IS DISTINCT FROM NEW.customer_id
      OR OLD.project_id IS DISTINCT FROM NEW.project_id)
EXECUTE FUNCTION contracts_customer_name();

-- The counts, once per statement from its transition tables rather than once per row:
-- every change of a counts row leaves another version of it, which the same transaction's
-- next change has to walk past, so a transaction inserting many contracts row by row would
-- slow down quadratically. A statement that changes no status (the scheduler advancing due
-- dates) writes nothing here. Bulk loads should still insert many contracts per statement
-- (INSERT … SELECT, multi-row VALUES, COPY) or commit every few thousand rows. A trigger
-- function may only name the transition tables its trigger declares, hence one per event.
CREATE FUNCTION contracts_count_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO contract_counts (organisation_id, status, contracts)
  SELECT organisation_id, status, count(*) FROM new_rows GROUP BY organisation_id, status
  ON CONFLICT (organisation_id, status) DO UPDATE SET contracts = contract_counts.contracts + excluded.contracts;
  RETURN NULL;
END $$;

CREATE FUNCTION contracts_count_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO contract_counts (organisation_id, status, contracts)
  SELECT DISTINCT n.organisation_id, n.status, 0 FROM new_rows n
  JOIN old_rows o ON o.id = n.id AND (o.organisation_id, o.status) IS DISTINCT FROM (n.organisation_id, n.status)
  ON CONFLICT (organisation_id, status) DO NOTHING;
  -- One UPDATE for all counts rows of the statement, so two transactions switching
  -- contracts in opposite directions lock those rows in the same order.
  UPDATE contract_counts c SET contracts = c.contracts + d.delta
  FROM (SELECT organisation_id, status, sum(delta) AS delta
        FROM (SELECT organisation_id, status, 1 AS delta FROM new_rows
              UNION ALL
              SELECT organisation_id, status, -1 FROM old_rows) changes
        GROUP BY organisation_id, status
        HAVING sum(delta) <> 0) d
  WHERE c.organisation_id = d.organisation_id AND c.status = d.status;
  RETURN NULL;
END $$;

CREATE FUNCTION contracts_count_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE contract_counts c SET contracts = c.contracts - d.removed
  FROM (SELECT organisation_id, status, count(*) AS removed FROM old_rows GROUP BY organisation_id, status) d
  WHERE c.organisation_id = d.organisation_id AND c.status = d.status;
  RETURN NULL;
END $$;

CREATE TRIGGER contracts_count_insert AFTER INSERT ON maintenance_contracts
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION contracts_count_insert();

CREATE TRIGGER contracts_count_update AFTER UPDATE ON maintenance_contracts
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION contracts_count_update();

CREATE TRIGGER contracts_count_delete AFTER DELETE ON maintenance_contracts
REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION contracts_count_delete();

-- A customer renamed: every contract of it, directly or through one of its projects.
CREATE FUNCTION customers_rename_contracts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE maintenance_contracts SET customer_name_folded = NEW.name_folded
  WHERE organisation_id = NEW.organisation_id
    AND (customer_id = NEW.id
         OR project_id IN (SELECT id FROM projects WHERE organisation_id = NEW.organisation_id AND customer_id = NEW.id));
  RETURN NULL;
END $$;

CREATE TRIGGER customers_rename_derived AFTER UPDATE OF name_folded ON customers
FOR EACH ROW WHEN (OLD.name_folded IS DISTINCT FROM NEW.name_folded)
EXECUTE FUNCTION customers_rename_contracts();

-- A project moved to another customer: its contracts now count that customer.
CREATE FUNCTION projects_reassign_contracts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE maintenance_contracts
  SET customer_name_folded =
    (SELECT name_folded FROM customers WHERE organisation_id = NEW.organisation_id AND id = NEW.customer_id)
  WHERE organisation_id = NEW.organisation_id AND project_id = NEW.id;
  RETURN NULL;
END $$;

CREATE TRIGGER projects_reassign_derived AFTER UPDATE OF customer_id ON projects
FOR EACH ROW WHEN (OLD.customer_id IS DISTINCT FROM NEW.customer_id)
EXECUTE FUNCTION projects_reassign_contracts();
