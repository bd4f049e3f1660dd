-- turnus schema, version 11 (PostgreSQL). Documents are read piece by piece (a download
-- streams its file in pieces, each in a transaction of its own). A BYTEA stored compressed
-- must be decompressed from its start for every piece; stored uncompressed out of line,
-- substring() fetches only the TOAST chunks of the piece. New rows only: documents stored
-- before keep their form and are still read correctly, only more slowly.
ALTER TABLE documents ALTER COLUMN content SET STORAGE EXTERNAL;
