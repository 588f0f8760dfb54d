-- A retained message the gate refuses comes again every time a console subscribes (each start,
-- each reconnect). It is kept and counted once: its digest (SHA-256 of topic, a NUL and payload)
-- marks the row, and a row with the same digest is not written again.
ALTER TABLE ingest.quarantine ADD COLUMN retained_digest bytea;
CREATE UNIQUE INDEX quarantine_retained_idx ON ingest.quarantine (retained_digest) WHERE retained_digest IS NOT NULL;
