-- Missions: wheelchair transports from request to drop-off (TVM, seeds sections 4.1, 4.3, 4.4).

-- A site map's path graph: where vehicles may drive, and its named places (rooms,
-- entrances, docks, chargers) that missions start and end at.
CREATE TABLE org.map_nodes (
  site_map_id  uuid NOT NULL REFERENCES org.site_maps (id),
  node_id      text NOT NULL CHECK (length(node_id) BETWEEN 1 AND 200),
  x            double precision NOT NULL,
  y            double precision NOT NULL,
  lat          double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lon          double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
  name         text,
  kind         text NOT NULL DEFAULT 'junction' CHECK (kind IN ('junction', 'room', 'entrance', 'dock', 'charger')),
  PRIMARY KEY (site_map_id, node_id),
  -- A place has a name; a junction need not.
  CHECK (kind = 'junction' OR name IS NOT NULL)
);
CREATE TABLE org.map_edges (
  site_map_id  uuid NOT NULL,
  from_node    text NOT NULL,
  to_node      text NOT NULL,
  PRIMARY KEY (site_map_id, from_node, to_node),
  FOREIGN KEY (site_map_id, from_node) REFERENCES org.map_nodes (site_map_id, node_id),
  FOREIGN KEY (site_map_id, to_node) REFERENCES org.map_nodes (site_map_id, node_id),
  CHECK (from_node <> to_node)
);

CREATE TABLE fleet.residents (
  id                       uuid PRIMARY KEY DEFAULT org.uuid_v7(),
  site_id                  uuid NOT NULL REFERENCES org.sites (id),
  first_name               text NOT NULL CHECK (length(first_name) BETWEEN 1 AND 100),
  last_name                text NOT NULL CHECK (length(last_name) BETWEEN 1 AND 100),
  date_of_birth            date NOT NULL,
  wheelchair_type          text NOT NULL CHECK (wheelchair_type IN ('manual', 'powered', 'transport_chair')),
  requires_assistance      boolean NOT NULL DEFAULT false,
  preferred_language       text NOT NULL DEFAULT 'en' CHECK (preferred_language ~ '^[a-z]{2}(-[A-Z]{2})?$'),
  emergency_contact_name   text,
  emergency_contact_phone  text,
  -- Encrypted by the application (AES-GCM, key outside the database); never stored in clear.
  medical_notes_enc        text,
  gdpr_consent             boolean NOT NULL DEFAULT false,
  gdpr_consent_at          timestamptz,
  created_at               timestamptz NOT NULL DEFAULT now(),
  updated_at               timestamptz NOT NULL DEFAULT now(),
  deleted_at               timestamptz,
  CHECK (gdpr_consent = (gdpr_consent_at IS NOT NULL))
);
CREATE INDEX residents_site_name_idx ON fleet.residents (site_id, last_name, first_name) WHERE deleted_at IS NULL;
CREATE TRIGGER residents_touch BEFORE UPDATE ON fleet.residents
  FOR EACH ROW EXECUTE FUNCTION org.touch_updated_at();

CREATE TABLE fleet.missions (
  id              uuid PRIMARY KEY DEFAULT org.uuid_v7(),
  site_id         uuid NOT NULL REFERENCES org.sites (id),
  site_map_id     uuid NOT NULL REFERENCES org.site_maps (id),
  resident_id     uuid NOT NULL REFERENCES fleet.residents (id),
  vehicle_id      uuid REFERENCES fleet.vehicles (id),
  created_by      uuid REFERENCES iam.users (id),
  pickup_node     text NOT NULL,
  dropoff_node    text NOT NULL,
  priority        text NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
  status          text NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'assigned', 'in_progress', 'completed', 'cancelled', 'failed')),
  -- Null: as soon as possible.
  scheduled_at    timestamptz,
  assigned_at     timestamptz,
  started_at      timestamptz,
  picked_up_at    timestamptz,
  completed_at    timestamptz,
  notes           text CHECK (length(notes) <= 2000),
  failure_reason  text,
  -- Why the mission needs an operator (vehicle error, connection lost); null when it does not.
  at_risk         text,
  order_id        text,
  version         integer NOT NULL DEFAULT 1,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  deleted_at      timestamptz,
  FOREIGN KEY (site_map_id, pickup_node) REFERENCES org.map_nodes (site_map_id, node_id),
  FOREIGN KEY (site_map_id, dropoff_node) REFERENCES org.map_nodes (site_map_id, node_id),
  CHECK (pickup_node <> dropoff_node),
  CHECK ((status = 'pending') = (vehicle_id IS NULL) OR status IN ('cancelled', 'failed')),
  CHECK (status <> 'failed' OR failure_reason IS NOT NULL)
);
-- One vehicle, one active mission: the database settles a race between two operators.
CREATE UNIQUE INDEX missions_one_per_vehicle ON fleet.missions (vehicle_id) WHERE status IN ('assigned', 'in_progress');
-- The active queue (seeds' query 1): urgent first, then oldest.
CREATE INDEX missions_active_idx ON fleet.missions (site_id, status, priority, created_at) WHERE status IN ('pending', 'assigned', 'in_progress') AND deleted_at IS NULL;
CREATE INDEX missions_due_idx ON fleet.missions (scheduled_at) WHERE status = 'pending';
CREATE INDEX missions_resident_idx ON fleet.missions (resident_id, created_at DESC);
CREATE INDEX missions_vehicle_idx ON fleet.missions (vehicle_id, created_at DESC);
CREATE INDEX missions_created_idx ON fleet.missions (site_id, created_at DESC);
CREATE TRIGGER missions_touch BEFORE UPDATE ON fleet.missions
  FOR EACH ROW EXECUTE FUNCTION org.touch_updated_at();

-- The status machine of core/missions/status.ts, mirrored: an illegal change is refused here too.
CREATE FUNCTION fleet.check_mission_transition() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status IS DISTINCT FROM OLD.status AND NOT (OLD.status, NEW.status) IN (
    ('pending', 'assigned'), ('pending', 'cancelled'), ('pending', 'failed'),
    ('assigned', 'in_progress'), ('assigned', 'pending'), ('assigned', 'cancelled'), ('assigned', 'failed'),
    ('in_progress', 'completed'), ('in_progress', 'assigned'), ('in_progress', 'cancelled'), ('in_progress', 'failed')
  ) THEN
    RAISE EXCEPTION 'mission % cannot go from % to %', OLD.id, OLD.status, NEW.status USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER missions_transition BEFORE UPDATE OF status ON fleet.missions
  FOR EACH ROW EXECUTE FUNCTION fleet.check_mission_transition();

-- Append-only timeline.
CREATE TABLE fleet.mission_events (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  mission_id  uuid NOT NULL REFERENCES fleet.missions (id),
  vehicle_id  uuid REFERENCES fleet.vehicles (id),
  event_type  text NOT NULL CHECK (event_type IN ('created', 'assigned', 'started', 'pickup_arrived', 'pickup_completed',
                'in_transit', 'dropoff_arrived', 'dropoff_completed', 'completed', 'cancelled', 'failed',
                'paused', 'resumed', 'at_risk', 'reassigned', 'suggested')),
  details     jsonb NOT NULL DEFAULT '{}',
  actor_id    uuid REFERENCES iam.users (id),
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX mission_events_mission_idx ON fleet.mission_events (mission_id, id);
CREATE FUNCTION fleet.refuse_event_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'mission events are append-only' USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER mission_events_append_only BEFORE UPDATE OR DELETE ON fleet.mission_events
  FOR EACH ROW EXECUTE FUNCTION fleet.refuse_event_change();

-- Auto-dispatch, per site.
ALTER TABLE org.sites ADD COLUMN auto_dispatch boolean NOT NULL DEFAULT false;
