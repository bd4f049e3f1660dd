-- turnus schema, version 4 (PostgreSQL). The same change as migrations/sqlite/0004_scheduler.sql:
--
-- 1. maintenance_contracts.reminded_through: the last occurrence whose reminder was sent (or
--    passed over), so each occurrence is reminded of once. next_reminder_date: the day the
--    pending reminder falls due (occurrence − days_before; NULL without a reminder or while
--    not active), derived by the store on every write, indexed for the scheduler's claim.
--    Existing rows were never reminded of anything: their pending occurrence is their next
--    due date.
-- 2. scheduler_status: the last scheduler pass per organisation, whichever instance or
--    `turnus tick` ran it (GET /api/v1/scheduler/status).
-- 3. executions_failed: the open failures (outcome 'failed'), few rows, for the status.
--    A failed row becomes 'executed' (or 'skipped') in place when a later pass succeeds, so
--    the unique key (contract_id, due_date, kind) still allows exactly one outcome.

ALTER TABLE maintenance_contracts ADD COLUMN reminded_through DATE;
ALTER TABLE maintenance_contracts ADD COLUMN next_reminder_date DATE;
UPDATE maintenance_contracts SET next_reminder_date = next_due_date - reminder_days_before
WHERE status = 'active' AND reminder_days_before IS NOT NULL AND next_due_date IS NOT NULL;
CREATE INDEX contracts_reminder_due ON maintenance_contracts(organisation_id, next_reminder_date)
  WHERE next_reminder_date IS NOT NULL;

CREATE TABLE scheduler_status (
  organisation_id BIGINT PRIMARY KEY REFERENCES organisations(id),
  as_of           BIGINT NOT NULL,
  started_at      BIGINT NOT NULL,
  duration_ms     BIGINT NOT NULL CHECK (duration_ms >= 0),
  executed        BIGINT NOT NULL,
  caught_up       BIGINT NOT NULL,
  skipped         BIGINT NOT NULL,
  reminded        BIGINT NOT NULL,
  failed          BIGINT NOT NULL,
  instance        TEXT   NOT NULL DEFAULT ''
);

CREATE INDEX executions_failed ON executions(organisation_id, executed_at) WHERE outcome = 'failed';
