-- turnus schema, version 9: the login throttle counts failures per (account, address) pair
-- and remembers the pairs that logged in successfully (app/sessions.cpp, docs/api.md
-- "Login throttle"), so a stranger's wrong passwords no longer lock the owner out.
--
-- login_failures is asked for one pair's failures now: its account index gains the
-- address. login_known_pairs holds SHA-256 of the e-mail and the client's network
-- together, so it names neither, and when the pair stops counting as known.
DROP INDEX login_failures_account;
CREATE INDEX login_failures_pair ON login_failures(account, address, failed_at);

CREATE TABLE login_known_pairs (
  pair       TEXT   NOT NULL PRIMARY KEY,
  expires_at BIGINT NOT NULL
);
CREATE INDEX login_known_pairs_expiry ON login_known_pairs(expires_at);
