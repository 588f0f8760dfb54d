-- VDA 5050 2.0 conformance: each vehicle's factsheet as it sent it, the information
-- entries of its state beside its errors, and a mission timeline entry for a vehicle
-- that came back still running the mission's order.
ALTER TABLE fleet.vehicles
  ADD COLUMN factsheet    jsonb CHECK (factsheet IS NULL OR jsonb_typeof(factsheet) = 'object'),
  ADD COLUMN factsheet_at timestamptz,
  ADD COLUMN information  jsonb NOT NULL DEFAULT '[]',
  ADD CONSTRAINT vehicles_factsheet_at_check CHECK ((factsheet IS NULL) = (factsheet_at IS NULL));

ALTER TABLE fleet.mission_events DROP CONSTRAINT mission_events_event_type_check;
ALTER TABLE fleet.mission_events ADD CONSTRAINT mission_events_event_type_check CHECK (event_type IN (
  'created', 'assigned', 'started', 'pickup_arrived', 'pickup_completed', 'in_transit', 'dropoff_arrived',
  'dropoff_completed', 'completed', 'cancelled', 'failed', 'paused', 'resumed', 'at_risk', 'reassigned', 'suggested', 'recovered'));
