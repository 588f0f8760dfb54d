// Archiving closed records (issue 16 item 3) on both engines: closed incidents, cases and
// missions past their site's period go to an archive file with their timelines and are
// removed; younger ones, open ones and ones something live still points at stay; a site's own
// rule overrides the default; the audit log records the file and still verifies; timelines
// stay append-only outside the archiving function.
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyDb } from '../../core/audit/verify.js';
import { systemCaller } from '../../core/backup/service.js';
import { archiveRecords } from '../../core/retention/records.js';
import { verifyRecordsFile } from '../../core/retention/verify-records.js';
import { testCore } from '../../core/testing.js';
import { engines } from './engines.js';

const YEAR = 365 * 86_400_000;

for (const engine of engines()) {
  describe.skipIf(!engine.available)(`records archiving on ${engine.name}`, () => {
    it('archives closed records past their period with their timelines, per site, and leaves the rest', async () => {
      const t = await testCore({ db: await engine.fresh() });
      const db = t.db;
      const now = t.clock.now();
      const ago = (years: number) => new Date(now.getTime() - years * YEAR).toISOString();
      const one = async (sql: string, params: unknown[]) => (await db.query<{ id: string }>(sql, params))[0]!.id;
      const a = (await db.query<{ id: string }>("SELECT id FROM org.sites WHERE slug = 'lindenhof'"))[0]!.id;
      const b = await one("INSERT INTO org.sites (slug, name, time_zone, lat, lon) VALUES ('harbour', 'Harbour Depot', 'Europe/Amsterdam', 51.9, 4.4) RETURNING id", []);
      // Site b keeps incidents 3 years instead of the default 7.
      await db.query(`INSERT INTO org.retention_rules (site_id, subject, keep_days) VALUES ($1, 'incidents', 1096)`, [b]);

      const incident = async (site: string, status: string, closedYearsAgo: number, title: string) => {
        // Made in their final state, as an import would (the transition trigger checks updates).
        const id = await one(`INSERT INTO ops.incidents (site_id, type, category, priority, title, status, created_at, resolved_at, closed_at)
          VALUES ($1, 'fall', 'medical', 2, $2, $3, $4, $5, $5) RETURNING id`,
          [site, title, status, ago(closedYearsAgo + 0.1), status === 'closed' ? ago(closedYearsAgo) : null]);
        await db.query(`INSERT INTO ops.case_events (case_type, incident_id, kind, body, created_at) VALUES ('incident', $1, 'comment', 'note on ' || $2, $3)`, [id, title, ago(closedYearsAgo + 0.05)]);
        return id;
      };
      const oldA = await incident(a, 'closed', 8, 'old-a'); // past 7 years: archived
      const youngA = await incident(a, 'closed', 6, 'young-a'); // within 7 years: stays
      const midB = await incident(b, 'closed', 4, 'mid-b'); // past site b's 3 years: archived
      const openOld = await incident(a, 'new', 9, 'open-old'); // open: stays however old
      const heldOld = await incident(a, 'closed', 9, 'held-old'); // a live ticket points at it: stays
      await db.query(`INSERT INTO ops.tickets (site_id, subject, description, incident_id) VALUES ($1, 'follow-up', '', $2)`, [a, heldOld]);

      await db.query("INSERT INTO city.services (site_id, service_code, service_name) VALUES ($1, 'pothole', 'Pothole')", [a]);
      const request = async (closedYearsAgo: number) => one(
        `INSERT INTO city.service_requests (site_id, category, lat, lon, status, requested_at, closed_at) VALUES ($1, 'pothole', 51.44, 5.47, 'closed', $2, $2) RETURNING id`,
        [a, ago(closedYearsAgo)]);
      const oldRequest = await request(3); // cases: 2 years
      const youngRequest = await request(1);
      const [map] = await db.query<{ id: string }>('SELECT id FROM org.site_maps WHERE site_id = $1 LIMIT 1', [a]);
      await db.query(`INSERT INTO org.map_nodes (site_map_id, node_id, x, y, lat, lon) VALUES ($1, 'p-1', 0, 0, 51.44, 5.47), ($1, 'p-2', 10, 0, 51.44, 5.4701)`, [map!.id]);
      const resident = await one(`INSERT INTO fleet.residents (site_id, first_name, last_name, date_of_birth, wheelchair_type, gdpr_consent, gdpr_consent_at)
        VALUES ($1, 'Ada', 'Visser', '1941-03-02', 'manual', true, now()) RETURNING id`, [a]);
      const mission = async (yearsAgo: number) => {
        const id = await one(`INSERT INTO fleet.missions (site_id, site_map_id, resident_id, pickup_node, dropoff_node, status, created_at, updated_at)
          VALUES ($1, $2, $3, 'p-1', 'p-2', 'cancelled', $4, $4) RETURNING id`, [a, map!.id, resident, ago(yearsAgo)]);
        await db.query(`INSERT INTO fleet.mission_events (mission_id, event_type, created_at) VALUES ($1, 'created', $2)`, [id, ago(yearsAgo)]);
        return id;
      };
      const oldMission = await mission(4); // missions: 3 years
      const youngMission = await mission(2);

      const folder = mkdtempSync(join(tmpdir(), 'wf-records-'));
      const result = await archiveRecords(systemCaller(db, t.clock, 'retention.archive'), db, t.clock, folder);
      expect(result?.counts).toEqual({ incident: 2, ticket: 0, service_request: 1, report: 0, mission: 1 });

      // Gone from the live database, timelines with them; the rest is where it was.
      const left = async (table: string, ids: string[]) => (await db.query<{ id: string }>(`SELECT id FROM ${table} WHERE id = ANY($1)`, [ids])).map((r) => r.id).sort();
      expect(await left('ops.incidents', [oldA, youngA, midB, openOld, heldOld])).toEqual([youngA, openOld, heldOld].sort());
      expect(await left('city.service_requests', [oldRequest, youngRequest])).toEqual([youngRequest]);
      expect(await left('fleet.missions', [oldMission, youngMission])).toEqual([youngMission]);
      const events = await db.query<{ body: string }>(`SELECT body FROM ops.case_events WHERE case_type = 'incident' ORDER BY body`);
      expect(events.map((e) => e.body)).toEqual(['note on held-old', 'note on open-old', 'note on young-a']);
      expect(await db.query('SELECT 1 FROM fleet.mission_events WHERE mission_id = $1', [oldMission])).toHaveLength(0);

      // The file: a head line, then each record with its timeline; its SHA-256 is in the audit log.
      expect(readdirSync(folder)).toEqual([result!.file.split('/').pop()]);
      const text = readFileSync(result!.file, 'utf8');
      expect(createHash('sha256').update(text).digest('hex')).toBe(result!.sha256);
      const [head, ...records] = text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, any>);
      expect(head).toMatchObject({ format: 'watchfloor-records-archive', version: 1, records: 4 });
      const old = records.find((r) => r.row.id === oldA)!;
      expect(old).toMatchObject({ kind: 'incident', table: 'ops.incidents', row: { title: 'old-a', status: 'closed' } });
      expect(old.related['ops.case_events'].map((e: { body: string }) => e.body)).toEqual(['note on old-a']);
      expect(records.find((r) => r.row.id === oldMission)!.related['fleet.mission_events']).toHaveLength(1);
      const [entry] = await db.query<{ action: string; body: { newValues: { sha256: string; counts: unknown } } }>(
        `SELECT action, body FROM audit.entries WHERE action = 'records.archive'`);
      expect(entry!.body.newValues).toMatchObject({ sha256: result!.sha256, counts: result!.counts });
      expect((await verifyDb(db)).ok).toBe(true);
      expect(await verifyRecordsFile(db, result!.file)).toMatchObject({ ok: true, records: 4 });
      // A record changed in the file: named by its file.
      const copy = join(folder, 'changed.jsonl');
      writeFileSync(copy, text.replace('note on old-a', 'note on old-b'));
      expect(await verifyRecordsFile(db, copy)).toEqual({ ok: false, file: 'changed.jsonl', reason: expect.stringMatching(/matches no records.archive entry/) });
      rmSync(copy);

      // Nothing more is due; timelines stay append-only outside the archiving function.
      expect(await archiveRecords(systemCaller(db, t.clock, 'retention.archive'), db, t.clock, folder)).toBeNull();
      await expect(db.query(`DELETE FROM ops.case_events WHERE incident_id = $1`, [youngA])).rejects.toThrow(/append-only/);
      await expect(db.query(`SELECT org.delete_archived_timeline('incident', $1)`, [[openOld]])).rejects.toThrow(/only closed records/);
      await db.close();
    });
  });
}
