-- After-action replay and reports read history by time across a site rather than by one
-- mission, incident or vehicle: the time bar's marks (events in a span), the state at a
-- moment (what changed since then), and reports over a date range.

-- Marks on the time bar: events of every mission, incident and vehicle in a span.
CREATE INDEX mission_events_created_idx ON fleet.mission_events (created_at);
CREATE INDEX case_events_created_idx ON ops.case_events (created_at);
CREATE INDEX vehicle_connections_ts_idx ON fleet.vehicle_connections (ts);

-- The state at a moment: cases that changed since then may have been open then.
CREATE INDEX missions_updated_idx ON fleet.missions (site_id, updated_at);
CREATE INDEX incidents_updated_idx ON ops.incidents (site_id, updated_at);
CREATE INDEX alerts_updated_idx ON ops.alerts (site_id, updated_at);

-- Reports by the day a request came in.
CREATE INDEX service_requests_requested_idx ON city.service_requests (site_id, requested_at) WHERE deleted_at IS NULL;
