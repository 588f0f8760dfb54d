// The four case machines on both engines: for every pair of statuses, the database
// refuses a change exactly when core/contract/cases.ts refuses it.
import { afterEach, describe, expect, it } from 'vitest';
import {
  canMove, INCIDENT_TRANSITIONS, IncidentStatus, REPORT_TRANSITIONS, ReportStatus, REQUEST_TRANSITIONS, RequestStatus, TICKET_TRANSITIONS, TicketStatus,
  type Machine,
} from '../../core/contract/index.js';
import { migrate, type Db } from '../../db/index.js';
import { engines } from './engines.js';

interface Case<S extends string> {
  name: string;
  machine: Machine<S>;
  statuses: readonly S[];
  /** A row in status `s`, written directly. */
  insert(db: Db, site: string, s: S): Promise<string>;
  /** Moves the row to `s`, filling what the table's other checks need. */
  update: string;
}

const incident: Case<IncidentStatus> = {
  name: 'incident', machine: INCIDENT_TRANSITIONS, statuses: IncidentStatus.options,
  insert: async (db, site, s) => (await db.query<{ id: string }>(
    "INSERT INTO ops.incidents (site_id, type, category, title, status, cancel_reason) VALUES ($1, 'fire', 'fire', 'Test', $2, $3) RETURNING id",
    [site, s, s === 'cancelled' ? 'test' : null]))[0]!.id,
  update: "UPDATE ops.incidents SET status = $2, cancel_reason = coalesce(cancel_reason, 'test') WHERE id = $1",
};
const request: Case<RequestStatus> = {
  name: 'service request', machine: REQUEST_TRANSITIONS, statuses: RequestStatus.options,
  insert: async (db, site, s) => (await db.query<{ id: string }>(
    "INSERT INTO city.service_requests (site_id, category, lat, lon, status, closed_at) VALUES ($1, 'pothole', 51.44, 5.47, $2, $3) RETURNING id",
    [site, s, s === 'closed' ? new Date() : null]))[0]!.id,
  update: "UPDATE city.service_requests SET status = $2, closed_at = CASE WHEN $2 = 'closed' THEN now() END WHERE id = $1",
};
const report: Case<ReportStatus> = {
  name: 'public report', machine: REPORT_TRANSITIONS, statuses: ReportStatus.options,
  insert: async (db, site, s) => (await db.query<{ id: string }>(
    "INSERT INTO city.public_reports (site_id, report_type, title, description, lat, lon, status) VALUES ($1, 'road', 'Test', '', 51.44, 5.47, $2) RETURNING id",
    [site, s]))[0]!.id,
  update: 'UPDATE city.public_reports SET status = $2 WHERE id = $1',
};
const ticket: Case<TicketStatus> = {
  name: 'ticket', machine: TICKET_TRANSITIONS, statuses: TicketStatus.options,
  insert: async (db, site, s) => (await db.query<{ id: string }>(
    "INSERT INTO ops.tickets (site_id, subject, description, status, resolution_notes) VALUES ($1, 'Test', '', $2, 'done') RETURNING id", [site, s]))[0]!.id,
  update: 'UPDATE ops.tickets SET status = $2 WHERE id = $1',
};

/** Every ordered pair of different statuses: what the database said and what core says. */
async function pairs<S extends string>(db: Db, site: string, c: Case<S>) {
  const out: Array<{ pair: string; db: boolean; core: boolean; error?: string }> = [];
  for (const from of c.statuses) {
    for (const to of c.statuses) {
      if (from === to) continue;
      const id = await c.insert(db, site, from);
      const result = await db.query(c.update, [id, to]).then(() => ({ ok: true }), (e: Error) => ({ ok: false, error: e.message }));
      out.push({ pair: `${from}→${to}`, db: result.ok, core: canMove(c.machine, from, to), ...('error' in result ? { error: result.error } : {}) });
    }
  }
  return out;
}

for (const engine of engines()) {
  describe.skipIf(!engine.available)(`case status machines on ${engine.name}`, () => {
    let db: Db | null = null;
    afterEach(async () => db?.close());

    it('refuses exactly the changes core refuses, for incidents, service requests, public reports and tickets', async () => {
      db = await engine.fresh();
      await migrate(db);
      const [site] = await db.query<{ id: string }>("SELECT id FROM org.sites WHERE slug = 'lindenhof'");
      await db.query("INSERT INTO city.services (site_id, service_code, service_name) VALUES ($1, 'pothole', 'Pothole')", [site!.id]);
      const cases = [incident, request, report, ticket] as Array<Case<string>>;
      for (const c of cases) {
        const got = await pairs(db, site!.id, c);
        const n = c.statuses.length;
        expect(got, c.name).toHaveLength(n * (n - 1));
        expect(got.filter((p) => p.db !== p.core).map((p) => `${p.pair}: db ${p.db}, core ${p.core}`), c.name).toEqual([]);
        // Both kinds occur, and a refusal names the machine.
        expect(got.some((p) => p.db) && got.some((p) => !p.db), c.name).toBe(true);
        expect(got.find((p) => !p.db)!.error, c.name).toMatch(new RegExp(`${c.name}.* cannot go from`));
      }
    });
  });
}
