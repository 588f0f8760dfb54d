// What happened over a span, for the marks on the time bar: alerts, status changes, commands and audit entries.
import type { Queryable } from '../../db/index.js';
import type { ReplayEvent, ReplayEventKind, ReplayWhat } from '../contract/index.js';

/** Audit actions that told a vehicle or a mission what to do (the rest are plain audit entries). */
export const COMMAND_ACTIONS = ['missions.assign', 'missions.reassign', 'missions.cancel', 'missions.pause'];
const isCommand = (action: string) => action.startsWith('fleet.') || COMMAND_ACTIONS.includes(action);

interface Span { siteId: string; from: Date; to: Date; limit: number }
type Row<T> = { at: Date; id: string } & T;

const alerts = (db: Queryable, s: Span) => db.query<Row<{ title: string }>>(
  `SELECT received_at AS at, title, id::text AS id FROM ops.alerts
   WHERE site_id = $1 AND received_at >= $2 AND received_at <= $3 ORDER BY received_at LIMIT $4`,
  [s.siteId, s.from.toISOString(), s.to.toISOString(), s.limit]);

const missionStatus = (db: Queryable, s: Span) => db.query<Row<{ pickup: string; dropoff: string; event: string }>>(
  `SELECT e.created_at AS at, m.pickup_node AS pickup, m.dropoff_node AS dropoff, e.event_type AS event, m.id::text AS id
   FROM fleet.mission_events e JOIN fleet.missions m ON m.id = e.mission_id
   WHERE m.site_id = $1 AND e.created_at >= $2 AND e.created_at <= $3
     AND e.event_type IN ('created', 'assigned', 'started', 'completed', 'cancelled', 'failed', 'reassigned')
   ORDER BY e.created_at LIMIT $4`,
  [s.siteId, s.from.toISOString(), s.to.toISOString(), s.limit]);

const incidentStatus = (db: Queryable, s: Span) => db.query<Row<{ number: string; kind: string; status: string | null }>>(
  `SELECT e.created_at AS at, i.incident_number AS number, e.kind, e.details ->> 'to' AS status, i.id::text AS id
   FROM ops.case_events e JOIN ops.incidents i ON i.id = e.incident_id
   WHERE i.site_id = $1 AND e.kind IN ('status', 'created') AND e.created_at >= $2 AND e.created_at <= $3
   ORDER BY e.created_at LIMIT $4`,
  [s.siteId, s.from.toISOString(), s.to.toISOString(), s.limit]);

const links = (db: Queryable, s: Span) => db.query<Row<{ vehicle: string; state: string }>>(
  `SELECT c.ts AS at, v.name AS vehicle, c.state, v.id::text AS id
   FROM fleet.vehicle_connections c JOIN fleet.vehicles v ON v.id = c.vehicle_id
   WHERE (v.site_id = $1 OR v.site_id IS NULL) AND c.ts >= $2 AND c.ts <= $3 ORDER BY c.ts LIMIT $4`,
  [s.siteId, s.from.toISOString(), s.to.toISOString(), s.limit]);

const audit = (db: Queryable, s: Span) => db.query<Row<{ action: string; actor: string | null }>>(
  `SELECT at, action, actor_email AS actor, seq::text AS id FROM audit.entries
   WHERE (site_id = $1 OR site_id IS NULL) AND at >= $2 AND at <= $3 AND outcome = 'success' ORDER BY at LIMIT $4`,
  [s.siteId, s.from.toISOString(), s.to.toISOString(), s.limit]);

/** An event's line in English, for the API and the CLI ("Alert: Fall in room 12", "LIN-2026-00001: en route"). */
export function labelOf(w: ReplayWhat): string {
  switch (w.code) {
    case 'alert': return `Alert: ${w.title}`;
    case 'mission': return `Mission ${w.pickup} → ${w.dropoff}: ${w.event.replaceAll('_', ' ')}`;
    case 'incidentOpened': return `${w.number}: opened`;
    case 'incidentStatus': return `${w.number}: ${w.status.replaceAll('_', ' ')}`;
    case 'connection': return `${w.vehicle}: ${w.state.toLowerCase()}`;
    case 'audit': return `${w.actor ?? 'system'}: ${w.action}`;
  }
}

const event = (at: Date, kind: ReplayEventKind, what: ReplayWhat, ref: ReplayEvent['ref']): ReplayEvent =>
  ({ at: at.toISOString(), kind, label: labelOf(what), what, ref });

/**
 * The span's events of the kinds asked for, oldest first; each kind capped at `limit` so a
 * busy kind cannot crowd out the others. `allowed` leaves out what the user may not read.
 */
export async function eventsBetween(db: Queryable, s: Span, kinds: readonly ReplayEventKind[], allowed: { fleet: boolean; missions: boolean; incidents: boolean; audit: boolean }): Promise<ReplayEvent[]> {
  const out: ReplayEvent[] = [];
  const want = (k: ReplayEventKind) => kinds.includes(k);
  if (want('alert') && allowed.incidents) for (const r of await alerts(db, s)) out.push(event(r.at, 'alert', { code: 'alert', title: r.title }, { type: 'alert', id: r.id }));
  if (want('status')) {
    if (allowed.missions) for (const r of await missionStatus(db, s)) out.push(event(r.at, 'status', { code: 'mission', pickup: r.pickup, dropoff: r.dropoff, event: r.event }, { type: 'mission', id: r.id }));
    if (allowed.incidents) {
      for (const r of await incidentStatus(db, s)) {
        const what: ReplayWhat = r.kind === 'created' ? { code: 'incidentOpened', number: r.number } : { code: 'incidentStatus', number: r.number, status: r.status ?? '' };
        out.push(event(r.at, 'status', what, { type: 'incident', id: r.id }));
      }
    }
    if (allowed.fleet) for (const r of await links(db, s)) out.push(event(r.at, 'status', { code: 'connection', vehicle: r.vehicle, state: r.state }, { type: 'vehicle', id: r.id }));
  }
  if ((want('command') || want('audit')) && allowed.audit) {
    for (const r of await audit(db, s)) {
      const kind = isCommand(r.action) ? 'command' : 'audit';
      if (want(kind)) out.push(event(r.at, kind, { code: 'audit', actor: r.actor, action: r.action }, { type: 'audit', id: r.id }));
    }
  }
  return out.sort((a, b) => a.at.localeCompare(b.at));
}
