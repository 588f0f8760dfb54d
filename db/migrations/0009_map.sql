-- Map layers (core/map): the viewport queries count and group the open cases in a
-- bbox. Partial indexes that match the layers' default filters let PostgreSQL answer
-- from the index alone (no heap visits for closed or deleted rows).
CREATE INDEX service_requests_map_idx ON city.service_requests (site_id, lat, lon) WHERE deleted_at IS NULL AND status <> 'closed';
CREATE INDEX public_reports_map_idx ON city.public_reports (site_id, lat, lon) WHERE deleted_at IS NULL AND status NOT IN ('closed', 'rejected');
CREATE INDEX incidents_map_idx ON ops.incidents (site_id, lat, lon) WHERE status NOT IN ('closed', 'cancelled');
CREATE INDEX alerts_map_idx ON ops.alerts (site_id, lat, lon) WHERE status IN ('new', 'acknowledged');
CREATE INDEX assets_map_idx ON city.assets (site_id, lat, lon) WHERE deleted_at IS NULL;
CREATE INDEX resources_map_idx ON ops.resources (site_id, lat, lon) WHERE deleted_at IS NULL;

-- Grid cells for clusters at low zoom: per layer and site, the count and summed position of
-- the open cases in each cell of a Web Mercator grid 8 × 2^14 cells around the world (64 screen
-- pixels at zoom 14, about 150 m here). A city-wide viewport then groups a few thousand cells
-- instead of scanning 100,000 rows; cells nest, so zoom z groups them by gx >> (14 - z).
CREATE FUNCTION org.cell_x(lon double precision, level integer) RETURNS integer
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT floor((lon + 180) / 360 * (8 * 2 ^ level))::integer $$;
CREATE FUNCTION org.cell_y(lat double precision, level integer) RETURNS integer
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT floor((1 - ln(tan(radians(lat)) + 1 / cos(radians(lat))) / pi()) / 2 * (8 * 2 ^ level))::integer $$;

CREATE TABLE org.case_cells (
  layer    text NOT NULL CHECK (layer IN ('incidents', 'requests', 'reports')),
  site_id  uuid NOT NULL REFERENCES org.sites (id),
  gx       integer NOT NULL,
  gy       integer NOT NULL,
  -- Never negative in a committed state; no CHECK, because an upsert's proposed row carries the (negative) delta.
  n        integer NOT NULL,
  sum_lat  double precision NOT NULL,
  sum_lon  double precision NOT NULL,
  PRIMARY KEY (layer, site_id, gx, gy)
);

-- Statement-level, from the transition tables: a bulk insert costs one grouped upsert.
-- TG_ARGV: the layer, and the SQL condition a row must meet to be drawn (the layer's default filter).
CREATE FUNCTION org.case_cells_sync() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  part text := 'SELECT site_id, org.cell_x(lon, 14) AS gx, org.cell_y(lat, 14) AS gy, %s AS sign, lat, lon FROM %I WHERE lat IS NOT NULL AND ('
    || TG_ARGV[1] || ')';
  src text;
BEGIN
  IF TG_OP = 'INSERT' THEN
    src := format(part, 1, 'new_rows');
  ELSIF TG_OP = 'DELETE' THEN
    src := format(part, -1, 'old_rows');
  ELSE
    src := format(part, -1, 'old_rows') || ' UNION ALL ' || format(part, 1, 'new_rows');
  END IF;
  EXECUTE format($q$
    INSERT INTO org.case_cells AS c (layer, site_id, gx, gy, n, sum_lat, sum_lon)
    SELECT %L, site_id, gx, gy, sum(sign), sum(sign * lat), sum(sign * lon) FROM (%s) d GROUP BY site_id, gx, gy
    HAVING sum(sign) <> 0 OR sum(sign * lat) <> 0 OR sum(sign * lon) <> 0
    ON CONFLICT (layer, site_id, gx, gy) DO UPDATE
      SET n = c.n + EXCLUDED.n, sum_lat = c.sum_lat + EXCLUDED.sum_lat, sum_lon = c.sum_lon + EXCLUDED.sum_lon $q$, TG_ARGV[0], src);
  RETURN NULL;
END $$;

CREATE TRIGGER service_requests_cells_insert AFTER INSERT ON city.service_requests REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION org.case_cells_sync('requests', 'deleted_at IS NULL AND status <> ''closed''');
CREATE TRIGGER service_requests_cells_update AFTER UPDATE ON city.service_requests REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION org.case_cells_sync('requests', 'deleted_at IS NULL AND status <> ''closed''');
CREATE TRIGGER service_requests_cells_delete AFTER DELETE ON city.service_requests REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION org.case_cells_sync('requests', 'deleted_at IS NULL AND status <> ''closed''');
CREATE TRIGGER public_reports_cells_insert AFTER INSERT ON city.public_reports REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION org.case_cells_sync('reports', 'deleted_at IS NULL AND status NOT IN (''closed'', ''rejected'')');
CREATE TRIGGER public_reports_cells_update AFTER UPDATE ON city.public_reports REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION org.case_cells_sync('reports', 'deleted_at IS NULL AND status NOT IN (''closed'', ''rejected'')');
CREATE TRIGGER public_reports_cells_delete AFTER DELETE ON city.public_reports REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION org.case_cells_sync('reports', 'deleted_at IS NULL AND status NOT IN (''closed'', ''rejected'')');
CREATE TRIGGER incidents_cells_insert AFTER INSERT ON ops.incidents REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION org.case_cells_sync('incidents', 'status NOT IN (''closed'', ''cancelled'')');
CREATE TRIGGER incidents_cells_update AFTER UPDATE ON ops.incidents REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION org.case_cells_sync('incidents', 'status NOT IN (''closed'', ''cancelled'')');
CREATE TRIGGER incidents_cells_delete AFTER DELETE ON ops.incidents REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION org.case_cells_sync('incidents', 'status NOT IN (''closed'', ''cancelled'')');

-- Cases that exist already (demo data) start in their cells.
INSERT INTO org.case_cells (layer, site_id, gx, gy, n, sum_lat, sum_lon)
SELECT layer, site_id, org.cell_x(lon, 14), org.cell_y(lat, 14), count(*), sum(lat), sum(lon) FROM (
  SELECT 'requests' AS layer, site_id, lat, lon FROM city.service_requests WHERE deleted_at IS NULL AND status <> 'closed'
  UNION ALL SELECT 'reports', site_id, lat, lon FROM city.public_reports WHERE deleted_at IS NULL AND status NOT IN ('closed', 'rejected')
  UNION ALL SELECT 'incidents', site_id, lat, lon FROM ops.incidents WHERE lat IS NOT NULL AND status NOT IN ('closed', 'cancelled')
) r GROUP BY 1, 2, 3, 4;
