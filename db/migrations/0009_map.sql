-- Map layers (core/map): the viewport queries count and group the open cases in a
-- bbox. Partial indexes that match the layers' default filters let PostgreSQL answer
-- from the index alone (no heap visits for closed or deleted rows).
CREATE INDEX service_requests_map_idx ON city.service_requests (site_id, lat, lon) WHERE deleted_at IS NULL AND status <> 'closed';
CREATE INDEX public_reports_map_idx ON city.public_reports (site_id, lat, lon) WHERE deleted_at IS NULL AND status NOT IN ('closed', 'rejected');
CREATE INDEX incidents_map_idx ON ops.incidents (site_id, lat, lon) WHERE status NOT IN ('closed', 'cancelled');
CREATE INDEX alerts_map_idx ON ops.alerts (site_id, lat, lon) WHERE status IN ('new', 'acknowledged');
CREATE INDEX assets_map_idx ON city.assets (site_id, lat, lon) WHERE deleted_at IS NULL;
CREATE INDEX resources_map_idx ON ops.resources (site_id, lat, lon) WHERE deleted_at IS NULL;
