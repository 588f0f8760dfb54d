-- Sites (a campus, a city, a depot) and their map frames.

CREATE TABLE org.sites (
  id          uuid PRIMARY KEY DEFAULT org.uuid_v7(),
  slug        text NOT NULL CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  name        text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  time_zone   text NOT NULL CHECK (length(time_zone) BETWEEN 1 AND 64),
  lat         double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lon         double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  deleted_at  timestamptz
);
CREATE UNIQUE INDEX sites_slug_key ON org.sites (slug) WHERE deleted_at IS NULL;
CREATE TRIGGER sites_touch BEFORE UPDATE ON org.sites
  FOR EACH ROW EXECUTE FUNCTION org.touch_updated_at();

-- A site map is a local x/y frame in metres (VDA 5050 mapId). Its georeference
-- places the frame's origin on the globe and turns its x axis by `rotation_deg`
-- counter-clockwise from east; bounds are in frame metres.
CREATE TABLE org.site_maps (
  id            uuid PRIMARY KEY DEFAULT org.uuid_v7(),
  site_id       uuid NOT NULL REFERENCES org.sites (id),
  map_id        text NOT NULL CHECK (length(map_id) BETWEEN 1 AND 200),
  name          text NOT NULL,
  origin_lat    double precision NOT NULL CHECK (origin_lat BETWEEN -90 AND 90),
  origin_lon    double precision NOT NULL CHECK (origin_lon BETWEEN -180 AND 180),
  rotation_deg  double precision NOT NULL DEFAULT 0 CHECK (rotation_deg > -360 AND rotation_deg < 360),
  min_x         double precision NOT NULL,
  min_y         double precision NOT NULL,
  max_x         double precision NOT NULL,
  max_y         double precision NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  deleted_at    timestamptz,
  CHECK (max_x > min_x AND max_y > min_y)
);
CREATE UNIQUE INDEX site_maps_map_key ON org.site_maps (site_id, map_id) WHERE deleted_at IS NULL;
CREATE INDEX site_maps_site_idx ON org.site_maps (site_id) WHERE deleted_at IS NULL;
CREATE TRIGGER site_maps_touch BEFORE UPDATE ON org.site_maps
  FOR EACH ROW EXECUTE FUNCTION org.touch_updated_at();

-- The fictional demo site every fresh database starts with.
INSERT INTO org.sites (slug, name, time_zone, lat, lon)
VALUES ('lindenhof', 'Lindenhof Care Campus', 'Europe/Amsterdam', 51.4426, 5.4711);

INSERT INTO org.site_maps (site_id, map_id, name, origin_lat, origin_lon, rotation_deg, min_x, min_y, max_x, max_y)
SELECT id, 'lindenhof-campus', 'Campus grounds', 51.4416, 5.4697, 12, 0, 0, 400, 300
FROM org.sites WHERE slug = 'lindenhof';
