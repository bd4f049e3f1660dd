-- turnus schema, version 2 (SQLite): the contract list stays fast at a million contracts.
--
-- 1. maintenance_contracts.customer_name_folded: the folded name of the contract's customer,
--    its own or, for a project contract, the project's (NULL for internal recurring tasks).
--    A copy kept by the triggers below, so the list can search, sort and filter by customer
--    name on one row and one index instead of joining customers and projects per row.
-- 2. contract_search: a trigram full-text index (FTS5) over (name_folded,
--    customer_name_folded) per contract, plus a token for its organisation, so a text
--    filter of 3 or more characters looks up the contracts that contain it instead of
--    reading every contract of the organisation.
-- 3. contract_counts: the number of contracts per organisation and status, so the total of
--    the unfiltered list is one lookup instead of a count over the whole organisation.
-- 4. Indexes that let every sort of the list read its page off an index (see below).
--
-- The triggers rely on the composite foreign keys of version 1 (a contract's customer or
-- project always exists), which is why there are none for deleting customers or projects.

ALTER TABLE maintenance_contracts ADD COLUMN customer_name_folded TEXT;

UPDATE maintenance_contracts
SET customer_name_folded = coalesce(
  (SELECT cu.name_folded FROM customers cu
   WHERE cu.organisation_id = maintenance_contracts.organisation_id AND cu.id = maintenance_contracts.customer_id),
  (SELECT cu.name_folded FROM projects p
   JOIN customers cu ON cu.organisation_id = p.organisation_id AND cu.id = p.customer_id
   WHERE p.organisation_id = maintenance_contracts.organisation_id AND p.id = maintenance_contracts.project_id))
WHERE customer_id IS NOT NULL OR project_id IS NOT NULL;

-- rowid = maintenance_contracts.id. The trigram tokenizer indexes every run of three
-- characters, so a MATCH finds substrings anywhere in a name (which a word tokenizer cannot);
-- runs shorter than three characters are not indexed at all, which is why the list falls
-- back to reading the organisation's names (contracts_name) for one- and two-character
-- filters.
-- case_sensitive 1: the columns are folded by turnus (store/text_fold.cpp: also Ä → ä,
-- which SQLite's own folding would treat differently), so the index must not fold again.
-- detail=none: only which contracts contain a trigram is stored, no positions or columns;
-- about half the size of detail=full. A MATCH therefore answers "has all trigrams of the
-- text", a superset of "contains the text", and the list checks each candidate with
-- instr() on the contract row, so results are exactly those of a substring search.
-- organisation: the organisation id written as three characters of Unicode's private use
-- area U+E000–U+F8FF (base 6400, most significant first), which the tokenizer turns into
-- exactly one trigram that no other organisation has. The list adds it to the MATCH of
-- every organisation that is not a large part of the installation, so the index hands out
-- only that organisation's own candidates: without it a common word would bring the
-- candidates of every other organisation along (kTokenAtMostContracts in
-- store/sqlite/contract_list.cpp says why not for large ones). A name that contains those
-- private-use characters could match too; the list checks the organisation on the row
-- anyway. The same encoding is organisation_token() there.
-- The table keeps its own copy of the texts (FTS5's default content mode): updates and
-- deletes then need only the rowid, so a trigger can never corrupt the index by passing
-- outdated old values, which external-content and contentless tables require.
CREATE VIRTUAL TABLE contract_search USING fts5(
  name, customer, organisation,
  tokenize = 'trigram case_sensitive 1',
  detail = none);

INSERT INTO contract_search (rowid, name, customer, organisation)
SELECT id, name_folded, customer_name_folded,
       char(57344 + organisation_id / 40960000 % 6400, 57344 + organisation_id / 6400 % 6400,
            57344 + organisation_id % 6400)
FROM maintenance_contracts;

CREATE TABLE contract_counts (
  organisation_id INTEGER NOT NULL REFERENCES organisations(id),
  status          TEXT    NOT NULL,
  contracts       INTEGER NOT NULL CHECK (contracts >= 0),
  PRIMARY KEY (organisation_id, status)
) STRICT, WITHOUT ROWID;

INSERT INTO contract_counts (organisation_id, status, contracts)
SELECT organisation_id, status, count(*) FROM maintenance_contracts GROUP BY organisation_id, status;

-- The list's indexes. Each sort has one index per direction whose order is exactly the
-- list's ORDER BY (NULLs last in both directions, id as tie-breaker), so a page is read off
-- the index; the trailing columns let the common filters be checked on the index entry
-- without reading the row.
DROP INDEX contracts_next_due_asc;
DROP INDEX contracts_next_due_desc;
DROP INDEX contracts_search;
DROP INDEX contracts_employee;
CREATE INDEX contracts_next_due_asc
  ON maintenance_contracts(organisation_id, next_due_date IS NULL, next_due_date, id, status, action_employee_id);
CREATE INDEX contracts_next_due_desc
  ON maintenance_contracts(organisation_id, next_due_date IS NULL, next_due_date DESC, id DESC, status,
                           action_employee_id);
-- Sorting by name (read backwards for descending), and the one- and two-character text
-- filter, which reads the names from here instead of from the table.
CREATE INDEX contracts_name
  ON maintenance_contracts(organisation_id, name_folded, id, status, customer_name_folded);
CREATE INDEX contracts_customer_name_asc
  ON maintenance_contracts(organisation_id, customer_name_folded IS NULL, customer_name_folded, id, status);
CREATE INDEX contracts_customer_name_desc
  ON maintenance_contracts(organisation_id, customer_name_folded IS NULL, customer_name_folded DESC, id DESC,
                           status);
-- The employee filter: counted and, for few contracts, sorted on this index alone.
CREATE INDEX contracts_employee
  ON maintenance_contracts(organisation_id, action_employee_id, status, next_due_date);

-- --- triggers ------------------------------------------------------------------------------
-- They are created last, so the bulk statements above do not fire them.

-- A new contract: its customer name, its search row, its count. (The SQLite repository
-- inserts the customer name itself, so the UPDATE finds nothing to do for its rows.)
CREATE TRIGGER contracts_insert_derived AFTER INSERT ON maintenance_contracts
BEGIN
  UPDATE maintenance_contracts
  SET customer_name_folded = coalesce(
    (SELECT cu.name_folded FROM customers cu WHERE cu.organisation_id = NEW.organisation_id AND cu.id = NEW.customer_id),
    (SELECT cu.name_folded FROM projects p
     JOIN customers cu ON cu.organisation_id = p.organisation_id AND cu.id = p.customer_id
     WHERE p.organisation_id = NEW.organisation_id AND p.id = NEW.project_id))
  WHERE id = NEW.id AND customer_name_folded IS NOT coalesce(
      (SELECT cu.name_folded FROM customers cu WHERE cu.organisation_id = NEW.organisation_id AND cu.id = NEW.customer_id),
      (SELECT cu.name_folded FROM projects p
       JOIN customers cu ON cu.organisation_id = p.organisation_id AND cu.id = p.customer_id
       WHERE p.organisation_id = NEW.organisation_id AND p.id = NEW.project_id));
  -- Read back rather than taken from NEW: the UPDATE above may just have changed the row.
  INSERT INTO contract_search (rowid, name, customer, organisation)
  SELECT id, name_folded, customer_name_folded,
         char(57344 + organisation_id / 40960000 % 6400, 57344 + organisation_id / 6400 % 6400,
              57344 + organisation_id % 6400)
  FROM maintenance_contracts WHERE id = NEW.id;
  INSERT INTO contract_counts (organisation_id, status, contracts) VALUES (NEW.organisation_id, NEW.status, 1)
  ON CONFLICT (organisation_id, status) DO UPDATE SET contracts = contracts + 1;
END;

-- Moved to another customer or project (or to neither).
CREATE TRIGGER contracts_reassign_derived
AFTER UPDATE OF organisation_id, customer_id, project_id ON maintenance_contracts
WHEN OLD.organisation_id IS NOT NEW.organisation_id OR OLD.customer_id IS NOT NEW.customer_id
  OR OLD.project_id IS NOT NEW.project_id
BEGIN
  UPDATE maintenance_contracts
  SET customer_name_folded = coalesce(
    (SELECT cu.name_folded FROM customers cu WHERE cu.organisation_id = NEW.organisation_id AND cu.id = NEW.customer_id),
    (SELECT cu.name_folded FROM projects p
     JOIN customers cu ON cu.organisation_id = p.organisation_id AND cu.id = p.customer_id
     WHERE p.organisation_id = NEW.organisation_id AND p.id = NEW.project_id))
  WHERE id = NEW.id AND customer_name_folded IS NOT coalesce(
      (SELECT cu.name_folded FROM customers cu WHERE cu.organisation_id = NEW.organisation_id AND cu.id = NEW.customer_id),
      (SELECT cu.name_folded FROM projects p
       JOIN customers cu ON cu.organisation_id = p.organisation_id AND cu.id = p.customer_id
       WHERE p.organisation_id = NEW.organisation_id AND p.id = NEW.project_id));
END;

-- The contract's name, its customer name (or its organisation) changed: refresh its search
-- row. The values are read from the table, not from NEW, because this trigger may run after
-- contracts_reassign_derived changed the row again within the same statement (SQLite does
-- not promise an order between triggers of one event), and NEW would then be outdated.
CREATE TRIGGER contracts_search_update
AFTER UPDATE OF organisation_id, name_folded, customer_name_folded ON maintenance_contracts
WHEN OLD.name_folded IS NOT NEW.name_folded OR OLD.customer_name_folded IS NOT NEW.customer_name_folded
  OR OLD.organisation_id IS NOT NEW.organisation_id
BEGIN
  UPDATE contract_search
  SET (name, customer, organisation) = (
    SELECT name_folded, customer_name_folded,
           char(57344 + organisation_id / 40960000 % 6400, 57344 + organisation_id / 6400 % 6400,
                57344 + organisation_id % 6400)
    FROM maintenance_contracts WHERE id = NEW.id)
  WHERE rowid = NEW.id;
END;

CREATE TRIGGER contracts_count_status AFTER UPDATE OF organisation_id, status ON maintenance_contracts
WHEN OLD.organisation_id IS NOT NEW.organisation_id OR OLD.status IS NOT NEW.status
BEGIN
  UPDATE contract_counts SET contracts = contracts - 1
  WHERE organisation_id = OLD.organisation_id AND status = OLD.status;
  INSERT INTO contract_counts (organisation_id, status, contracts) VALUES (NEW.organisation_id, NEW.status, 1)
  ON CONFLICT (organisation_id, status) DO UPDATE SET contracts = contracts + 1;
END;

CREATE TRIGGER contracts_delete_derived AFTER DELETE ON maintenance_contracts
BEGIN
  DELETE FROM contract_search WHERE rowid = OLD.id;
  UPDATE contract_counts SET contracts = contracts - 1
  WHERE organisation_id = OLD.organisation_id AND status = OLD.status;
END;

-- A customer renamed: every contract of it, directly or through one of its projects.
CREATE TRIGGER customers_rename_derived AFTER UPDATE OF name_folded ON customers
WHEN OLD.name_folded IS NOT NEW.name_folded
BEGIN
  UPDATE maintenance_contracts SET customer_name_folded = NEW.name_folded
  WHERE organisation_id = NEW.organisation_id AND customer_id = NEW.id;
  UPDATE maintenance_contracts SET customer_name_folded = NEW.name_folded
  WHERE organisation_id = NEW.organisation_id
    AND project_id IN (SELECT id FROM projects WHERE organisation_id = NEW.organisation_id AND customer_id = NEW.id);
END;

-- A project moved to another customer: its contracts now count that customer.
CREATE TRIGGER projects_reassign_derived AFTER UPDATE OF customer_id ON projects
WHEN OLD.customer_id IS NOT NEW.customer_id
BEGIN
  UPDATE maintenance_contracts
  SET customer_name_folded =
    (SELECT name_folded FROM customers WHERE organisation_id = NEW.organisation_id AND id = NEW.customer_id)
  WHERE organisation_id = NEW.organisation_id AND project_id = NEW.id;
END;
