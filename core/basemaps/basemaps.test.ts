// Offline basemaps end to end in core: packs made here are imported through the router in
// pieces, their tiles read back as the map asks for them; damaged, truncated and foreign
// files are refused in words and leave nothing in the data folder.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VectorTile } from '@mapbox/vector-tile';
import Pbf from 'pbf';
import { zxyToTileId } from 'pmtiles';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hilbertTileId, importPack, pngTile, tilesAround, vectorTile, writeMbtiles, writePmtiles } from '../../tests/basemaps/make-packs.js';
import { testCore } from '../testing.js';

const LON = 5.4697;
const LAT = 51.4416;
const BOUNDS: [number, number, number, number] = [5.4, 51.4, 5.55, 51.5];

describe('offline basemaps', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'wf-basemaps-'));
  const files = mkdtempSync(join(tmpdir(), 'wf-packs-'));
  let t: Awaited<ReturnType<typeof testCore>>;
  let admin: Awaited<ReturnType<typeof t.signedIn>>;
  const raster = tilesAround(LON, LAT, 10, 16, (z) => pngTile([z * 15, 120, 200 - z * 10]));

  beforeAll(async () => {
    t = await testCore({ config: { dataDir } });
    admin = await t.signedIn(['admin'], 'admin@site.test');
  });
  afterAll(() => t.db.close());

  const packFiles = () => readdirSync(join(dataDir, 'basemaps')).filter((f) => f !== 'sites.json' && f !== '.incoming');
  const incoming = () => readdirSync(join(dataDir, 'basemaps', '.incoming'));
  const auditOf = (outcome: string) =>
    t.db.query<{ reason: string | null; resource_id: string | null }>(
      "SELECT body->>'reason' AS reason, resource_id FROM audit.entries WHERE resource_type = 'basemap' AND body->>'outcome' = $1 ORDER BY seq", [outcome]);

  it('writes PMTiles tile ids as the spec says (checked against the reader library)', () => {
    for (const [z, x, y] of [[0, 0, 0], [1, 1, 0], [3, 5, 2], [12, 2103, 1360], [16, 33764, 21785]] as const) {
      expect(hilbertTileId(z, x, y)).toBe(zxyToTileId(z, x, y));
    }
  });

  it('imports a raster MBTiles pack, serves its tiles in XYZ order, and audits the import', async () => {
    const file = join(files, 'raster.mbtiles');
    writeMbtiles(file, { name: 'Eindhoven aerial', format: 'png', minzoom: '10', maxzoom: '16', bounds: BOUNDS.join(','), center: `${LON},${LAT},15`, attribution: 'Test imagery' }, raster);
    const pack = await importPack(admin.basemaps, readFileSync(file), 'raster.mbtiles', 'Aerial');
    const listed = (await admin.basemaps.list()).packs.find((p) => p.id === pack.id)!;
    expect(listed).toMatchObject({ name: 'Aerial', format: 'mbtiles', kind: 'raster', tileType: 'png', minzoom: 10, maxzoom: 16, bounds: BOUNDS, center: [LON, LAT], attribution: 'Test imagery' });
    const t15 = raster.find((r) => r.z === 15)!;
    const got = await t.core.basemaps.tile(pack.id, 15, t15.x, t15.y);
    expect(got?.type).toBe('png');
    expect(got?.data?.equals(t15.data)).toBe(true);
    expect((await t.core.basemaps.tile(pack.id, 15, t15.x + 1, t15.y))?.data).toBeNull();
    expect(incoming()).toEqual([]);
    expect((await auditOf('success')).map((a) => a.resource_id)).toContain(pack.id);
  });

  it('imports a vector PMTiles archive and serves its tiles unzipped, readable as Mapbox Vector Tiles', async () => {
    const file = join(files, 'vector.pmtiles');
    const tiles = tilesAround(LON, LAT, 12, 14, () => vectorTile());
    writePmtiles(file, tiles, { tileType: 1, bounds: BOUNDS, center: [LON, LAT, 13], metadata: { name: 'Streets', attribution: 'Test streets', vector_layers: [{ id: 'area' }, { id: 'label' }] } });
    const pack = await importPack(admin.basemaps, readFileSync(file), 'vector.pmtiles', 'Streets');
    const listed = (await admin.basemaps.list()).packs.find((p) => p.id === pack.id)!;
    expect(listed).toMatchObject({ format: 'pmtiles', kind: 'vector', tileType: 'pbf', minzoom: 12, maxzoom: 14, vectorLayers: ['area', 'label'], attribution: 'Test streets' });
    const t13 = tiles.find((x) => x.z === 13)!;
    const got = await t.core.basemaps.tile(pack.id, 13, t13.x, t13.y);
    const vt = new VectorTile(new Pbf(got!.data!));
    expect(Object.keys(vt.layers).sort()).toEqual(['area', 'label']);
    expect(vt.layers.label!.feature(0).properties.name).toBe('Test square');
  });

  it('imports a vector MBTiles pack (gzipped tiles) and a raster PMTiles archive', async () => {
    const vfile = join(files, 'vector.mbtiles');
    const vtiles = tilesAround(LON, LAT, 14, 14, () => vectorTile());
    writeMbtiles(vfile, { name: 'v', format: 'pbf', json: JSON.stringify({ vector_layers: [{ id: 'area' }, { id: 'label' }] }) }, vtiles);
    const v = await importPack(admin.basemaps, readFileSync(vfile), 'vector.mbtiles', 'Vector MBTiles');
    expect((await t.core.basemaps.tile(v.id, 14, vtiles[0]!.x, vtiles[0]!.y))?.data?.equals(vectorTile())).toBe(true);

    const rfile = join(files, 'raster.pmtiles');
    writePmtiles(rfile, raster, { tileType: 2, bounds: BOUNDS, center: [LON, LAT, 15], metadata: {} });
    const r = await importPack(admin.basemaps, readFileSync(rfile), 'raster.pmtiles', 'Raster PMTiles');
    const t16 = raster.find((x) => x.z === 16)!;
    expect((await t.core.basemaps.tile(r.id, 16, t16.x, t16.y))?.data?.equals(t16.data)).toBe(true);
  });

  it('refuses truncated MBTiles and PMTiles files, a foreign file and an incomplete upload, leaving nothing behind', async () => {
    const before = packFiles().sort();
    const mb = join(files, 'big.mbtiles');
    writeMbtiles(mb, { name: 'big', format: 'png' }, tilesAround(LON, LAT, 4, 18, (z) => pngTile([z * 10, 30, 90])));
    const whole = readFileSync(mb);
    await expect(importPack(admin.basemaps, whole.subarray(0, Math.floor(whole.length * 0.6)), 'cut.mbtiles', 'Cut')).rejects.toThrow(/refused: The file is damaged/);

    const pm = join(files, 'cut.pmtiles');
    writePmtiles(pm, raster, { tileType: 2, bounds: BOUNDS, center: [LON, LAT, 15], metadata: {} });
    const pmBytes = readFileSync(pm);
    await expect(importPack(admin.basemaps, pmBytes.subarray(0, pmBytes.length - 500), 'cut.pmtiles', 'Cut')).rejects.toThrow(/incomplete: its tile data runs to byte \d+, but the file has \d+ bytes/);

    await expect(importPack(admin.basemaps, pngTile([1, 2, 3]), 'photo.png', 'Photo')).rejects.toThrow(/not an MBTiles or PMTiles file/);

    const { uploadId } = await admin.basemaps.importBegin({ fileName: 'half.pmtiles', bytes: pmBytes.length });
    await admin.basemaps.importChunk({ uploadId, offset: 0, data: pmBytes.subarray(0, 1000).toString('base64') });
    await expect(admin.basemaps.importFinish({ uploadId, name: 'Half' })).rejects.toThrow(/incomplete: 1000 of \d+ bytes arrived/);

    expect(packFiles().sort()).toEqual(before);
    expect(incoming()).toEqual([]);
    const failed = (await auditOf('failed')).map((a) => a.reason);
    expect(failed).toHaveLength(4);
    expect(failed[0]).toMatch(/damaged/);
  });

  it('adds nothing when the audit entry cannot be written (the database fails as the import commits)', async () => {
    const before = packFiles().sort();
    const file = join(files, 'unaudited.mbtiles');
    writeMbtiles(file, { name: 'u', format: 'png' }, raster.slice(0, 2));
    const bytes = readFileSync(file);
    const { uploadId } = await admin.basemaps.importBegin({ fileName: 'unaudited.mbtiles', bytes: bytes.length });
    await admin.basemaps.importChunk({ uploadId, offset: 0, data: bytes.toString('base64') });
    const transaction = t.db.transaction;
    t.db.transaction = () => Promise.reject(new Error('the database went away'));
    try {
      await expect(admin.basemaps.importFinish({ uploadId, name: 'Unaudited' })).rejects.toThrow();
    } finally {
      t.db.transaction = transaction;
    }
    expect(packFiles().sort()).toEqual(before);
    expect(incoming()).toEqual([]);
    expect((await admin.basemaps.list()).packs.map((p) => p.name)).not.toContain('Unaudited');
  });

  it('lets only administrators import, remove or set a site basemap; others may list', async () => {
    const operator = await t.signedIn(['operator']);
    await expect(operator.basemaps.importBegin({ fileName: 'x.mbtiles', bytes: 10 })).rejects.toThrow(/settings:manage/);
    const { packs } = await operator.basemaps.list();
    expect(packs.length).toBeGreaterThan(0);
    await expect(operator.basemaps.remove({ id: packs[0]!.id })).rejects.toThrow(/settings:manage/);
  });

  it('sets a site default, and removing a pack drops its files and that default', async () => {
    const [site] = await t.db.query<{ id: string }>("INSERT INTO org.sites (slug, name, time_zone, lat, lon) VALUES ('basemap-test', 'Basemap test', 'Europe/Amsterdam', 51.44, 5.47) RETURNING id");
    const pack = (await admin.basemaps.list()).packs.find((p) => p.name === 'Aerial')!;
    await admin.basemaps.setSiteDefault({ siteId: site!.id, basemap: pack.id });
    expect((await admin.basemaps.list()).siteDefaults[site!.id]).toBe(pack.id);
    const [entry] = await t.db.query<{ body: { newValues: unknown; oldValues: unknown } }>(
      "SELECT body FROM audit.entries WHERE action = 'basemaps.set_site_default' AND resource_id = $1", [site!.id]);
    expect(entry?.body).toMatchObject({ oldValues: { basemap: 'shipped' }, newValues: { basemap: pack.id } });
    await expect(admin.basemaps.setSiteDefault({ siteId: site!.id, basemap: '00000000-0000-4000-8000-000000000000' })).rejects.toThrow(/no such map pack/);
    await admin.basemaps.remove({ id: pack.id });
    expect(packFiles().some((f) => f.startsWith(pack.id))).toBe(false);
    expect(await t.core.basemaps.tile(pack.id, 15, 0, 0)).toBeUndefined();
    expect((await admin.basemaps.list()).siteDefaults[site!.id]).toBeUndefined();
  });
});
