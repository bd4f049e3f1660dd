-- turnus schema, version 8 (PostgreSQL): an e-mail address is unique within its
-- organisation, no longer across the installation
-- (docs/adr/0010-email-across-organisations.md). The same change as SQLite's version 8,
-- which has to rebuild its table for it; here an index replaces another.
--
-- lower() under the "C" collation folds ASCII only, like SQLite's NOCASE. Every existing
-- row satisfies the new index, since it satisfied the stricter old one.
CREATE UNIQUE INDEX users_organisation_email ON users (organisation_id, lower(email));
DROP INDEX users_email;
-- The login looks an address up across organisations.
CREATE INDEX users_email ON users (lower(email));
