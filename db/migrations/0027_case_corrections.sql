-- Issue 15 item 8: cases can be corrected. A mission's priority change and a case's corrected
-- title, category or location go on their timelines.
ALTER TABLE fleet.mission_events DROP CONSTRAINT mission_events_event_type_check;
ALTER TABLE fleet.mission_events ADD CONSTRAINT mission_events_event_type_check CHECK (event_type IN (
  'created', 'assigned', 'started', 'pickup_arrived', 'pickup_completed', 'in_transit', 'dropoff_arrived',
  'dropoff_completed', 'completed', 'cancelled', 'failed', 'paused', 'resumed', 'at_risk', 'reassigned', 'suggested', 'recovered',
  'priority', 'corrected'));
ALTER TABLE ops.case_events DROP CONSTRAINT case_events_kind_check;
ALTER TABLE ops.case_events ADD CONSTRAINT case_events_kind_check CHECK (
  kind IN ('created', 'status', 'assignment', 'released', 'comment', 'link', 'priority', 'imported', 'corrected'));
