-- Field sync through the central console's host (issue 18): the laptop signs in over HTTP
-- (sessions of transport 'http'), a ticket pushed and then changed again on the laptop is
-- pushed again (the laptop's version that arrived is kept centrally; the laptop keeps the
-- central version it last had, to tell whether either side changed it since), and tickets
-- are downloaded to a laptop before it goes out.

ALTER TABLE iam.sessions DROP CONSTRAINT sessions_transport_check;
ALTER TABLE iam.sessions ADD CONSTRAINT sessions_transport_check CHECK (transport IN ('ipc', 'ws', 'direct', 'http'));

-- revision: the laptop's version of the record that arrived (its ticket version; 1 for log
-- entries and commands, which do not change); central_version: the central ticket's version
-- right after, the base the laptop's next change is compared with.
ALTER TABLE fleet.field_pushed ADD COLUMN revision integer NOT NULL DEFAULT 1 CHECK (revision >= 1);
ALTER TABLE fleet.field_pushed ADD COLUMN central_version integer CHECK (central_version >= 1);

-- On the laptop: each ticket's base, the central version it last had (downloaded, or after a
-- push) and its own version then. A later laptop change raises its version past laptop_version;
-- a central change raises the central version past central_version.
CREATE TABLE fleet.field_ticket_bases (
  ticket_id        uuid PRIMARY KEY REFERENCES ops.tickets (id),
  central_version  integer NOT NULL CHECK (central_version >= 1),
  laptop_version   integer NOT NULL CHECK (laptop_version >= 1),
  synced_at        timestamptz NOT NULL
);
