-- Input that makes sense.
-- A site's radius: cases (incidents, service requests) placed further than this from the
-- site's point ask the person entering them to confirm the place.
ALTER TABLE org.sites ADD COLUMN radius_km double precision NOT NULL DEFAULT 10 CHECK (radius_km > 0 AND radius_km <= 20000);

-- Incident categories come from a list (core/contract/input-rules.ts). Checked for new and
-- changed rows; incidents recorded before keep what they had.
ALTER TABLE ops.incidents ADD CONSTRAINT incidents_category_listed
  CHECK (category IN ('medical', 'fall', 'fire', 'security', 'wandering', 'care', 'technical', 'vehicle', 'facility', 'environment', 'other')) NOT VALID;
