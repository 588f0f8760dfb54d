// A first start copies the build's template database instead of running initdb and every
// migration; a template that does not fit the code (another PGlite, a migration the code does not
// have) is left alone and the database made from scratch, as before.
import { cpSync, lstatSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMigrations, openDb } from '../../db/index.js';
import { makeTemplate, readMarker, usableTemplate } from '../../db/template.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'wf-template-'));
const migrations = loadMigrations();

/** Opens a new data folder from `template`; what the new database says of when each migration was applied. */
async function firstStart(template: string) {
  const dataDir = tmp();
  const before = new Date();
  const db = await openDb({ dataDir, template });
  try {
    const applied = await db.query<{ version: number; applied_at: Date | string }>('SELECT version, applied_at FROM public.watchfloor_migrations ORDER BY version');
    const [site] = await db.query<{ slug: string }>('SELECT slug FROM org.sites');
    const old = applied.filter((a) => new Date(a.applied_at) < before).map((a) => a.version);
    return { dataDir, versions: applied.map((a) => a.version), copied: old, site: site?.slug };
  } finally {
    await db.close();
  }
}

describe('the new database template', () => {
  let full: string;
  let older: string;
  beforeAll(async () => {
    full = join(tmp(), 'template');
    older = join(tmp(), 'template');
    expect(await makeTemplate(full)).toBe(true);
    expect(await makeTemplate(older, migrations.slice(0, -3))).toBe(true);
  }, 300_000);

  it('is made once: a second build with the same migrations and PGlite leaves it as it was', async () => {
    const stamp = readFileSync(join(full, 'stamp.json'), 'utf8');
    expect(await makeTemplate(full)).toBe(false);
    expect(readFileSync(join(full, 'stamp.json'), 'utf8')).toBe(stamp);
    expect(readMarker(join(full, 'pgdata'))!.map((m) => m.version)).toEqual(migrations.map((m) => m.version));
  });

  it('starts a new data folder as a copy: every migration already applied, the folder its owner\'s only', async () => {
    const started = await firstStart(full);
    expect(started.versions).toEqual(migrations.map((m) => m.version));
    expect(started.copied).toEqual(started.versions); // all applied when the template was made, none now
    expect(started.site).toBe('lindenhof');
    const loose = (readdirSync(started.dataDir, { recursive: true }) as string[]).filter((f) => (lstatSync(join(started.dataDir, f)).mode & 0o077) !== 0);
    expect(loose).toEqual([]);
    // The template is untouched by its copy's start.
    expect(readMarker(join(full, 'pgdata'))).toEqual(readMarker(join(started.dataDir, 'pgdata')));
  }, 120_000);

  it('made by an older build: copied, and the migrations it lacks applied on the copy', async () => {
    const started = await firstStart(older);
    expect(started.versions).toEqual(migrations.map((m) => m.version));
    expect(started.copied).toEqual(migrations.slice(0, -3).map((m) => m.version));
    expect(readMarker(join(older, 'pgdata'))).toHaveLength(migrations.length - 3);
  }, 120_000);

  it('made by another PGlite, or holding a migration the code does not have: not used, the database made from scratch', async () => {
    const otherPglite = join(tmp(), 'template');
    cpSync(full, otherPglite, { recursive: true });
    writeFileSync(join(otherPglite, 'stamp.json'), JSON.stringify({ pglite: '0.0.1' }));
    const diverged = join(tmp(), 'template');
    cpSync(full, diverged, { recursive: true });
    const marker = join(diverged, 'pgdata', 'watchfloor-migrations.json');
    const applied = readMarker(join(diverged, 'pgdata'))!;
    writeFileSync(marker, JSON.stringify([...applied.slice(0, -1), { ...applied.at(-1)!, checksum: 'f'.repeat(64) }]));
    expect(usableTemplate(otherPglite)).toBeNull();
    expect(usableTemplate(diverged)).toBeNull();
    expect(usableTemplate(full)).toBe(join(full, 'pgdata'));

    const started = await firstStart(diverged);
    expect(started.versions).toEqual(migrations.map((m) => m.version));
    expect(started.copied).toEqual([]); // every migration applied by this start
  }, 300_000);
});
