-- A duty lease renewal (every 2 s per console) and a presence heartbeat (every 20 s) set the
-- watched columns to the values they already hold. An UPDATE OF trigger fires whenever a
-- column is in the SET list, changed or not, so every renewal was announced: three `duty`
-- changes every 2 s, each making every console read the presence list again. Now only a new
-- holder, or a new view, case or editing state, is announced; inserts and deletes as before.
DROP TRIGGER announce_duty_duty ON events.duties;
CREATE TRIGGER announce_duty_duty AFTER INSERT OR DELETE ON events.duties
  FOR EACH ROW EXECUTE FUNCTION events.announce('duty', 'duty', '');
CREATE TRIGGER announce_duty_duty_holder AFTER UPDATE OF holder ON events.duties
  FOR EACH ROW WHEN (OLD.holder IS DISTINCT FROM NEW.holder) EXECUTE FUNCTION events.announce('duty', 'duty', '');

DROP TRIGGER announce_presence_user_id ON events.presence;
CREATE TRIGGER announce_presence_user_id AFTER INSERT OR DELETE ON events.presence
  FOR EACH ROW EXECUTE FUNCTION events.announce('presence', 'user_id', '');
CREATE TRIGGER announce_presence_user_id_view AFTER UPDATE OF view, case_type, case_id, editing ON events.presence
  FOR EACH ROW WHEN ((OLD.view, OLD.case_type, OLD.case_id, OLD.editing) IS DISTINCT FROM (NEW.view, NEW.case_type, NEW.case_id, NEW.editing))
  EXECUTE FUNCTION events.announce('presence', 'user_id', '');
