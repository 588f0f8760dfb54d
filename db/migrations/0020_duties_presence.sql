-- One console does each background duty, and people see each other (issue 13).

-- A duty is held by one console at a time: the holder renews its lease every few
-- seconds; when it stops renewing (killed, or cut off from the database) another
-- console takes the lease once it has expired. Times are the database's own, so
-- consoles with different clocks agree.
CREATE TABLE events.duties (
  duty         text PRIMARY KEY CHECK (duty IN ('ingest', 'control', 'dispatch')),
  holder       text NOT NULL CHECK (length(holder) BETWEEN 1 AND 200),
  holder_name  text NOT NULL CHECK (length(holder_name) BETWEEN 1 AND 200),
  since        timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL
);

-- Who is signed in, and which view or case each has open: one row per session,
-- renewed while the console is open. Only a change of view or case is announced.
CREATE TABLE events.presence (
  session_id  uuid PRIMARY KEY REFERENCES iam.sessions (id) ON DELETE CASCADE,
  user_id     uuid NOT NULL REFERENCES iam.users (id),
  console     text NOT NULL CHECK (length(console) BETWEEN 1 AND 200),
  view        text NOT NULL CHECK (length(view) BETWEEN 1 AND 50),
  case_type   text CHECK (case_type IN ('incident', 'service_request', 'report', 'ticket', 'mission')),
  case_id     uuid,
  editing     boolean NOT NULL DEFAULT false,
  seen_at     timestamptz NOT NULL DEFAULT now(),
  CHECK ((case_type IS NULL) = (case_id IS NULL))
);
CREATE INDEX presence_case ON events.presence (case_type, case_id) WHERE case_id IS NOT NULL;

SELECT events.watch('events.duties', 'duty', 'duty', '', NULL, 'holder');
SELECT events.watch('events.presence', 'presence', 'user_id', '', NULL, 'view, case_type, case_id, editing');
