-- turnus schema, version 7 (SQLite): the list's text filter answered from its indexes.
--
-- A text with many matches is paged by walking the sort's index and checking each
-- contract's name and customer name with instr(). Neither was in the next-due indexes, so
-- every walked entry read its table row: the first page of "Müller" (1.4 % of a million
-- contracts) read 3,600 rows, 7.8 ms; an employee's contracts with a text were found by
-- probing the employee's 17,800 contracts against 15,000 trigram candidates, 43 ms.
--
-- search_folded is both folded texts with a separator that no search text can contain
-- (the API refuses control characters in q), so instr(search_folded, q) > 0 holds exactly
-- when q is in the name or in the customer's name. It is a VIRTUAL column: the table does
-- not store it, only the indexes below do, and SQLite reads it from the index entry
-- instead of the row (first page of "Müller": 0.85 ms).
ALTER TABLE maintenance_contracts ADD COLUMN search_folded TEXT
  GENERATED ALWAYS AS (name_folded || char(31) || coalesce(customer_name_folded, '')) VIRTUAL;

DROP INDEX contracts_next_due_asc;
CREATE INDEX contracts_next_due_asc
  ON maintenance_contracts(organisation_id, next_due_date IS NULL, next_due_date, id, status, action_employee_id,
                           search_folded);
DROP INDEX contracts_next_due_desc;
CREATE INDEX contracts_next_due_desc
  ON maintenance_contracts(organisation_id, next_due_date IS NULL, next_due_date DESC, id DESC, status,
                           action_employee_id, search_folded);
DROP INDEX contracts_employee;
CREATE INDEX contracts_employee
  ON maintenance_contracts(organisation_id, action_employee_id, status, next_due_date, search_folded);

-- The list no longer asks version 6's vocabulary for a trigram's number of contracts: it
-- counts them itself, only as far as it needs (fts5vocab read the trigram's whole list,
-- 58 ms for "war" at a million contracts). The table stored nothing of its own.
DROP TABLE contract_search_vocab;
