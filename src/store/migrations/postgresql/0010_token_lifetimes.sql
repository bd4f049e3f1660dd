-- turnus schema, version 10 (PostgreSQL): API tokens can expire and be revoked. The same
-- change as SQLite's version 10 (which says what the columns mean).
ALTER TABLE api_tokens ADD COLUMN expires_at BIGINT;
ALTER TABLE api_tokens ADD COLUMN revoked_at BIGINT;
