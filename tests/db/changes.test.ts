// Changes come from the database after commit: two cores on one database hear each
// other's changes, a rolled-back change is never announced, and a core whose listening
// connection is cut catches up from the change table (or is told to reload when the
// gap was pruned).
import { afterEach, describe, expect, it } from 'vitest';
import { openPostgres, type Db } from '../../db/index.js';
import type { Change } from '../../core/bus.js';
import { upsertAlert } from '../../core/ops/alerts.js';
import { seedDemoOps } from '../../core/ops/demo.js';
import { testCore } from '../../core/testing.js';
import { pruneChanges } from '../../core/changes/stream.js';
import { cachedGraph } from '../../core/missions/eta.js';
import { engines, scratchPostgresUrl } from './engines.js';

type T = Awaited<ReturnType<typeof testCore>>;

/** Resolves with the first change `bus` hears that `match` accepts. */
function heard(t: T, match: (c: Change) => boolean, timeoutMs = 5000): Promise<Change> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (off(), reject(new Error('no such change was heard'))), timeoutMs);
    const off = t.core.bus.on('change', (c) => {
      if (!match(c)) return;
      clearTimeout(timer);
      off();
      resolve(c);
    });
  });
}

async function siteOf(db: Db): Promise<string> {
  const [site] = await db.query<{ id: string }>("SELECT id FROM org.sites WHERE slug = 'lindenhof'");
  return site!.id;
}

const alertOn = (db: Db, siteId: string, externalId: string) => upsertAlert(db, {
  siteId, source: 'fire-panel', externalId, type: 'smoke', severity: 2, title: `Smoke ${externalId}`,
  lat: 51.44236, lon: 5.47066, raw: {}, occurredAt: new Date(), receivedAt: new Date(),
});

for (const engine of engines()) {
  describe.skipIf(!engine.available)(`the change stream on ${engine.name}`, () => {
    const open: T[] = [];
    const dbs: Db[] = [];
    afterEach(async () => {
      for (const t of open.splice(0)) await t.core.stop();
      for (const db of dbs.splice(0)) await db.close();
    });

    /** Two consoles on one database: on PostgreSQL each has its own connections. */
    async function twoConsoles(): Promise<[T, T]> {
      const first = await engine.fresh();
      dbs.push(first);
      let second = first;
      if (engine.name === 'postgres') {
        const url = (await first.query<{ url: string }>('SELECT current_database() AS url'))[0]!.url;
        const u = new URL(await scratchPostgresUrl());
        u.pathname = `/${url}`;
        second = await openPostgres(u.toString());
        dbs.push(second);
      }
      const a = await testCore({ db: first });
      const b = await testCore({ db: second });
      open.push(a, b);
      await a.core.start();
      await b.core.start();
      await seedDemoOps(first, true);
      return [a, b];
    }

    it('an acknowledgement on one console reaches the other as a change, after commit, with no personal data', async () => {
      const [a, b] = await twoConsoles();
      const siteId = await siteOf(a.db);
      const inserted = heard(b, (c) => c.kind === 'alert' && c.action === 'insert');
      const alert = await alertOn(a.db, siteId, 'Z1');
      expect((await inserted).id).toBe(alert.id);
      const op = await a.signedIn(['operator'], 'op@site.test');
      const seen: string[] = [];
      b.core.bus.on('ops.changed', (e) => seen.push(`${e.kind}/${e.id}`));
      const onB = heard(b, (c) => c.kind === 'alert' && c.id === alert.id && c.action === 'update');
      await op.ops.acknowledgeAlert({ id: alert.id });
      const c = await onB;
      expect(c).toMatchObject({ kind: 'alert', id: alert.id, siteId, action: 'update', ref: null });
      expect(c.seq).toBeGreaterThan(0);
      expect(Object.keys(c).sort()).toEqual(['action', 'id', 'kind', 'ref', 'seq', 'siteId']);
      expect(seen).toContain(`alert/${alert.id}`);
      // The same path feeds the console that made the change.
      await expect.poll(() => a.core.changes.last).toBeGreaterThanOrEqual(c.seq);
    });

    it('a site graph another console saved is read again for routes and estimates', async () => {
      const [a, b] = await twoConsoles();
      const [map] = await a.db.query<{ id: string }>("SELECT m.id FROM org.site_maps m JOIN org.sites s ON s.id = m.site_id WHERE s.slug = 'lindenhof' LIMIT 1");
      const before = (await cachedGraph(b.db, map!.id)).nodes.length;
      expect(before).toBeGreaterThan(0);
      // Console A's write, as its map editor's save makes it (console B's cache is not told in process).
      const changed = heard(b, (c) => c.kind === 'map' && c.id === map!.id);
      await a.db.query("INSERT INTO org.map_nodes (site_map_id, node_id, x, y, lat, lon, name, kind) VALUES ($1, 'new-room', 1, 1, 51.44, 5.47, 'New room', 'room')", [map!.id]);
      await changed;
      await expect.poll(async () => (await cachedGraph(b.db, map!.id)).nodes.length).toBe(before + 1);
    });

    it('announces nothing for a change that was rolled back', async () => {
      const [a, b] = await twoConsoles();
      const siteId = await siteOf(a.db);
      const heardOnB: Change[] = [];
      b.core.bus.on('change', (c) => heardOnB.push(c));
      const before = await a.db.query<{ n: string }>('SELECT count(*) AS n FROM events.changes');
      await expect(a.db.transaction(async (tx) => {
        await alertOn(tx as Db, siteId, 'ROLLED-BACK');
        throw new Error('changed my mind');
      })).rejects.toThrow('changed my mind');
      // A committed change afterwards arrives; the rolled-back one never does.
      const kept = heard(b, (c) => c.kind === 'alert');
      const later = await alertOn(a.db, siteId, 'KEPT');
      expect((await kept).id).toBe(later.id);
      expect(heardOnB.filter((c) => c.kind === 'alert').map((c) => c.id)).toEqual([later.id]);
      const after = await a.db.query<{ n: string }>('SELECT count(*) AS n FROM events.changes');
      expect(Number(after[0]!.n) - Number(before[0]!.n)).toBe(1);
    });

    it.skipIf(engine.name !== 'postgres')('a console whose listening connection is cut catches up on what it missed', async () => {
      const [a, b] = await twoConsoles();
      const siteId = await siteOf(a.db);
      // Cut every connection of B's that is listening (as a restarted server or a dropped link would).
      const pid = (await b.db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid'))[0]!.pid;
      await a.db.query(
        "SELECT pg_terminate_backend(l.pid) FROM pg_stat_activity l WHERE l.datname = current_database() AND l.pid <> pg_backend_pid() AND l.pid <> $1 AND l.query ILIKE 'LISTEN%'", [pid]);
      await expect.poll(() => b.core.changes.listening, { timeout: 5000 }).toBe(false);
      const caught = heard(b, (c) => c.kind === 'alert', 15_000);
      const missed = await alertOn(a.db, siteId, 'WHILE-CUT');
      expect(await caught).toMatchObject({ kind: 'alert', id: missed.id, action: 'insert' });
      expect(b.core.changes.listening).toBe(true);
    });

    it('tells views to reload when the changes it missed were already pruned', async () => {
      const [a, b] = await twoConsoles();
      const siteId = await siteOf(a.db);
      await alertOn(a.db, siteId, 'OLD');
      await expect.poll(() => b.core.changes.last).toBeGreaterThan(0);
      const stale = b.core.changes.last;
      await alertOn(a.db, siteId, 'NEWER');
      // Two days on, retention prunes everything; B is set back as if it had slept through it.
      expect(await pruneChanges(a.db, new Date(Date.now() + 2 * 86_400_000))).toBeGreaterThan(0);
      b.core.changes.last = stale;
      const reset = new Promise((resolve) => b.core.bus.on('changes.reset', resolve));
      await b.core.changes.catchUp();
      await expect(reset).resolves.toMatchObject({ seq: expect.any(Number) });
    });
  });
}
