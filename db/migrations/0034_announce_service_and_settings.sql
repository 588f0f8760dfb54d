-- Every mutation is seen on another console (issue 13). These tables were left out of the change
-- stream because the view that shows them polled, or read them when it opened, so another
-- console's open view kept showing what it had read. They are announced like the rest.

-- A vehicle's commands and maintenance log: the vehicle service view, by vehicle.
SELECT events.watch('fleet.vehicle_commands', 'vehicle_service', 'vehicle_id');
SELECT events.watch('fleet.vehicle_logs', 'vehicle_service', 'vehicle_id');

-- Settings › Retention: the periods kept and the archive schedule (with its last run).
SELECT events.watch('org.retention_rules', 'retention', 'id', 'site_id');
SELECT events.watch('org.archive_schedule', 'retention', 'id');

-- Settings › Backups: the schedule and the history of runs.
SELECT events.watch('org.backup_schedule', 'backup', 'id');
SELECT events.watch('org.backups', 'backup', 'id');

-- Audit entries moved out to an archive file (the audit view's first entry changes).
SELECT events.watch('audit.archived_segments', 'audit_archive', 'last_seq');

-- A sign-in or sign-out changes who is present: a session started or ended (not each use of it).
SELECT events.watch('iam.sessions', 'presence', 'user_id', '', NULL, 'ended_at');
