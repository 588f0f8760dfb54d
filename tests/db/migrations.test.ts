import { afterEach, describe, expect, it } from 'vitest';
import { DbError, loadMigrations, migrate, migrationLevel, type Db } from '../../db/index.js';
import { engines } from './engines.js';

const codeLevel = loadMigrations().length;

/** Everything a refusal must leave alone: the tables and the migration list. */
async function snapshot(db: Db) {
  const tables = await db.query<{ t: string }>(
    `SELECT table_schema || '.' || table_name AS t FROM information_schema.tables
     WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1`,
  );
  const applied = await db.query('SELECT version, name, checksum FROM public.watchfloor_migrations ORDER BY version');
  return { tables, applied };
}

for (const engine of engines()) {
  describe.skipIf(!engine.available)(`migrations on ${engine.name}`, () => {
    let db: Db;
    afterEach(async () => db?.close());

    it('migrates an empty database to the code level, and a second run changes nothing', async () => {
      db = await engine.fresh();
      expect(await migrationLevel(db)).toBe(0);
      expect(await migrate(db)).toBe(codeLevel);
      const before = await snapshot(db);
      expect(await migrate(db)).toBe(codeLevel);
      expect(await snapshot(db)).toEqual(before);
      expect(before.applied).toHaveLength(codeLevel);
    });

    it('sets up the module schemas, extensions and the demo site', async () => {
      db = await engine.fresh();
      await migrate(db);
      const schemas = await db.query<{ n: string }>(`SELECT nspname AS n FROM pg_namespace ORDER BY 1`);
      expect(schemas.map((s) => s.n)).toEqual(expect.arrayContaining(['iam', 'org', 'fleet', 'ops', 'city', 'audit', 'ingest']));
      const ext = await db.query<{ e: string }>(`SELECT extname AS e FROM pg_extension`);
      expect(ext.map((e) => e.e)).toEqual(expect.arrayContaining(['cube', 'earthdistance', 'pg_trgm']));
      const [site] = await db.query<{ slug: string; time_zone: string; maps: string }>(
        `SELECT s.slug, s.time_zone, count(m.*)::text AS maps FROM org.sites s JOIN org.site_maps m ON m.site_id = s.id GROUP BY 1, 2`,
      );
      expect(site).toEqual({ slug: 'lindenhof', time_zone: 'Europe/Amsterdam', maps: '1' });
      // 1 km north of the site map origin, measured by earthdistance.
      const [d] = await db.query<{ m: number }>(
        `SELECT earth_distance(ll_to_earth(origin_lat, origin_lon), ll_to_earth(origin_lat + 1000 / 111195.0, origin_lon)) AS m FROM org.site_maps`,
      );
      expect(d!.m).toBeGreaterThan(995);
      expect(d!.m).toBeLessThan(1005);
    });

    it('generates time-ordered version 7 UUIDs', async () => {
      db = await engine.fresh();
      await migrate(db);
      const rows = await db.query<{ id: string; ms: string }>(
        `SELECT org.uuid_v7(clock_timestamp() + g * interval '1 millisecond') AS id,
                (extract(epoch FROM clock_timestamp() + g * interval '1 millisecond') * 1000)::bigint::text AS ms
         FROM generate_series(1, 500) g`,
      );
      const ids = rows.map((r) => r.id);
      expect(new Set(ids).size).toBe(500);
      for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect([...ids].sort()).toEqual(ids); // one millisecond apart: sorted by text is sorted by time
      const [fixed] = await db.query<{ id: string }>(`SELECT org.uuid_v7('2026-01-02T03:04:05.678Z') AS id`);
      expect(parseInt(fixed!.id.replace(/-/g, '').slice(0, 12), 16)).toBe(Date.parse('2026-01-02T03:04:05.678Z'));
    });

    it('maintains updated_at by trigger', async () => {
      db = await engine.fresh();
      await migrate(db);
      await db.exec(`UPDATE org.sites SET updated_at = '2000-01-01', created_at = '2000-01-01'`);
      const [before] = await db.query<{ u: Date }>(`SELECT updated_at AS u FROM org.sites`);
      expect(before!.u.getUTCFullYear()).toBeGreaterThan(2000); // the trigger overrode the written value
      await db.exec(`UPDATE org.sites SET name = 'Renamed'`);
      const [after] = await db.query<{ u: Date; c: Date }>(`SELECT updated_at AS u, created_at AS c FROM org.sites`);
      expect(after!.u.getTime()).toBeGreaterThan(after!.c.getTime());
    });

    it('refuses a database newer than the code, changing nothing', async () => {
      db = await engine.fresh();
      await migrate(db);
      await db.query(`INSERT INTO public.watchfloor_migrations (version, name, checksum) VALUES ($1, 'from_the_future', 'x')`, [codeLevel + 1]);
      const before = await snapshot(db);
      const err = await migrate(db).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DbError);
      expect((err as DbError).code).toBe('too_new');
      expect((err as DbError).message).toMatch(/newer than this Watchfloor.*from_the_future.*not changed/);
      expect(await snapshot(db)).toEqual(before);
    });

    it('refuses a database whose applied migrations are not a prefix of the files', async () => {
      db = await engine.fresh();
      const files = loadMigrations();
      await migrate(db, files.slice(0, 1));
      await db.query(`UPDATE public.watchfloor_migrations SET checksum = 'edited' WHERE version = 1`);
      const before = await snapshot(db);
      await expect(migrate(db, files)).rejects.toMatchObject({ code: 'diverged', message: expect.stringMatching(/not a prefix.*migration 1/) });
      expect(await snapshot(db)).toEqual(before); // migration 2 was not applied
    });

    it('rolls back a failing migration whole and names it', async () => {
      db = await engine.fresh();
      const good = loadMigrations();
      const bad = [...good, { version: good.length + 1, name: 'broken', checksum: 'c', sql: 'CREATE TABLE org.half (id int); SELECT nonsense_fn();' }];
      await expect(migrate(db, bad)).rejects.toMatchObject({ code: 'bad_migration', message: expect.stringContaining('broken') });
      expect(await migrationLevel(db)).toBe(good.length);
      const [t] = await db.query<{ t: string | null }>(`SELECT to_regclass('org.half')::text AS t`);
      expect(t!.t).toBeNull();
    });

    it('lets two consoles migrate one database at once without applying anything twice', async () => {
      db = await engine.fresh();
      const results = await Promise.all([migrate(db), migrate(db), migrate(db)]);
      expect(results).toEqual([codeLevel, codeLevel, codeLevel]);
      expect(await migrationLevel(db)).toBe(codeLevel);
      const [n] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM org.sites`);
      expect(n!.n).toBe(1);
    });
  });
}
