-- Sites set up from the console (issue 15 items 1-3, 9): floor plans and their georeference, users limited to sites, the site each user last chose.

-- A map's floor plan: the frame is the plan's own (x right, y up from its bottom-left corner, in
-- metres = pixels × metres_per_pixel). A plan placed by three or more control points may stretch a
-- little: frame_matrix holds frame → east/north as {a, b, c, d}; null means a pure rotation.
ALTER TABLE org.site_maps
  ADD COLUMN plan_mime        text CHECK (plan_mime IN ('image/png', 'image/jpeg')),
  ADD COLUMN plan_width       integer CHECK (plan_width BETWEEN 1 AND 20000),
  ADD COLUMN plan_height      integer CHECK (plan_height BETWEEN 1 AND 20000),
  ADD COLUMN metres_per_pixel double precision CHECK (metres_per_pixel > 0 AND metres_per_pixel < 1000),
  ADD COLUMN frame_matrix     double precision[] CHECK (frame_matrix IS NULL OR cardinality(frame_matrix) = 4),
  -- How the plan was placed: the control points and the residuals, or the typed values.
  ADD COLUMN placement        jsonb,
  ADD CONSTRAINT site_maps_plan_whole CHECK ((plan_mime IS NULL) = (plan_width IS NULL) AND (plan_mime IS NULL) = (plan_height IS NULL));

-- The image itself, apart, so listing maps never reads megabytes.
CREATE TABLE org.map_plans (
  site_map_id  uuid PRIMARY KEY REFERENCES org.site_maps (id),
  image        bytea NOT NULL CHECK (octet_length(image) BETWEEN 8 AND 20971520),
  created_at   timestamptz NOT NULL DEFAULT now()
);

-- A user limited to some sites: no row means every site. The central database enforces it
-- (control-room issue); core filters and refuses by it.
CREATE TABLE iam.user_sites (
  user_id  uuid NOT NULL REFERENCES iam.users (id),
  site_id  uuid NOT NULL REFERENCES org.sites (id),
  PRIMARY KEY (user_id, site_id)
);
CREATE INDEX user_sites_site_idx ON iam.user_sites (site_id);

-- The site each user last chose in the top bar, remembered across sign-ins.
CREATE TABLE iam.user_site_choice (
  user_id     uuid PRIMARY KEY REFERENCES iam.users (id),
  site_id     uuid NOT NULL REFERENCES org.sites (id),
  chosen_at   timestamptz NOT NULL DEFAULT now()
);

SELECT events.watch('iam.user_sites', 'user', 'user_id');

-- The demo site migration 0002 seeds on every database: first-run setup does not count it as the
-- administrator's own, and the site switcher opens on a site of their own once there is one.
ALTER TABLE org.sites ADD COLUMN seeded boolean NOT NULL DEFAULT false;
UPDATE org.sites SET seeded = true WHERE slug = 'lindenhof';
