// "Replay around this": the span around an incident, a mission, an alert or an audit entry.
import type { Queryable } from '../../db/index.js';
import { REPLAY_MAX_SPAN_MS } from '../contract/index.js';
import { DomainError } from '../errors.js';

/** Room before the first moment and after the last, so what led up to it and followed shows too. */
export const MARGIN_MS = 5 * 60_000;

export interface Anchor { from: string; to: string; at: string }

type Kind = 'incident' | 'mission' | 'alert' | 'audit';
const NEEDS: Record<Kind, 'incidents' | 'missions' | 'audit'> = { incident: 'incidents', alert: 'incidents', mission: 'missions', audit: 'audit' };

const QUERIES: Record<Kind, string> = {
  incident: `SELECT i.created_at AS first, greatest(i.created_at, (SELECT max(created_at) FROM ops.case_events WHERE incident_id = i.id)) AS last
             FROM ops.incidents i WHERE i.id::text = $1`,
  mission: `SELECT m.created_at AS first, greatest(m.created_at, (SELECT max(created_at) FROM fleet.mission_events WHERE mission_id = m.id)) AS last
            FROM fleet.missions m WHERE m.id::text = $1 AND m.deleted_at IS NULL`,
  alert: `SELECT a.received_at AS first, greatest(a.received_at, a.acknowledged_at, a.dismissed_at, a.resolved_at, i.created_at) AS last
          FROM ops.alerts a LEFT JOIN ops.incidents i ON i.id = a.incident_id WHERE a.id::text = $1`,
  audit: `SELECT at AS first, at AS last FROM audit.entries WHERE seq::text = $1`,
};

/**
 * The span from a little before the thing began to a little after its last event, at most
 * `REPLAY_MAX_SPAN_MS` (then it ends that long after the start) and never past `now` (there
 * is nothing stored yet); the time bar opens at the thing's start.
 */
export async function anchorOf(db: Queryable, type: Kind, id: string, may: Record<'incidents' | 'missions' | 'audit', boolean>, now: Date): Promise<Anchor> {
  if (!may[NEEDS[type]]) throw new DomainError('forbidden', { code: 'system.replayNotAllowed', params: { what: NEEDS[type] } });
  const [row] = await db.query<{ first: Date; last: Date }>(QUERIES[type], [id]);
  if (!row) throw new DomainError('not_found', { code: 'system.noSuchReplayThing', params: { what: type === 'audit' ? 'audit entry' : type } });
  const from = row.first.getTime() - MARGIN_MS;
  const to = Math.max(row.first.getTime(), Math.min(row.last.getTime() + MARGIN_MS, from + REPLAY_MAX_SPAN_MS, now.getTime()));
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString(), at: row.first.toISOString() };
}
