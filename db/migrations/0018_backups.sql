-- Backups (issue 16): each run, scheduled or asked for, with its outcome, so the
-- last success and failure show in Settings and in system.status, and an admin who
-- never made a backup that carries the secret key is warned.
CREATE TABLE org.backups (
  id            uuid PRIMARY KEY DEFAULT org.uuid_v7(),
  kind          text NOT NULL CHECK (kind IN ('manual', 'scheduled', 'command_line')),
  started_at    timestamptz NOT NULL,
  finished_at   timestamptz NOT NULL,
  ok            boolean NOT NULL,
  file          text,
  bytes         bigint,
  includes_key  boolean NOT NULL DEFAULT false,
  audit_seq     bigint,
  error         text,
  CHECK (ok = (error IS NULL))
);
CREATE INDEX backups_recent ON org.backups (ok, finished_at DESC);

-- The one schedule of a site's database: a folder on the console's machine, how
-- often, how many files to keep, and the keys sealed once with the admin's
-- passphrase (the passphrase itself is never stored).
CREATE TABLE org.backup_schedule (
  id               integer PRIMARY KEY CHECK (id = 1),
  enabled          boolean NOT NULL DEFAULT false,
  folder           text NOT NULL,
  every_hours      integer NOT NULL CHECK (every_hours BETWEEN 1 AND 168),
  keep             integer NOT NULL CHECK (keep BETWEEN 1 AND 1000),
  sealed_keys      text,
  last_started_at  timestamptz,
  updated_at       timestamptz NOT NULL DEFAULT now()
);
