-- Live fleet: VDA 5050 vehicles, their connection history and telemetry, sensors and
-- their readings, and the quarantine every rejected MQTT message goes to.

CREATE TABLE fleet.vehicles (
  id              uuid PRIMARY KEY DEFAULT org.uuid_v7(),
  site_id         uuid REFERENCES org.sites (id),
  manufacturer    text NOT NULL CHECK (length(manufacturer) BETWEEN 1 AND 200),
  serial_number   text NOT NULL CHECK (length(serial_number) BETWEEN 1 AND 200),
  name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  -- Registered automatically on first message; an operator confirms it.
  confirmed_at    timestamptz,
  confirmed_by    uuid REFERENCES iam.users (id),
  status          text NOT NULL DEFAULT 'offline'
                  CHECK (status IN ('idle', 'driving', 'charging', 'paused', 'error', 'offline')),
  connection      text CHECK (connection IN ('ONLINE', 'OFFLINE', 'CONNECTIONBROKEN')),
  map_id          text,
  x               double precision,
  y               double precision,
  theta           double precision,
  lat             double precision CHECK (lat BETWEEN -90 AND 90),
  lon             double precision CHECK (lon BETWEEN -180 AND 180),
  heading         double precision CHECK (heading >= 0 AND heading < 360),
  speed           double precision,
  battery         double precision CHECK (battery BETWEEN 0 AND 100),
  charging        boolean,
  driving         boolean,
  paused          boolean,
  operating_mode  text,
  order_id        text,
  last_node_id    text,
  errors          jsonb NOT NULL DEFAULT '[]',
  loads           jsonb NOT NULL DEFAULT '[]',
  last_heartbeat  timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  deleted_at      timestamptz
);
CREATE UNIQUE INDEX vehicles_agv_key ON fleet.vehicles (manufacturer, serial_number) WHERE deleted_at IS NULL;
CREATE INDEX vehicles_site_idx ON fleet.vehicles (site_id, status) WHERE deleted_at IS NULL;
CREATE INDEX vehicles_heartbeat_idx ON fleet.vehicles (last_heartbeat) WHERE deleted_at IS NULL;
CREATE TRIGGER vehicles_touch BEFORE UPDATE ON fleet.vehicles
  FOR EACH ROW EXECUTE FUNCTION org.touch_updated_at();

-- Every change of a vehicle's connection: the last will, a graceful goodbye, or a
-- heartbeat timeout seen by the console.
CREATE TABLE fleet.vehicle_connections (
  id          uuid PRIMARY KEY DEFAULT org.uuid_v7(),
  vehicle_id  uuid NOT NULL REFERENCES fleet.vehicles (id),
  ts          timestamptz NOT NULL,
  state       text NOT NULL CHECK (state IN ('ONLINE', 'OFFLINE', 'CONNECTIONBROKEN', 'TIMEOUT')),
  detail      text
);
CREATE INDEX vehicle_connections_vehicle_idx ON fleet.vehicle_connections (vehicle_id, ts DESC);

-- High volume (10 Hz per vehicle): no id and no per-row foreign key check (vehicles
-- are only ever soft-deleted and ingest writes only registered ids), one index, which
-- the retention job also uses (per vehicle, oldest first).
CREATE TABLE fleet.telemetry (
  vehicle_id  uuid NOT NULL,
  ts          timestamptz NOT NULL,
  map_id      text,
  x           double precision,
  y           double precision,
  lat         double precision,
  lon         double precision,
  heading     double precision,
  speed       double precision,
  battery     double precision,
  driving     boolean,
  error_count smallint
);
CREATE INDEX telemetry_vehicle_ts_idx ON fleet.telemetry (vehicle_id, ts DESC);

CREATE TABLE fleet.sensors (
  id          uuid PRIMARY KEY DEFAULT org.uuid_v7(),
  site_id     uuid NOT NULL REFERENCES org.sites (id),
  sensor_key  text NOT NULL CHECK (length(sensor_key) BETWEEN 1 AND 200),
  name        text NOT NULL,
  kind        text NOT NULL,
  unit        text,
  lat         double precision CHECK (lat BETWEEN -90 AND 90),
  lon         double precision CHECK (lon BETWEEN -180 AND 180),
  confirmed_at timestamptz,
  last_value  double precision,
  last_ts     timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  deleted_at  timestamptz
);
CREATE UNIQUE INDEX sensors_key ON fleet.sensors (site_id, sensor_key) WHERE deleted_at IS NULL;
CREATE TRIGGER sensors_touch BEFORE UPDATE ON fleet.sensors
  FOR EACH ROW EXECUTE FUNCTION org.touch_updated_at();

-- Same pattern as telemetry.
CREATE TABLE fleet.sensor_readings (
  sensor_id  uuid NOT NULL,
  ts         timestamptz NOT NULL,
  kind       text NOT NULL,
  value      double precision NOT NULL,
  unit       text,
  lat        double precision,
  lon        double precision
);
CREATE INDEX sensor_readings_sensor_ts_idx ON fleet.sensor_readings (sensor_id, ts DESC);

-- Every MQTT message ingest refused, with the reason; the payload is kept up to the cap.
CREATE TABLE ingest.quarantine (
  id             uuid PRIMARY KEY DEFAULT org.uuid_v7(),
  received_at    timestamptz NOT NULL,
  topic          text NOT NULL,
  reason         text NOT NULL,
  payload        text NOT NULL,
  payload_bytes  integer NOT NULL,
  truncated      boolean NOT NULL DEFAULT false
);
CREATE INDEX quarantine_received_idx ON ingest.quarantine (received_at DESC);
