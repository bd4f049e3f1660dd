-- turnus schema, version 10 (SQLite): API tokens can expire and be revoked.
--
-- expires_at: set at creation (`turnus token create --expires-in DAYS`, POST /api/v1/tokens
-- `expires_in_days`), NULL for tokens that last until revoked, as every token before.
-- revoked_at: when an admin or the command line revoked the token, or its user was
-- deactivated; a revoked token never authenticates again. last_used_at exists since
-- version 1 and is now written (at most about once a minute per token).
ALTER TABLE api_tokens ADD COLUMN expires_at INTEGER;
ALTER TABLE api_tokens ADD COLUMN revoked_at INTEGER;
