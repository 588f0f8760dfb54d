-- fleet.vehicles is rewritten once a second for each moving vehicle (core/fleet/writer.ts), and every
-- rewrite sets last_heartbeat. An index on that column made every rewrite a non-HOT update: a new
-- entry in each of the table's four indexes, and four more dead ones for vacuum to clear. No query
-- filters or sorts on last_heartbeat (heartbeats are checked in memory, Fleet.checkHeartbeats), so
-- the index goes; a rewrite that changes neither site nor status now stays on its page.
DROP INDEX IF EXISTS fleet.vehicles_heartbeat_idx;
