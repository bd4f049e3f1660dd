-- turnus schema, version 7 (PostgreSQL): the list's text filter answered from its indexes.
--
-- The first page of a text with many matches is found by walking the next-due index and
-- checking each contract's name and customer name with strpos(); neither was in the index,
-- so every walked entry fetched its table row. search_folded is both folded texts with a
-- separator no search text can contain (the API refuses control characters in q), so
-- strpos(search_folded, q) > 0 holds exactly when q is in either. PostgreSQL 15 has only
-- stored generated columns: adding it rewrites the table once (ACCESS EXCLUSIVE; about
-- 20 s at a million contracts, docs/deploy.md). The next-due indexes carry it, with the
-- employee, so the walk is an index-only scan.
--
-- SQLite's version 7 adds the same column as a virtual one.
ALTER TABLE maintenance_contracts ADD COLUMN search_folded text
  GENERATED ALWAYS AS (name_folded || chr(31) || coalesce(customer_name_folded, '')) STORED;

DROP INDEX contracts_next_due_asc;
CREATE INDEX contracts_next_due_asc
  ON maintenance_contracts(organisation_id, next_due_date ASC NULLS LAST, id ASC)
  INCLUDE (status, action_employee_id, search_folded);
DROP INDEX contracts_next_due_desc;
CREATE INDEX contracts_next_due_desc
  ON maintenance_contracts(organisation_id, next_due_date DESC NULLS LAST, id DESC)
  INCLUDE (status, action_employee_id, search_folded);
