-- A flood of refused messages is kept as samples: per source and kind of reason the
-- first ones each hour whole, the rest counted onto the last one kept.
ALTER TABLE ingest.quarantine
  ADD COLUMN source           text,
  ADD COLUMN reason_class     text,
  ADD COLUMN repeats          integer NOT NULL DEFAULT 0 CHECK (repeats >= 0),
  ADD COLUMN last_received_at timestamptz;
CREATE INDEX quarantine_source_idx ON ingest.quarantine (source, reason_class, received_at DESC);
