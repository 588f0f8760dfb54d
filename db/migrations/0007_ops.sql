-- Incidents, alerts and city operations (ERIOP, CityHelper, the Smart Home platform's
-- public reports and announcements, Nibble's tickets). Points are lat/lon; distance and
-- radius use earthdistance, whose index is a GiST on ll_to_earth(lat, lon).

-- Agencies (a hierarchy), their units, and the resources the units send.
CREATE TABLE ops.agencies (
  id          uuid PRIMARY KEY DEFAULT org.uuid_v7(),
  site_id     uuid NOT NULL REFERENCES org.sites (id),
  parent_id   uuid REFERENCES ops.agencies (id),
  code        text NOT NULL CHECK (code ~ '^[A-Z0-9][A-Z0-9-]{0,19}$'),
  name        text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  type        text NOT NULL CHECK (type IN ('police', 'fire', 'ems', 'dispatch', 'facility', 'public_works', 'other')),
  status      text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  deleted_at  timestamptz,
  CHECK (parent_id IS DISTINCT FROM id)
);
CREATE UNIQUE INDEX agencies_code ON ops.agencies (site_id, code) WHERE deleted_at IS NULL;
CREATE INDEX agencies_parent_idx ON ops.agencies (parent_id);
CREATE TRIGGER agencies_touch BEFORE UPDATE ON ops.agencies FOR EACH ROW EXECUTE FUNCTION org.touch_updated_at();

CREATE TABLE ops.units (
  id          uuid PRIMARY KEY DEFAULT org.uuid_v7(),
  agency_id   uuid NOT NULL REFERENCES ops.agencies (id),
  code        text NOT NULL CHECK (length(code) BETWEEN 1 AND 40),
  name        text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  deleted_at  timestamptz
);
CREATE UNIQUE INDEX units_code ON ops.units (agency_id, code) WHERE deleted_at IS NULL;
CREATE TRIGGER units_touch BEFORE UPDATE ON ops.units FOR EACH ROW EXECUTE FUNCTION org.touch_updated_at();

CREATE TABLE ops.resources (
  id            uuid PRIMARY KEY DEFAULT org.uuid_v7(),
  site_id       uuid NOT NULL REFERENCES org.sites (id),
  agency_id     uuid REFERENCES ops.agencies (id),
  unit_id       uuid REFERENCES ops.units (id),
  type          text NOT NULL CHECK (type IN ('personnel', 'vehicle', 'equipment')),
  subtype       text,
  name          text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  identifier    text NOT NULL CHECK (length(identifier) BETWEEN 1 AND 100),
  status        text NOT NULL DEFAULT 'available' CHECK (status IN
                  ('available', 'assigned', 'en_route', 'on_scene', 'off_duty', 'maintenance', 'out_of_service')),
  lat           double precision CHECK (lat BETWEEN -90 AND 90),
  lon           double precision CHECK (lon BETWEEN -180 AND 180),
  located_at    timestamptz,
  capabilities  text[] NOT NULL DEFAULT '{}',
  -- A fleet vehicle that is also a resource: its position and availability come from the fleet.
  vehicle_id    uuid REFERENCES fleet.vehicles (id),
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  deleted_at    timestamptz,
  CHECK ((lat IS NULL) = (lon IS NULL))
);
CREATE UNIQUE INDEX resources_identifier ON ops.resources (site_id, identifier) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX resources_vehicle ON ops.resources (vehicle_id) WHERE deleted_at IS NULL AND vehicle_id IS NOT NULL;
CREATE INDEX resources_status_idx ON ops.resources (site_id, status) WHERE deleted_at IS NULL;
CREATE INDEX resources_earth_idx ON ops.resources USING gist (ll_to_earth(lat, lon)) WHERE deleted_at IS NULL AND lat IS NOT NULL;
CREATE TRIGGER resources_touch BEFORE UPDATE ON ops.resources FOR EACH ROW EXECUTE FUNCTION org.touch_updated_at();

-- Sensor threshold rules: a reading of `sensor_kind` compared with `threshold` for
-- at least `duration_s` seconds raises an alert of `severity`.
CREATE TABLE ops.alert_rules (
  id           uuid PRIMARY KEY DEFAULT org.uuid_v7(),
  site_id      uuid NOT NULL REFERENCES org.sites (id),
  name         text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  sensor_kind  text NOT NULL CHECK (length(sensor_kind) BETWEEN 1 AND 100),
  comparison   text NOT NULL CHECK (comparison IN ('gt', 'gte', 'lt', 'lte')),
  threshold    double precision NOT NULL,
  duration_s   integer NOT NULL DEFAULT 0 CHECK (duration_s BETWEEN 0 AND 86400),
  severity     smallint NOT NULL CHECK (severity BETWEEN 1 AND 5),
  enabled      boolean NOT NULL DEFAULT true,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  deleted_at   timestamptz
);
CREATE INDEX alert_rules_site_idx ON ops.alert_rules (site_id, sensor_kind) WHERE deleted_at IS NULL;
CREATE TRIGGER alert_rules_touch BEFORE UPDATE ON ops.alert_rules FOR EACH ROW EXECUTE FUNCTION org.touch_updated_at();

CREATE TABLE ops.alerts (
  id               uuid PRIMARY KEY DEFAULT org.uuid_v7(),
  site_id          uuid NOT NULL REFERENCES org.sites (id),
  -- 'fleet', 'sensor-rule', or the external system's name from the topic.
  source           text NOT NULL CHECK (source ~ '^[A-Za-z0-9._-]{1,100}$'),
  external_id      text NOT NULL CHECK (length(external_id) BETWEEN 1 AND 255),
  type             text NOT NULL CHECK (length(type) BETWEEN 1 AND 100),
  severity         smallint NOT NULL CHECK (severity BETWEEN 1 AND 5),
  status           text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'acknowledged', 'converted', 'dismissed')),
  title            text NOT NULL CHECK (length(title) BETWEEN 1 AND 255),
  description      text CHECK (length(description) <= 10000),
  lat              double precision CHECK (lat BETWEEN -90 AND 90),
  lon              double precision CHECK (lon BETWEEN -180 AND 180),
  address          text,
  raw_payload      jsonb,
  vehicle_id       uuid REFERENCES fleet.vehicles (id),
  sensor_id        uuid REFERENCES fleet.sensors (id),
  rule_id          uuid REFERENCES ops.alert_rules (id),
  occurred_at      timestamptz NOT NULL,
  received_at      timestamptz NOT NULL DEFAULT now(),
  -- How many times the source sent it again (same external id): each time updates this row.
  repeat_count     integer NOT NULL DEFAULT 0,
  acknowledged_by  uuid REFERENCES iam.users (id),
  acknowledged_at  timestamptz,
  dismissed_by     uuid REFERENCES iam.users (id),
  dismissed_at     timestamptz,
  dismiss_reason   text,
  incident_id      uuid,
  escalated_at     timestamptz,
  escalated_to     text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  CHECK ((lat IS NULL) = (lon IS NULL)),
  CHECK (status <> 'dismissed' OR (dismiss_reason IS NOT NULL AND dismissed_at IS NOT NULL)),
  CHECK (status <> 'converted' OR incident_id IS NOT NULL),
  CHECK (status = 'new' OR acknowledged_at IS NOT NULL OR status = 'dismissed')
);
CREATE UNIQUE INDEX alerts_external ON ops.alerts (site_id, source, external_id);
-- The inbox: open alerts, most severe then newest.
CREATE INDEX alerts_inbox_idx ON ops.alerts (site_id, severity, received_at DESC) WHERE status IN ('new', 'acknowledged');
CREATE INDEX alerts_received_idx ON ops.alerts (site_id, received_at DESC);
CREATE INDEX alerts_lat_lon_idx ON ops.alerts (lat, lon) WHERE lat IS NOT NULL;
CREATE TRIGGER alerts_touch BEFORE UPDATE ON ops.alerts FOR EACH ROW EXECUTE FUNCTION org.touch_updated_at();

-- Incident numbers per site and year: LHF-2026-00042.
CREATE TABLE ops.incident_counters (
  site_id  uuid NOT NULL REFERENCES org.sites (id),
  year     integer NOT NULL,
  last     integer NOT NULL,
  PRIMARY KEY (site_id, year)
);

CREATE TABLE ops.incidents (
  id               uuid PRIMARY KEY DEFAULT org.uuid_v7(),
  site_id          uuid NOT NULL REFERENCES org.sites (id),
  incident_number  text NOT NULL UNIQUE,
  type             text NOT NULL CHECK (length(type) BETWEEN 1 AND 100),
  category         text NOT NULL CHECK (length(category) BETWEEN 1 AND 100),
  priority         smallint NOT NULL DEFAULT 3 CHECK (priority BETWEEN 1 AND 5),
  status           text NOT NULL DEFAULT 'new'
                   CHECK (status IN ('new', 'assigned', 'en_route', 'on_scene', 'resolved', 'closed', 'cancelled')),
  title            text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 255),
  description      text CHECK (length(description) <= 10000),
  lat              double precision CHECK (lat BETWEEN -90 AND 90),
  lon              double precision CHECK (lon BETWEEN -180 AND 180),
  address          text CHECK (length(address) <= 500),
  agency_id        uuid REFERENCES ops.agencies (id),
  parent_id        uuid REFERENCES ops.incidents (id),
  source_alert_id  uuid REFERENCES ops.alerts (id),
  reported_by      uuid REFERENCES iam.users (id),
  metadata         jsonb NOT NULL DEFAULT '{}',
  assigned_at      timestamptz,
  en_route_at      timestamptz,
  on_scene_at      timestamptz,
  resolved_at      timestamptz,
  closed_at        timestamptz,
  cancelled_at     timestamptz,
  cancel_reason    text,
  version          integer NOT NULL DEFAULT 1,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  CHECK ((lat IS NULL) = (lon IS NULL)),
  CHECK (parent_id IS DISTINCT FROM id),
  CHECK (status <> 'cancelled' OR cancel_reason IS NOT NULL)
);
CREATE UNIQUE INDEX incidents_source_alert ON ops.incidents (source_alert_id) WHERE source_alert_id IS NOT NULL;
CREATE INDEX incidents_open_idx ON ops.incidents (site_id, priority, created_at) WHERE status NOT IN ('closed', 'cancelled');
CREATE INDEX incidents_created_idx ON ops.incidents (site_id, created_at DESC);
CREATE INDEX incidents_lat_lon_idx ON ops.incidents (site_id, lat, lon) WHERE lat IS NOT NULL;
CREATE INDEX incidents_parent_idx ON ops.incidents (parent_id) WHERE parent_id IS NOT NULL;
CREATE INDEX incidents_search_idx ON ops.incidents USING gin ((incident_number || ' ' || title || ' ' || coalesce(description, '')) gin_trgm_ops);
CREATE TRIGGER incidents_touch BEFORE UPDATE ON ops.incidents FOR EACH ROW EXECUTE FUNCTION org.touch_updated_at();
ALTER TABLE ops.alerts ADD FOREIGN KEY (incident_id) REFERENCES ops.incidents (id);

-- The number is given by the database, so two consoles on one database never share one.
CREATE FUNCTION ops.number_incident() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  zone text;
  code text;
  yr integer;
  n integer;
BEGIN
  SELECT time_zone, upper(left(replace(slug, '-', ''), 3)) INTO zone, code FROM org.sites WHERE id = NEW.site_id;
  yr := extract(year FROM NEW.created_at AT TIME ZONE zone);
  INSERT INTO ops.incident_counters (site_id, year, last) VALUES (NEW.site_id, yr, 1)
    ON CONFLICT (site_id, year) DO UPDATE SET last = ops.incident_counters.last + 1
    RETURNING last INTO n;
  NEW.incident_number := code || '-' || yr || '-' || lpad(n::text, 5, '0');
  RETURN NEW;
END $$;
CREATE TRIGGER incidents_number BEFORE INSERT ON ops.incidents
  FOR EACH ROW EXECUTE FUNCTION ops.number_incident();

-- The status machine of core/contract/incidents.ts, mirrored; each transition stamps its time.
CREATE FUNCTION ops.check_incident_transition() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status IS NOT DISTINCT FROM OLD.status THEN
    RETURN NEW;
  END IF;
  IF NOT (OLD.status, NEW.status) IN (
    ('new', 'assigned'), ('new', 'cancelled'),
    ('assigned', 'en_route'), ('assigned', 'new'), ('assigned', 'cancelled'),
    ('en_route', 'on_scene'), ('en_route', 'assigned'), ('en_route', 'cancelled'),
    ('on_scene', 'resolved'), ('on_scene', 'cancelled'),
    ('resolved', 'closed'), ('resolved', 'on_scene')
  ) THEN
    RAISE EXCEPTION 'incident % cannot go from % to %', OLD.incident_number, OLD.status, NEW.status USING ERRCODE = 'check_violation';
  END IF;
  CASE NEW.status
    WHEN 'assigned' THEN NEW.assigned_at := coalesce(NEW.assigned_at, now());
    WHEN 'en_route' THEN NEW.en_route_at := coalesce(NEW.en_route_at, now());
    WHEN 'on_scene' THEN NEW.on_scene_at := coalesce(NEW.on_scene_at, now());
    WHEN 'resolved' THEN NEW.resolved_at := coalesce(NEW.resolved_at, now());
    WHEN 'closed' THEN NEW.closed_at := coalesce(NEW.closed_at, now());
    WHEN 'cancelled' THEN NEW.cancelled_at := coalesce(NEW.cancelled_at, now());
    ELSE NULL;
  END CASE;
  NEW.version := OLD.version + 1;
  RETURN NEW;
END $$;
CREATE TRIGGER incidents_transition BEFORE UPDATE OF status ON ops.incidents
  FOR EACH ROW EXECUTE FUNCTION ops.check_incident_transition();

-- Linked incidents (besides the parent): same event, caused by, duplicate.
CREATE TABLE ops.incident_links (
  incident_id  uuid NOT NULL REFERENCES ops.incidents (id),
  linked_id    uuid NOT NULL REFERENCES ops.incidents (id),
  kind         text NOT NULL DEFAULT 'related' CHECK (kind IN ('related', 'duplicate', 'caused_by')),
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (incident_id, linked_id),
  CHECK (incident_id <> linked_id)
);

-- Resources on incidents; a resource is on at most one incident at a time.
CREATE TABLE ops.incident_resources (
  id           uuid PRIMARY KEY DEFAULT org.uuid_v7(),
  incident_id  uuid NOT NULL REFERENCES ops.incidents (id),
  resource_id  uuid NOT NULL REFERENCES ops.resources (id),
  assigned_by  uuid REFERENCES iam.users (id),
  assigned_at  timestamptz NOT NULL DEFAULT now(),
  released_at  timestamptz,
  -- Distance (m) and the reason the suggestion gave, kept for after-action review.
  distance_m   double precision,
  reason       text
);
CREATE UNIQUE INDEX incident_resources_active ON ops.incident_resources (resource_id) WHERE released_at IS NULL;
CREATE INDEX incident_resources_incident_idx ON ops.incident_resources (incident_id, assigned_at);

-- City operations -----------------------------------------------------------------

-- The Open311 service list: what a request's category may be.
CREATE TABLE city.services (
  id            uuid PRIMARY KEY DEFAULT org.uuid_v7(),
  site_id       uuid NOT NULL REFERENCES org.sites (id),
  service_code  text NOT NULL CHECK (service_code ~ '^[A-Za-z0-9._-]{1,64}$'),
  service_name  text NOT NULL CHECK (length(btrim(service_name)) BETWEEN 1 AND 200),
  description   text,
  service_group text,
  keywords      text[] NOT NULL DEFAULT '{}',
  type          text NOT NULL DEFAULT 'realtime' CHECK (type IN ('realtime', 'batch', 'blackbox')),
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  deleted_at    timestamptz,
  UNIQUE (site_id, service_code)
);
CREATE TRIGGER services_touch BEFORE UPDATE ON city.services FOR EACH ROW EXECUTE FUNCTION org.touch_updated_at();

CREATE TABLE city.service_requests (
  id                  uuid PRIMARY KEY DEFAULT org.uuid_v7(),
  site_id             uuid NOT NULL REFERENCES org.sites (id),
  category            text NOT NULL,
  external_id         text CHECK (length(external_id) BETWEEN 1 AND 100),
  description         text NOT NULL DEFAULT '' CHECK (length(description) <= 10000),
  lat                 double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lon                 double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
  address             text CHECK (length(address) <= 500),
  status              text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'closed')),
  status_notes        text CHECK (length(status_notes) <= 5000),
  priority            smallint NOT NULL DEFAULT 0 CHECK (priority BETWEEN 0 AND 5),
  agency_responsible  text,
  -- The citizen's name, email and phone, encrypted by the application (PII).
  contact_enc         text,
  -- [{ name, mimeType, bytes, url }]: metadata only; files stay where they are.
  attachments         jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(attachments) = 'array'),
  duplicate_of        uuid REFERENCES city.service_requests (id),
  requested_at        timestamptz NOT NULL DEFAULT now(),
  expected_at         timestamptz,
  closed_at           timestamptz,
  version             integer NOT NULL DEFAULT 1,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  deleted_at          timestamptz,
  FOREIGN KEY (site_id, category) REFERENCES city.services (site_id, service_code),
  CHECK (duplicate_of IS DISTINCT FROM id),
  CHECK ((status = 'closed') = (closed_at IS NOT NULL))
);
CREATE UNIQUE INDEX service_requests_external ON city.service_requests (site_id, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX service_requests_status_idx ON city.service_requests (site_id, status, requested_at DESC) WHERE deleted_at IS NULL;
CREATE INDEX service_requests_lat_lon_idx ON city.service_requests (site_id, lat, lon) WHERE deleted_at IS NULL;
-- Duplicate suggestions: same category near here, recently.
CREATE INDEX service_requests_dup_idx ON city.service_requests USING gist (ll_to_earth(lat, lon)) WHERE deleted_at IS NULL;
CREATE INDEX service_requests_search_idx ON city.service_requests USING gin ((coalesce(external_id, '') || ' ' || category || ' ' || description || ' ' || coalesce(address, '')) gin_trgm_ops);
CREATE TRIGGER service_requests_touch BEFORE UPDATE ON city.service_requests FOR EACH ROW EXECUTE FUNCTION org.touch_updated_at();

-- The status machines of core/contract/cases.ts for requests, reports and tickets, mirrored:
-- one function, given the case's name and its allowed 'from>to' pairs as trigger arguments.
CREATE FUNCTION org.check_transition() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status IS DISTINCT FROM OLD.status AND NOT (OLD.status || '>' || NEW.status) = ANY (TG_ARGV[1:TG_NARGS - 1]) THEN
    RAISE EXCEPTION '% cannot go from % to %', TG_ARGV[0], OLD.status, NEW.status USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER service_requests_transition BEFORE UPDATE OF status ON city.service_requests
  FOR EACH ROW EXECUTE FUNCTION org.check_transition('service request', 'open>in_progress', 'open>closed', 'in_progress>open', 'in_progress>closed', 'closed>open');

CREATE TABLE city.public_reports (
  id                   uuid PRIMARY KEY DEFAULT org.uuid_v7(),
  site_id              uuid NOT NULL REFERENCES org.sites (id),
  report_type          text NOT NULL CHECK (report_type IN ('road', 'sewage', 'lighting', 'parks', 'waste', 'water', 'other')),
  title                text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 255),
  description          text NOT NULL CHECK (length(description) <= 10000),
  lat                  double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lon                  double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
  address              text,
  landmark             text,
  status               text NOT NULL DEFAULT 'new'
                       CHECK (status IN ('new', 'under_review', 'assigned', 'in_progress', 'resolved', 'closed', 'rejected')),
  priority             text NOT NULL DEFAULT 'medium' CHECK (priority IN ('low', 'medium', 'high', 'urgent')),
  severity             text CHECK (severity IN ('minor', 'moderate', 'severe', 'critical')),
  assigned_department  text,
  reporter_enc         text,
  duplicate_of         uuid REFERENCES city.public_reports (id),
  is_verified          boolean NOT NULL DEFAULT false,
  resolved_at          timestamptz,
  version              integer NOT NULL DEFAULT 1,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  deleted_at           timestamptz,
  CHECK (duplicate_of IS DISTINCT FROM id)
);
CREATE INDEX public_reports_status_idx ON city.public_reports (site_id, status, created_at DESC) WHERE deleted_at IS NULL;
CREATE INDEX public_reports_lat_lon_idx ON city.public_reports (site_id, lat, lon) WHERE deleted_at IS NULL;
CREATE INDEX public_reports_dup_idx ON city.public_reports USING gist (ll_to_earth(lat, lon)) WHERE deleted_at IS NULL;
CREATE INDEX public_reports_search_idx ON city.public_reports USING gin ((title || ' ' || description || ' ' || coalesce(address, '')) gin_trgm_ops);
CREATE TRIGGER public_reports_touch BEFORE UPDATE ON city.public_reports FOR EACH ROW EXECUTE FUNCTION org.touch_updated_at();

CREATE TRIGGER public_reports_transition BEFORE UPDATE OF status ON city.public_reports
  FOR EACH ROW EXECUTE FUNCTION org.check_transition('public report', 'new>under_review', 'new>rejected', 'under_review>assigned', 'under_review>rejected', 'assigned>in_progress', 'in_progress>resolved', 'resolved>closed', 'resolved>in_progress');

CREATE TABLE city.announcements (
  id           uuid PRIMARY KEY DEFAULT org.uuid_v7(),
  site_id      uuid NOT NULL REFERENCES org.sites (id),
  title        text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 255),
  description  text NOT NULL DEFAULT '' CHECK (length(description) <= 10000),
  type         text NOT NULL CHECK (type IN ('road_closure', 'maintenance', 'warning', 'information', 'emergency')),
  severity     text NOT NULL DEFAULT 'info' CHECK (severity IN ('info', 'warning', 'critical')),
  area_type    text NOT NULL CHECK (area_type IN ('point', 'circle', 'polygon')),
  center_lat   double precision CHECK (center_lat BETWEEN -90 AND 90),
  center_lon   double precision CHECK (center_lon BETWEEN -180 AND 180),
  radius_m     double precision,
  -- [[lon, lat], ...], closed ring not repeated; checked for self-intersection in core.
  polygon      jsonb,
  -- The area's bounding box, for viewport queries.
  min_lat      double precision NOT NULL,
  min_lon      double precision NOT NULL,
  max_lat      double precision NOT NULL,
  max_lon      double precision NOT NULL,
  starts_at    timestamptz NOT NULL,
  ends_at      timestamptz,
  status       text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'withdrawn')),
  published_at timestamptz,
  created_by   uuid REFERENCES iam.users (id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  deleted_at   timestamptz,
  CHECK (ends_at IS NULL OR ends_at > starts_at),
  CHECK (area_type = 'polygon' OR (center_lat IS NOT NULL AND center_lon IS NOT NULL)),
  CHECK ((area_type = 'circle') = (radius_m IS NOT NULL)),
  CHECK (radius_m IS NULL OR radius_m > 0),
  CHECK ((area_type = 'polygon') = (polygon IS NOT NULL)),
  CHECK (polygon IS NULL OR (jsonb_typeof(polygon) = 'array' AND jsonb_array_length(polygon) >= 3)),
  CHECK ((status = 'published') = (published_at IS NOT NULL) OR status = 'withdrawn')
);
CREATE INDEX announcements_active_idx ON city.announcements (site_id, starts_at, ends_at) WHERE status = 'published' AND deleted_at IS NULL;
CREATE TRIGGER announcements_touch BEFORE UPDATE ON city.announcements FOR EACH ROW EXECUTE FUNCTION org.touch_updated_at();

CREATE TABLE city.assets (
  id          uuid PRIMARY KEY DEFAULT org.uuid_v7(),
  site_id     uuid NOT NULL REFERENCES org.sites (id),
  type        text NOT NULL CHECK (type IN ('park', 'vehicle', 'sensor', 'facility')),
  name        text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  lat         double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lon         double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
  vehicle_id  uuid REFERENCES fleet.vehicles (id),
  sensor_id   uuid REFERENCES fleet.sensors (id),
  metadata    jsonb NOT NULL DEFAULT '{}',
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  deleted_at  timestamptz
);
CREATE INDEX assets_site_idx ON city.assets (site_id, type) WHERE deleted_at IS NULL;
CREATE TRIGGER assets_touch BEFORE UPDATE ON city.assets FOR EACH ROW EXECUTE FUNCTION org.touch_updated_at();

-- Maintenance and support tickets (Nibble), optionally about a vehicle, an asset or a case.
CREATE TABLE ops.tickets (
  id                  uuid PRIMARY KEY DEFAULT org.uuid_v7(),
  site_id             uuid NOT NULL REFERENCES org.sites (id),
  kind                text NOT NULL DEFAULT 'maintenance' CHECK (kind IN ('maintenance', 'support')),
  subject             text NOT NULL CHECK (length(btrim(subject)) BETWEEN 1 AND 255),
  description         text NOT NULL CHECK (length(description) <= 10000),
  status              text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'resolved', 'closed')),
  priority            text NOT NULL DEFAULT 'medium' CHECK (priority IN ('low', 'medium', 'high', 'urgent')),
  assignee_id         uuid REFERENCES iam.users (id),
  resolution_notes    text,
  vehicle_id          uuid REFERENCES fleet.vehicles (id),
  asset_id            uuid REFERENCES city.assets (id),
  incident_id         uuid REFERENCES ops.incidents (id),
  service_request_id  uuid REFERENCES city.service_requests (id),
  report_id           uuid REFERENCES city.public_reports (id),
  created_by          uuid REFERENCES iam.users (id),
  resolved_at         timestamptz,
  closed_at           timestamptz,
  version             integer NOT NULL DEFAULT 1,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  deleted_at          timestamptz,
  CHECK (status NOT IN ('resolved', 'closed') OR resolution_notes IS NOT NULL)
);
CREATE INDEX tickets_open_idx ON ops.tickets (site_id, status, priority, created_at) WHERE deleted_at IS NULL;
CREATE INDEX tickets_vehicle_idx ON ops.tickets (vehicle_id) WHERE vehicle_id IS NOT NULL;
CREATE INDEX tickets_search_idx ON ops.tickets USING gin ((subject || ' ' || description) gin_trgm_ops);
CREATE TRIGGER tickets_touch BEFORE UPDATE ON ops.tickets FOR EACH ROW EXECUTE FUNCTION org.touch_updated_at();

CREATE TRIGGER tickets_transition BEFORE UPDATE OF status ON ops.tickets
  FOR EACH ROW EXECUTE FUNCTION org.check_transition('ticket', 'open>in_progress', 'open>resolved', 'open>closed', 'in_progress>open', 'in_progress>resolved', 'resolved>closed', 'resolved>in_progress');

-- One timeline per case (incident, service request, public report, ticket): status
-- changes, assignments, links and comments. Comments are public or internal; internal
-- entries are never shown or exported where public ones are. Append-only.
CREATE TABLE ops.case_events (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_type           text NOT NULL CHECK (case_type IN ('incident', 'service_request', 'report', 'ticket')),
  incident_id         uuid REFERENCES ops.incidents (id),
  service_request_id  uuid REFERENCES city.service_requests (id),
  report_id           uuid REFERENCES city.public_reports (id),
  ticket_id           uuid REFERENCES ops.tickets (id),
  kind                text NOT NULL CHECK (kind IN ('created', 'status', 'assignment', 'released', 'comment', 'link', 'priority', 'imported')),
  visibility          text NOT NULL DEFAULT 'internal' CHECK (visibility IN ('public', 'internal')),
  body                text CHECK (length(body) <= 10000),
  details             jsonb NOT NULL DEFAULT '{}',
  actor_id            uuid REFERENCES iam.users (id),
  created_at          timestamptz NOT NULL DEFAULT now(),
  CHECK (num_nonnulls(incident_id, service_request_id, report_id, ticket_id) = 1),
  CHECK (CASE case_type WHEN 'incident' THEN incident_id WHEN 'service_request' THEN service_request_id
         WHEN 'report' THEN report_id ELSE ticket_id END IS NOT NULL),
  CHECK (kind <> 'comment' OR length(btrim(body)) > 0)
);
CREATE INDEX case_events_incident_idx ON ops.case_events (incident_id, id) WHERE incident_id IS NOT NULL;
CREATE INDEX case_events_request_idx ON ops.case_events (service_request_id, id) WHERE service_request_id IS NOT NULL;
CREATE INDEX case_events_report_idx ON ops.case_events (report_id, id) WHERE report_id IS NOT NULL;
CREATE INDEX case_events_ticket_idx ON ops.case_events (ticket_id, id) WHERE ticket_id IS NOT NULL;
CREATE FUNCTION ops.refuse_case_event_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'case timelines are append-only' USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER case_events_append_only BEFORE UPDATE OR DELETE ON ops.case_events
  FOR EACH ROW EXECUTE FUNCTION ops.refuse_case_event_change();

-- Escalation: an unacknowledged severe alert goes to a wider role after this long.
ALTER TABLE org.sites ADD COLUMN alert_escalation_s integer NOT NULL DEFAULT 120 CHECK (alert_escalation_s BETWEEN 10 AND 86400);
