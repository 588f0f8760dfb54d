// An Open311 import written in short transactions is still all or nothing (issue 19 item 3):
// cancelled after it started writing, or stopped by a database failure half-way (a forced
// error on PGlite, the import's own connection cut on PostgreSQL), it leaves the database
// exactly as it was before, and says so.
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/index.js';
import { settled, uploadFiles, writeRequestsFile } from '../streaming/client.js';
import { cityFixture } from './city-fixture.js';
import { engines } from './engines.js';

const REQUESTS = 2000;
/** Requests there before the import, which the import changes (all closed, new descriptions). */
const EXISTING = 300;
const LONG = 600_000;

/** Everything an import writes: services (but their updated_at, which a trigger stamps on any update), requests, timelines, map cells (to 6 decimals). */
async function snapshot(db: Db) {
  const rows = (sql: string) => db.query<{ r: Record<string, unknown> }>(sql).then((rs) => rs.map((x) => x.r));
  return {
    services: (await rows('SELECT to_jsonb(s) AS r FROM city.services s ORDER BY id')).map(({ updated_at: _, ...s }) => s),
    requests: await rows('SELECT to_jsonb(r) AS r FROM city.service_requests r ORDER BY id'),
    events: await rows('SELECT to_jsonb(e) AS r FROM ops.case_events e ORDER BY id'),
    // The map's cells keep running sums of lat/lon: adding rows and taking them away again leaves float rounding behind.
    cells: await rows("SELECT to_jsonb(c) || jsonb_build_object('sum_lat', round(c.sum_lat::numeric, 6), 'sum_lon', round(c.sum_lon::numeric, 6)) AS r FROM org.case_cells c ORDER BY site_id, layer, gx, gy"),
  };
}

/** The site after a first import of EXISTING requests, one of them since taken in progress; and the files of a second import. */
async function prepared(db: Db, dir: string) {
  const fx = await cityFixture(db);
  const first = join(dir, 'first.json');
  const a = await uploadFiles(fx.op, fx.siteId, [{ name: 'first.json', path: first, bytes: await writeRequestsFile(first, EXISTING, 'json') }]);
  await fx.op.transfer.open311Import({ id: a.id, choice: 'all' });
  expect((await settled(fx.op, a.id)).state).toBe('done');
  await db.query("UPDATE city.service_requests SET status = 'in_progress' WHERE external_id = 'BULK-1'");
  const services = join(dir, 'services.json');
  writeFileSync(services, JSON.stringify([{ service_code: 'graffiti', service_name: 'Graffiti' }, { service_code: 'litter', service_name: 'Litter and waste', group: 'street' }]));
  const requests = join(dir, 'requests.json');
  const bytes = await writeRequestsFile(requests, REQUESTS, 'json', (i) => (i < EXISTING
    ? { service_request_id: `BULK-${i}`, status: 'closed', service_code: 'pothole', description: `Changed ${i}`, requested_datetime: '2026-10-01T00:00:00Z', lat: 51.44, long: 5.47 }
    : i === EXISTING ? { service_request_id: 'NEW-GRAFFITI', status: 'open', service_code: 'graffiti', requested_datetime: '2026-10-02T00:00:00Z', lat: 51.441, long: 5.471 } : null));
  const b = await uploadFiles(fx.op, fx.siteId, [{ name: 'services.json', path: services, bytes: statSync(services).size }, { name: 'requests.json', path: requests, bytes }]);
  expect(b.state, b.error ?? '').toBe('done');
  return { ...fx, previewed: b };
}

const leftovers = async (db: Db) =>
  Number((await db.query<{ n: string }>('SELECT (SELECT count(*) FROM city.open311_undo) + (SELECT count(*) FROM city.open311_imports) AS n'))[0]!.n);

for (const engine of engines()) {
  describe.skipIf(!engine.available)(`an Open311 import undone on ${engine.name}`, () => {
    let db: Db | null = null;
    let dir = '';
    afterEach(async () => {
      await db?.close();
      db = null;
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('cancelled after it started writing, leaves the database exactly as before', async () => {
      db = await engine.fresh();
      dir = mkdtempSync(join(tmpdir(), 'wf-undo-'));
      const { op, previewed } = await prepared(db, dir);
      const before = await snapshot(db);
      await op.transfer.open311Import({ id: previewed.id, choice: 'all' });
      let asked: Promise<unknown> | null = null;
      let writtenWhenAsked = 0;
      const end = await settled(op, previewed.id, LONG, (s) => {
        if (!asked && s.phase === 'writing' && s.done > EXISTING + 200) {
          writtenWhenAsked = s.done;
          asked = op.transfer.cancel({ id: previewed.id });
        }
      });
      await asked;
      expect(writtenWhenAsked).toBeGreaterThan(EXISTING);
      expect(end).toMatchObject({ state: 'cancelled', error: 'Cancelled: nothing was kept.' });
      expect(await snapshot(db)).toEqual(before);
      expect(await leftovers(db)).toBe(0);
      const [entry] = await db.query<{ outcome: string; reason: string }>(
        "SELECT body ->> 'outcome' AS outcome, body ->> 'reason' AS reason FROM audit.entries WHERE body ->> 'action' = 'city.import_open311' ORDER BY seq DESC LIMIT 1");
      expect(entry).toMatchObject({ outcome: 'failed', reason: expect.stringMatching(/^cancelled after [\d,]+ of [\d,]+ records were written; everything it had written was undone$/) });
    }, LONG);

    it('cancelled after someone changed two of the requests it wrote: those two keep the change, the rest is undone, and it says which', async () => {
      db = await engine.fresh();
      dir = mkdtempSync(join(tmpdir(), 'wf-undo-'));
      const { op, previewed } = await prepared(db, dir);
      const before = await snapshot(db);
      await op.transfer.open311Import({ id: previewed.id, choice: 'all' });
      const id = async (ext: string): Promise<string> => {
        const [r] = await db!.query<{ id: string }>('SELECT id FROM city.service_requests WHERE external_id = $1', [ext]);
        return r ? r.id : new Promise((ok) => setTimeout(ok, 20)).then(() => id(ext)); // until the import has written it
      };
      let asked: Promise<unknown> | null = null;
      const end = await settled(op, previewed.id, LONG, (s) => {
        if (!asked && s.phase === 'writing' && s.done > EXISTING + 200) {
          // BULK-5 the import changed, BULK-400 it created: an operator moves each on the map.
          asked = (async () => {
            await Promise.all([op.city.placeRequest({ id: await id('BULK-5'), lat: 51.5, lon: 5.5 }), op.city.placeRequest({ id: await id('BULK-400'), lat: 51.6, lon: 5.6 })]);
            await op.transfer.cancel({ id: previewed.id });
          })();
        }
      });
      await asked;
      expect(end).toMatchObject({ state: 'cancelled', error: 'Cancelled: everything it had written was undone except 2 requests (BULK-400, BULK-5): someone changed them meanwhile, and that change stays.' });
      const after = await snapshot(db);
      const kept = await db.query<{ id: string; external_id: string; lat: number; description: string; version: number }>(
        "SELECT id, external_id, lat, description, version FROM city.service_requests WHERE external_id IN ('BULK-5', 'BULK-400') ORDER BY external_id");
      const keptIds = kept.map((k) => k.id);
      const others = (x: Awaited<ReturnType<typeof snapshot>>) => ({
        services: x.services,
        requests: x.requests.filter((r) => !keptIds.includes(r.id as string)),
        events: x.events.filter((e) => !keptIds.includes(e.service_request_id as string)),
      });
      expect(others(after)).toEqual(others(before));
      // The import's change stays under the operator's; the created request stays, with its timeline.
      const was5 = before.requests.find((r) => r.external_id === 'BULK-5')!;
      expect(kept).toEqual([
        { id: kept[0]!.id, external_id: 'BULK-400', lat: 51.6, description: 'Pothole number 400 near the gate', version: 2 },
        { id: was5.id, external_id: 'BULK-5', lat: 51.5, description: 'Changed 5', version: (was5.version as number) + 2 },
      ]);
      expect(after.events.filter((e) => e.service_request_id === kept[0]!.id).map((e) => e.kind)).toContain('imported');
      expect(await leftovers(db)).toBe(0);
      const [entry] = await db.query<{ outcome: string; reason: string }>(
        "SELECT body ->> 'outcome' AS outcome, body ->> 'reason' AS reason FROM audit.entries WHERE body ->> 'action' = 'city.import_open311' ORDER BY seq DESC LIMIT 1");
      expect(entry).toMatchObject({ outcome: 'failed', reason: expect.stringMatching(/^cancelled after [\d,]+ of [\d,]+ records were written; everything it had written was undone except 2 requests \(BULK-400, BULK-5\)/) });
    }, LONG);

    it('an import a stopped console left half-written is undone by the retention job, not only by the next import', async () => {
      db = await engine.fresh();
      const { t, siteId } = await cityFixture(db);
      const [req] = await db.query<{ id: string }>(
        "INSERT INTO city.service_requests (site_id, external_id, category, lat, lon, requested_at) VALUES ($1, 'LEFT-1', 'pothole', 51.44, 5.47, now()) RETURNING id", [siteId]);
      const [imp] = await db.query<{ id: string }>("INSERT INTO city.open311_imports (site_id, touched_at) VALUES ($1, now() - interval '1 minute') RETURNING id", [siteId]);
      await db.query("INSERT INTO city.open311_undo (import_id, seq, kind, row_id, old) VALUES ($1, 0, 'request', $2, NULL)", [imp!.id, req!.id]);
      // Touched a minute ago: it may still be being written by another console.
      expect((await t.core.prune()).open311Settled).toBe(0);
      expect(await leftovers(db)).toBe(2);
      await db.query("UPDATE city.open311_imports SET touched_at = now() - interval '3 minutes'");
      expect((await t.core.prune()).open311Settled).toBe(1);
      expect(await leftovers(db)).toBe(0);
      expect(await db.query("SELECT id FROM city.service_requests WHERE external_id = 'LEFT-1'")).toEqual([]);
    });

    it(`stopped half-way by ${engine.name === 'postgres' ? 'its connection cut' : 'a database error'}, undoes everything it wrote and says why`, async () => {
      db = await engine.fresh();
      dir = mkdtempSync(join(tmpdir(), 'wf-undo-'));
      const { op, previewed } = await prepared(db, dir);
      // After the preview (which writes the same rows and rolls them back): the import's insert
      // of request 1,500 fails, or its connection is cut by the server, as a real failure would.
      const fail = engine.name === 'postgres' ? 'PERFORM pg_terminate_backend(pg_backend_pid());' : "RAISE EXCEPTION 'disk quota exceeded (forced at %)', NEW.external_id;";
      await db.exec(`CREATE FUNCTION public.fail_half_way() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.external_id = 'BULK-1500' THEN ${fail} END IF; RETURN NEW; END $$;
        CREATE TRIGGER fail_half_way BEFORE INSERT ON city.service_requests FOR EACH ROW EXECUTE FUNCTION public.fail_half_way();`);
      const before = await snapshot(db);
      await op.transfer.open311Import({ id: previewed.id, choice: 'all' });
      const end = await settled(op, previewed.id, LONG);
      expect(end.state).toBe('failed');
      expect(end.error).toMatch(/^The Open311 import was stopped by a database error after [\d,]+ of [\d,]+ records were written \(.+\); everything it had written was undone, nothing was imported\.$/);
      expect(end.error).toMatch(engine.name === 'postgres' ? /terminat/ : /disk quota exceeded \(forced at BULK-1500\)/);
      expect(await snapshot(db)).toEqual(before);
      expect(await leftovers(db)).toBe(0);
      const [entry] = await db.query<{ outcome: string; reason: string }>(
        "SELECT body ->> 'outcome' AS outcome, body ->> 'reason' AS reason FROM audit.entries WHERE body ->> 'action' = 'city.import_open311' ORDER BY seq DESC LIMIT 1");
      expect(entry).toEqual({ outcome: 'failed', reason: end.error });
    }, LONG);
  });
}
