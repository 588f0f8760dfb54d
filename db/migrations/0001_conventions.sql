-- Conventions shared by every module (see DESIGN.md, Data conventions).

CREATE SCHEMA IF NOT EXISTS iam;
CREATE SCHEMA IF NOT EXISTS org;
CREATE SCHEMA IF NOT EXISTS fleet;
CREATE SCHEMA IF NOT EXISTS ops;
CREATE SCHEMA IF NOT EXISTS city;
CREATE SCHEMA IF NOT EXISTS audit;
CREATE SCHEMA IF NOT EXISTS ingest;

-- Distance and radius queries without PostGIS: both engines ship these.
CREATE EXTENSION IF NOT EXISTS cube;
CREATE EXTENSION IF NOT EXISTS earthdistance;
-- Fuzzy text search on boards.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Time-ordered UUID v7 (RFC 9562), in plain SQL so it runs on PostgreSQL 15
-- (which has no uuidv7()) and on PGlite alike: 48 bits of Unix milliseconds,
-- version and variant bits, and random bits from gen_random_uuid().
CREATE OR REPLACE FUNCTION org.uuid_v7(at timestamptz DEFAULT clock_timestamp())
RETURNS uuid
LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
  SELECT encode(
    set_bit(set_bit(
      overlay(uuid_send(gen_random_uuid())
              PLACING substring(int8send((extract(epoch FROM at) * 1000)::bigint) FROM 3)
              FROM 1 FOR 6),
      52, 1), 53, 1),
    'hex')::uuid
$$;

-- Keeps updated_at honest whatever path wrote the row.
CREATE OR REPLACE FUNCTION org.touch_updated_at()
RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END
$$;
