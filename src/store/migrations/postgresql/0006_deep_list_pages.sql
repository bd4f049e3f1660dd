-- turnus schema, version 6 (PostgreSQL): deeper pages of a contract list. The list's sort
-- indexes carry the contract's status.
--
-- A page deep in the list (page 100 of the default list: 4,950 entries to step over) was
-- read by fetching every stepped-over row from the table only to check its status: 60 ms
-- at a million contracts. With the status in the index, the page's ids come from an
-- index-only scan (store/postgres/contract_list.cpp reads them first and the page's rows
-- after, a deferred join), which took it to 2.5 ms. Index-only scans rely on the table's
-- visibility map, which autovacuum keeps up to date (docs/deploy.md).
--
-- Same indexes, same order, status as a non-key column; no new index for writes to keep.
-- (SQLite's version 6 adds the FTS5 vocabulary table its deep text pages need instead.)
DROP INDEX contracts_next_due_asc;
CREATE INDEX contracts_next_due_asc
  ON maintenance_contracts(organisation_id, next_due_date ASC NULLS LAST, id ASC) INCLUDE (status);
DROP INDEX contracts_next_due_desc;
CREATE INDEX contracts_next_due_desc
  ON maintenance_contracts(organisation_id, next_due_date DESC NULLS LAST, id DESC) INCLUDE (status);
DROP INDEX contracts_name;
CREATE INDEX contracts_name ON maintenance_contracts(organisation_id, name_folded, id) INCLUDE (status);
DROP INDEX contracts_customer_name_asc;
CREATE INDEX contracts_customer_name_asc
  ON maintenance_contracts(organisation_id, customer_name_folded ASC NULLS LAST, id ASC) INCLUDE (status);
DROP INDEX contracts_customer_name_desc;
CREATE INDEX contracts_customer_name_desc
  ON maintenance_contracts(organisation_id, customer_name_folded DESC NULLS LAST, id DESC) INCLUDE (status);
