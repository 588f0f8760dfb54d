// Corrections of incidents, service requests, reports and missions: each checked against the
// version the person loaded, audited with what changed, and put on the case's timeline (a
// priority change as such, the other fields as a correction).
import type { Queryable } from '../../db/index.js';
import { staleWrite } from '../audit/last-change.js';
import { audited } from '../audit/write.js';
import { CasePriority, IncidentCategory, MissionPriority, ReportType, type CaseCorrection, type CorrectableCase } from '../contract/index.js';
import { DomainError } from '../errors.js';
import type { AuthedContext } from '../trpc.js';
import { knownService } from '../city/services.js';
import { place } from '../missions/service.js';
import { mustSee } from '../org/site-access.js';
import { addCaseEvent } from './timeline.js';

type Field = 'priority' | 'title' | 'category' | 'location' | 'agencyId' | 'parentId' | 'pickupNode' | 'dropoffNode';
const FIELDS: Field[] = ['priority', 'title', 'category', 'location', 'agencyId', 'parentId', 'pickupNode', 'dropoffNode'];

interface Spec {
  table: string; label: (r: Row) => string;
  /** Column of each field this type has. */
  columns: Partial<Record<Field, string>>;
  /** Statuses after which the case is history and no longer corrected. */
  done: string[];
  checkPriority: (p: unknown) => unknown;
  checkCategory?: (c: string) => unknown;
}

type Row = Record<string, unknown> & { id: string; site_id: string; status: string; version: number };

const intIn = (lo: number, hi: number) => (p: unknown) => {
  if (typeof p !== 'number' || !Number.isInteger(p) || p < lo || p > hi) throw new DomainError('invalid', { code: 'cases.priorityRange', params: { lo, hi } }, 'priority');
  return p;
};
const oneOf = (schema: { safeParse: (v: unknown) => { success: boolean } }, words: string) => (p: unknown) => {
  if (!schema.safeParse(p).success) throw new DomainError('invalid', { code: 'cases.priorityOneOf', params: { words } }, 'priority');
  return p;
};

export const SPECS: Record<CorrectableCase, Spec> = {
  incident: {
    table: 'ops.incidents', label: (r) => String(r.incident_number), done: ['closed', 'cancelled'],
    columns: { priority: 'priority', title: 'title', category: 'category', location: 'lat', agencyId: 'agency_id', parentId: 'parent_id' },
    checkPriority: intIn(1, 5),
    checkCategory: (c) => IncidentCategory.parse(c),
  },
  service_request: {
    table: 'city.service_requests', label: () => 'The service request', done: ['closed'],
    columns: { priority: 'priority', category: 'category', location: 'lat' }, checkPriority: intIn(0, 5),
  },
  report: {
    table: 'city.public_reports', label: () => 'The report', done: ['closed'],
    columns: { priority: 'priority', title: 'title', category: 'report_type', location: 'lat' },
    checkPriority: oneOf(CasePriority, CasePriority.options.join(', ')),
    checkCategory: (c) => {
      if (!ReportType.safeParse(c).success) throw new DomainError('invalid', { code: 'cases.categoryOneOf', params: { options: ReportType.options.join(', ') } }, 'category');
    },
  },
  mission: {
    table: 'fleet.missions', label: () => 'The mission', done: ['completed', 'cancelled', 'failed'],
    columns: { priority: 'priority', pickupNode: 'pickup_node', dropoffNode: 'dropoff_node' }, checkPriority: oneOf(MissionPriority, MissionPriority.options.join(', ')),
  },
};

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export async function correctCase(ctx: AuthedContext, input: CaseCorrection): Promise<{ version: number; changed: Field[] }> {
  const spec = SPECS[input.type];
  return audited(ctx, { resourceType: input.type, resourceId: input.id, action: `cases.correct_${input.type}` }, async (tx) => {
    const [r] = await tx.query<Row>(`SELECT * FROM ${spec.table} WHERE id = $1 ${spec.table === 'ops.incidents' ? '' : 'AND deleted_at IS NULL'} FOR UPDATE`, [input.id]);
    if (!r) throw new DomainError('not_found', { code: 'cases.noSuchThing', params: { what: input.type.replace('_', ' ') } });
    mustSee(ctx, r, input.type.replace('_', ' '));
    if (r.version !== input.version) throw await staleWrite(tx, input.type, r.id, spec.label(r), r.status.replace('_', ' '));
    if (spec.done.includes(r.status)) throw new DomainError('conflict', { code: 'cases.closedNotCorrected', params: { label: spec.label(r), status: r.status } });
    const before: Partial<Record<Field, unknown>> = {};
    const after: Partial<Record<Field, unknown>> = {};
    for (const field of FIELDS) {
      const value = input[field];
      if (value === undefined) continue;
      const column = spec.columns[field];
      if (!column) throw new DomainError('invalid', { code: 'cases.noFieldToCorrect', params: { field, type: input.type.replace('_', ' ') } }, field);
      const now = field === 'location' ? { lat: r.lat, lon: r.lon } : r[column];
      if (same(now, value)) continue;
      if (field === 'priority') spec.checkPriority(value);
      if (field === 'category') spec.checkCategory?.(value as string);
      // A request's category is one of its site's Open311 services, as when it was made.
      if (field === 'category' && input.type === 'service_request') await knownService(tx, r.site_id, value as string);
      if (field === 'agencyId' && value) await checkAgency(tx, r.site_id, value as string);
      if (field === 'parentId' && value) await checkParent(tx, r, value as string);
      if (field === 'pickupNode' || field === 'dropoffNode') await checkPlace(tx, r, field, value as string, input);
      before[field] = now;
      after[field] = value;
    }
    const changed = Object.keys(after) as Field[];
    if (!changed.length) throw new DomainError('invalid', { code: 'cases.nothingToCorrect' });
    const sets: string[] = [];
    const args: unknown[] = [r.id];
    for (const f of changed) {
      if (f === 'location') {
        const l = after.location as { lat: number; lon: number };
        args.push(l.lat, l.lon);
        sets.push(`lat = $${args.length - 1}, lon = $${args.length}`);
      } else {
        args.push(after[f]);
        sets.push(`${spec.columns[f]} = $${args.length}`);
      }
    }
    await tx.query(`UPDATE ${spec.table} SET ${sets.join(', ')}, version = version + 1 WHERE id = $1`, args);
    await onTimeline(ctx, tx, input, before, after, r);
    return { result: { version: r.version + 1, changed }, oldValues: before, newValues: { ...after, reason: input.reason ?? null } };
  });
}

/** A waiting mission's new pick-up or drop-off: a place of its floor for residents, not where it already goes or comes from. */
async function checkPlace(tx: Queryable, r: Row, field: 'pickupNode' | 'dropoffNode', node: string, input: CaseCorrection): Promise<void> {
  if (r.status !== 'pending') throw new DomainError('conflict', { code: 'cases.missionPlacesFixed', params: { status: r.status.replace('_', ' ') } }, field);
  await place(tx, r.site_map_id as string, node, field === 'pickupNode' ? 'pick-up' : 'drop-off');
  const pickup = input.pickupNode ?? r.pickup_node;
  const dropoff = input.dropoffNode ?? r.dropoff_node;
  if (pickup === dropoff) throw new DomainError('invalid', { code: 'missions.dropoffIsPickup' }, field);
}

async function onTimeline(ctx: AuthedContext, tx: Queryable, input: CaseCorrection, before: Partial<Record<Field, unknown>>, after: Partial<Record<Field, unknown>>, r: Row) {
  const at = ctx.clock.now();
  const { priority: from, ...restBefore } = before;
  const { priority: to, ...rest } = after;
  const reason = input.reason ?? null;
  if (input.type === 'mission') {
    const event = (type: string, details: unknown) => tx.query(
      'INSERT INTO fleet.mission_events (mission_id, event_type, details, actor_id, created_at) VALUES ($1, $2, $3, $4, $5)', [input.id, type, JSON.stringify(details), ctx.user.id, at]);
    if ('priority' in after) await event('priority', { from, to, reason });
    if (Object.keys(rest).length) {
      // The timeline names places (the audit entry keeps their ids).
      const nodes = [...Object.values(restBefore), ...Object.values(rest)] as string[];
      const named = new Map((await tx.query<{ node_id: string; name: string | null }>(
        'SELECT node_id, name FROM org.map_nodes WHERE site_map_id = $1 AND node_id = ANY($2)', [r.site_map_id, nodes])).map((n) => [n.node_id, n.name ?? n.node_id]));
      const names = (o: Partial<Record<Field, unknown>>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k === 'pickupNode' ? 'pickup' : 'dropoff', named.get(v as string) ?? v]));
      await event('corrected', { from: names(restBefore), to: names(rest), reason });
    }
    return;
  }
  if ('priority' in after) await addCaseEvent(tx, { caseType: input.type, caseId: input.id, kind: 'priority', details: { from, to, reason }, actorId: ctx.user.id, at });
  if (Object.keys(rest).length) await addCaseEvent(tx, { caseType: input.type, caseId: input.id, kind: 'corrected', details: { from: restBefore, to: rest, reason }, actorId: ctx.user.id, at });
}

async function checkAgency(tx: Queryable, siteId: string, agencyId: string): Promise<void> {
  const [a] = await tx.query<{ site_id: string }>('SELECT site_id FROM ops.agencies WHERE id = $1 AND deleted_at IS NULL', [agencyId]);
  if (!a || a.site_id !== siteId) throw new DomainError('invalid', { code: 'ops.agencyOfOtherSiteField' }, 'agencyId');
}

/** A parent of the same site, and no circle: the new parent is not this incident nor one of its descendants. */
async function checkParent(tx: Queryable, r: Row, parentId: string): Promise<void> {
  let at: string | null = parentId;
  for (let depth = 0; at; depth++) {
    if (at === r.id || depth > 100) throw new DomainError('invalid', { code: 'cases.incidentPartOfItself' }, 'parentId');
    const [p]: { site_id: string; parent_id: string | null }[] = await tx.query('SELECT site_id, parent_id FROM ops.incidents WHERE id = $1', [at]);
    if (!p) throw new DomainError('invalid', { code: 'cases.noSuchParentIncident' }, 'parentId');
    if (p.site_id !== r.site_id) throw new DomainError('invalid', { code: 'cases.parentIncidentOtherSite' }, 'parentId');
    at = p.parent_id;
  }
}
