-- Alerts that mean something. An alert the console raises itself (a vehicle's error, a
-- battery, a sensor rule) belongs to one condition at one source (condition_key): while
-- its alert is open, or shortly after it cleared, the condition coming back updates that
-- alert (repeat_count, last_seen_at) instead of adding another, and the alert clears
-- itself when the condition clears (status 'auto_resolved', done by the console). An
-- external system may clear its own alert the same way. received_at stays the first
-- arrival; escalation counts from the latest (re)opening.
ALTER TABLE ops.alerts ADD COLUMN condition_key text CHECK (length(condition_key) BETWEEN 1 AND 300);
ALTER TABLE ops.alerts ADD COLUMN last_seen_at timestamptz;
ALTER TABLE ops.alerts ADD COLUMN reopened_at timestamptz;
ALTER TABLE ops.alerts ADD COLUMN resolved_at timestamptz;
ALTER TABLE ops.alerts ADD COLUMN resolve_reason text CHECK (length(resolve_reason) <= 500);

-- The status list and "handled means acknowledged" both learn the new status; the
-- constraints were created unnamed, so they are found by what they say.
DO $$
DECLARE c record;
BEGIN
  FOR c IN SELECT conname FROM pg_constraint
           WHERE conrelid = 'ops.alerts'::regclass AND contype = 'c'
             AND (pg_get_constraintdef(oid) LIKE '%acknowledged_at IS NOT NULL%'
                  OR (pg_get_constraintdef(oid) LIKE '%status%' AND pg_get_constraintdef(oid) LIKE '%converted%' AND pg_get_constraintdef(oid) LIKE '%dismissed%'
                      AND pg_get_constraintdef(oid) NOT LIKE '%incident_id%' AND pg_get_constraintdef(oid) NOT LIKE '%dismiss_reason%'))
  LOOP
    EXECUTE format('ALTER TABLE ops.alerts DROP CONSTRAINT %I', c.conname);
  END LOOP;
END $$;
ALTER TABLE ops.alerts ADD CONSTRAINT alerts_status_known
  CHECK (status IN ('new', 'acknowledged', 'converted', 'dismissed', 'auto_resolved'));
ALTER TABLE ops.alerts ADD CONSTRAINT alerts_handled_acknowledged
  CHECK (status IN ('new', 'dismissed', 'auto_resolved') OR acknowledged_at IS NOT NULL);
ALTER TABLE ops.alerts ADD CONSTRAINT alerts_resolved_when
  CHECK (status <> 'auto_resolved' OR (resolved_at IS NOT NULL AND resolve_reason IS NOT NULL));

-- One open alert per condition; finding a condition's latest alert is an index look-up.
CREATE UNIQUE INDEX alerts_open_condition ON ops.alerts (site_id, source, condition_key)
  WHERE condition_key IS NOT NULL AND status IN ('new', 'acknowledged');
CREATE INDEX alerts_condition_idx ON ops.alerts (site_id, source, condition_key, received_at DESC)
  WHERE condition_key IS NOT NULL;
