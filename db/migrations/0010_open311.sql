-- Open311 GeoReport v2 in and out whole.

-- A request may carry only an address (the specification allows it): no point until
-- someone places it. A point is both coordinates or neither.
ALTER TABLE city.service_requests ALTER COLUMN lat DROP NOT NULL;
ALTER TABLE city.service_requests ALTER COLUMN lon DROP NOT NULL;
ALTER TABLE city.service_requests ADD CONSTRAINT service_requests_point CHECK ((lat IS NULL) = (lon IS NULL));

-- Fields the console had no place for.
ALTER TABLE city.service_requests ADD COLUMN address_id text CHECK (length(address_id) <= 200);
ALTER TABLE city.service_requests ADD COLUMN zipcode text CHECK (length(zipcode) <= 50);

-- How the source wrote what the typed columns cannot tell apart: each datetime with its
-- offset, null versus empty text, a number versus text. Export uses a written form only
-- while it still says what the column says.
ALTER TABLE city.service_requests ADD COLUMN open311 jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(open311) = 'object');

-- A service's metadata flag, its keywords exactly as written, and its service definition
-- (the attributes array; null when none was ever given).
ALTER TABLE city.services ADD COLUMN metadata boolean NOT NULL DEFAULT false;
ALTER TABLE city.services ADD COLUMN keywords_text text CHECK (length(keywords_text) <= 2000);
ALTER TABLE city.services ADD COLUMN attributes jsonb CHECK (attributes IS NULL OR jsonb_typeof(attributes) = 'array');
