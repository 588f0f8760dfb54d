-- Identity and permissions: who may do what (TVM users/roles/permissions, ERIOP lockout fields).

CREATE TABLE iam.users (
  id               uuid PRIMARY KEY DEFAULT org.uuid_v7(),
  email            text NOT NULL CHECK (email ~ '^[^@\s]+@[^@\s]+$' AND length(email) <= 254),
  display_name     text NOT NULL CHECK (length(btrim(display_name)) BETWEEN 1 AND 200),
  password_hash    text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
  status           text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive', 'locked', 'pending')),
  failed_attempts  integer NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
  locked_until     timestamptz,
  last_login_at    timestamptz,
  -- TOTP secret, AES-256-GCM encrypted with a key kept outside the database.
  totp_secret_enc  text,
  totp_enabled     boolean NOT NULL DEFAULT false,
  -- The 30-second step of the last code accepted: a code is good once (RFC 6238, section 5.2).
  totp_last_step   bigint,
  is_demo          boolean NOT NULL DEFAULT false,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  deleted_at       timestamptz,
  CHECK (NOT totp_enabled OR totp_secret_enc IS NOT NULL),
  CHECK (status <> 'locked' OR locked_until IS NOT NULL)
);
CREATE UNIQUE INDEX users_email_key ON iam.users (lower(email)) WHERE deleted_at IS NULL;
CREATE TRIGGER users_touch BEFORE UPDATE ON iam.users FOR EACH ROW EXECUTE FUNCTION org.touch_updated_at();

CREATE TABLE iam.roles (
  id           uuid PRIMARY KEY DEFAULT org.uuid_v7(),
  name         text NOT NULL UNIQUE CHECK (name ~ '^[a-z][a-z_]{1,40}$'),
  description  text NOT NULL,
  builtin      boolean NOT NULL DEFAULT false,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER roles_touch BEFORE UPDATE ON iam.roles FOR EACH ROW EXECUTE FUNCTION org.touch_updated_at();

CREATE TABLE iam.permissions (
  id           uuid PRIMARY KEY DEFAULT org.uuid_v7(),
  key          text NOT NULL UNIQUE CHECK (key ~ '^[a-z_]+:[a-z_]+$'),
  description  text NOT NULL
);

CREATE TABLE iam.role_permissions (
  role_id        uuid NOT NULL REFERENCES iam.roles (id) ON DELETE CASCADE,
  permission_id  uuid NOT NULL REFERENCES iam.permissions (id) ON DELETE CASCADE,
  PRIMARY KEY (role_id, permission_id)
);

CREATE TABLE iam.user_roles (
  user_id     uuid NOT NULL REFERENCES iam.users (id),
  role_id     uuid NOT NULL REFERENCES iam.roles (id),
  granted_by  uuid REFERENCES iam.users (id),
  granted_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, role_id)
);
CREATE INDEX user_roles_role_idx ON iam.user_roles (role_id);

CREATE TABLE iam.sessions (
  id            uuid PRIMARY KEY DEFAULT org.uuid_v7(),
  user_id       uuid NOT NULL REFERENCES iam.users (id),
  -- SHA-256 of the bearer token; the token itself is never stored.
  token_hash    text NOT NULL UNIQUE CHECK (length(token_hash) = 64),
  transport     text NOT NULL CHECK (transport IN ('ipc', 'ws', 'direct')),
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_seen_at  timestamptz NOT NULL DEFAULT now(),
  ended_at      timestamptz,
  end_reason    text CHECK (end_reason IN ('logout', 'expired', 'disabled', 'password_reset'))
);
CREATE INDEX sessions_user_idx ON iam.sessions (user_id) WHERE ended_at IS NULL;

INSERT INTO iam.permissions (key, description) VALUES
  ('system:read', 'See the console status'),
  ('org:read', 'See sites and their maps'),
  ('org:manage', 'Change sites and maps'),
  ('iam:read', 'See users and roles'),
  ('iam:manage', 'Create, disable and reset users, and assign roles'),
  ('audit:read', 'Read the audit log and its chain status'),
  ('audit:export', 'Export the audit log'),
  ('fleet:read', 'See vehicles, sensors and telemetry'),
  ('fleet:command', 'Send orders and instant actions to vehicles'),
  ('fleet:manage', 'Register and configure vehicles and sensors'),
  ('missions:read', 'See missions'),
  ('missions:create', 'Request transports'),
  ('missions:dispatch', 'Assign, pause, cancel and reassign missions'),
  ('residents:read', 'See residents without personal details'),
  ('residents:read_pii', 'See residents'' personal and medical details'),
  ('residents:manage', 'Create and edit residents'),
  ('incidents:read', 'See alerts and incidents'),
  ('incidents:manage', 'Acknowledge alerts and run incidents'),
  ('city:read', 'See service requests, reports, announcements and assets'),
  ('city:manage', 'Handle service requests, reports and announcements'),
  ('tickets:read', 'See maintenance and support tickets'),
  ('tickets:manage', 'Handle maintenance and support tickets'),
  ('settings:manage', 'Change broker, site and system settings');

INSERT INTO iam.roles (name, description, builtin) VALUES
  ('admin', 'Everything, including users, roles and settings', true),
  ('operator', 'Runs the control room: fleet, missions, incidents, city', true),
  ('dispatcher', 'Dispatches missions and incidents', true),
  ('nurse', 'Requests transports and sees residents'' care details', true),
  ('caregiver', 'Requests transports for residents', true),
  ('maintenance', 'Looks after vehicles and tickets', true),
  ('viewer', 'Reads everything except personal details and users', true);

INSERT INTO iam.role_permissions (role_id, permission_id)
SELECT r.id, p.id FROM iam.roles r JOIN iam.permissions p ON CASE r.name
  WHEN 'admin' THEN true
  WHEN 'operator' THEN p.key IN ('system:read', 'org:read', 'audit:read', 'fleet:read', 'fleet:command', 'missions:read',
    'missions:create', 'missions:dispatch', 'residents:read', 'incidents:read', 'incidents:manage', 'city:read',
    'city:manage', 'tickets:read', 'tickets:manage')
  WHEN 'dispatcher' THEN p.key IN ('system:read', 'org:read', 'fleet:read', 'missions:read', 'missions:create',
    'missions:dispatch', 'residents:read', 'incidents:read', 'incidents:manage', 'city:read')
  WHEN 'nurse' THEN p.key IN ('system:read', 'org:read', 'fleet:read', 'missions:read', 'missions:create',
    'residents:read', 'residents:read_pii', 'residents:manage')
  WHEN 'caregiver' THEN p.key IN ('system:read', 'org:read', 'missions:read', 'missions:create', 'residents:read')
  WHEN 'maintenance' THEN p.key IN ('system:read', 'org:read', 'fleet:read', 'fleet:command', 'fleet:manage',
    'tickets:read', 'tickets:manage')
  WHEN 'viewer' THEN p.key IN ('system:read', 'org:read', 'audit:read', 'fleet:read', 'missions:read', 'residents:read',
    'incidents:read', 'city:read', 'tickets:read')
END;
