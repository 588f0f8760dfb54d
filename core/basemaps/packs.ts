// The offline map packs of one data folder: <data>/basemaps/<id>.(mbtiles|pmtiles) with
// <id>.json beside it, written last, so a pack without its JSON was never finished and is
// swept away. Uploads land in basemaps/.incoming and become a pack only once checked.
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { open, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BasemapPack, SHIPPED_BASEMAP } from '../contract/index.js';
import { checkMbtiles, openMbtiles, TilePackError } from '../../db/index.js';
import { DomainError } from '../errors.js';
import { describeMbtiles, describePmtiles, plainTile, type TileType } from './info.js';
import { checkPmtiles, openPmtiles } from './pmtiles.js';

type Format = BasemapPack['format'];
type Reader = (z: number, x: number, y: number) => Promise<Buffer | null>;
interface Upload { path: string; fileName: string; bytes: number; received: number; userId: string; touched: number; busy: boolean }
/** A checked upload, ready to become a pack. */
export interface Candidate { uploadId: string; path: string; pack: Omit<BasemapPack, 'id'> }

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
const UPLOAD_IDLE_MS = 15 * 60_000;

/** What the first bytes say the file is; refuses anything else in words. */
export function formatOf(head: Buffer): Format {
  if (head.subarray(0, 16).equals(SQLITE_MAGIC)) return 'mbtiles';
  if (head.subarray(0, 7).toString('latin1') === 'PMTiles') {
    if (head[7] === 3) return 'pmtiles';
    throw new TilePackError(`This is a PMTiles file of version ${head[7] ?? '?'}; the console reads version 3 (convert it with the pmtiles tool's "convert").`);
  }
  throw new TilePackError('This is not an MBTiles or PMTiles file: it does not begin as either does.');
}

export class BasemapPacks {
  readonly dir: string;
  private readonly incoming: string;
  private readonly uploads = new Map<string, Upload>();
  private readonly readers = new Map<string, Promise<{ read: Reader; close: () => void; type: TileType; maxzoom: number; minzoom: number }>>();

  constructor(dataDir: string, private readonly now: () => Date = () => new Date()) {
    this.dir = join(dataDir, 'basemaps');
    this.incoming = join(this.dir, '.incoming');
    mkdirSync(this.incoming, { recursive: true, mode: 0o700 });
    this.sweep();
  }

  /** Uploads of an earlier run and packs whose JSON was never written are removed. */
  private sweep(): void {
    for (const f of readdirSync(this.incoming)) rmSync(join(this.incoming, f), { force: true });
    const names = new Set(readdirSync(this.dir));
    for (const f of names) {
      const m = /^(.+)\.(mbtiles|pmtiles)$/.exec(f);
      if ((m && !names.has(`${m[1]}.json`)) || f.endsWith('.tmp')) rmSync(join(this.dir, f), { force: true });
    }
  }

  list(): BasemapPack[] {
    const packs: BasemapPack[] = [];
    for (const f of readdirSync(this.dir)) {
      if (!f.endsWith('.json') || f === 'sites.json') continue;
      const parsed = BasemapPack.safeParse(JSON.parse(readFileSync(join(this.dir, f), 'utf8')));
      if (parsed.success) packs.push(parsed.data);
    }
    return packs.sort((a, b) => a.name.localeCompare(b.name));
  }

  find(id: string): BasemapPack | undefined {
    return this.list().find((p) => p.id === id);
  }

  /** A tile as the map reads it (vector tiles unzipped); null when the pack has none there; undefined when there is no such pack. */
  async tile(id: string, z: number, x: number, y: number): Promise<{ data: Buffer | null; type: TileType } | undefined> {
    let opened = this.readers.get(id);
    if (!opened) {
      const pack = this.find(id);
      if (!pack) return undefined;
      this.readers.set(id, (opened = this.reader(pack)));
      opened.catch(() => this.readers.delete(id));
    }
    const r = await opened;
    if (z < r.minzoom || z > r.maxzoom) return { data: null, type: r.type };
    const data = await r.read(z, x, y);
    return { data: data && r.type === 'pbf' ? plainTile(data) : data, type: r.type };
  }

  private async reader(pack: BasemapPack) {
    const file = join(this.dir, `${pack.id}.${pack.format}`);
    let read: Reader;
    let close = () => {};
    if (pack.format === 'mbtiles') {
      const m = openMbtiles(file);
      read = async (z, x, y) => m.tile(z, x, y);
      close = () => m.close();
    } else {
      const p = await openPmtiles(file);
      read = (z, x, y) => p.tile(z, x, y);
    }
    return { read, close, type: pack.tileType, minzoom: pack.minzoom, maxzoom: pack.maxzoom };
  }

  begin(userId: string, fileName: string, bytes: number): { uploadId: string } {
    this.expire();
    const uploadId = randomUUID();
    const path = join(this.incoming, `${uploadId}.part`);
    rmSync(path, { force: true });
    this.uploads.set(uploadId, { path, fileName, bytes, received: 0, userId, touched: Date.now(), busy: false });
    return { uploadId };
  }

  private upload(userId: string, uploadId: string): Upload {
    const u = this.uploads.get(uploadId);
    if (!u || u.userId !== userId) throw new DomainError('not_found', { code: 'basemaps.uploadNotUnderWay' });
    u.touched = Date.now();
    return u;
  }

  /** Appends the next piece; pieces must come in order. */
  async chunk(userId: string, uploadId: string, offset: number, data: Buffer): Promise<{ received: number }> {
    const u = this.upload(userId, uploadId);
    if (u.busy || offset !== u.received) throw new DomainError('conflict', { code: 'upload.wrongOffset', params: { received: u.received, offset } });
    if (u.received + data.length > u.bytes) throw new DomainError('invalid', { code: 'upload.tooLarge', params: { bytes: u.bytes } });
    u.busy = true;
    const fh = await open(u.path, 'a', 0o600).catch((err: unknown) => ((u.busy = false), Promise.reject(err)));
    try {
      await fh.write(data);
      u.received += data.length;
    } finally {
      u.busy = false;
      await fh.close();
    }
    return { received: u.received };
  }

  /** Drops an upload and its partial file. */
  async cancel(userId: string, uploadId: string): Promise<void> {
    const u = this.upload(userId, uploadId);
    this.uploads.delete(uploadId);
    await rm(u.path, { force: true });
  }

  /**
   * Checks a complete upload. A file that is not a usable pack is refused with a
   * `TilePackError` and deleted: nothing of it stays in the data folder.
   */
  async check(userId: string, uploadId: string, name: string, by: string): Promise<Candidate> {
    const u = this.upload(userId, uploadId);
    try {
      if (u.received !== u.bytes) throw new TilePackError(`The upload is incomplete: ${u.received} of ${u.bytes} bytes arrived.`);
      return { uploadId, path: u.path, pack: await this.describe(u, name, by) };
    } catch (err) {
      this.uploads.delete(uploadId);
      await rm(u.path, { force: true });
      throw err;
    }
  }

  private async describe(u: Upload, name: string, by: string): Promise<Omit<BasemapPack, 'id'>> {
    const fh = await open(u.path, 'r');
    const head = Buffer.alloc(16);
    try {
      await fh.read(head, 0, 16, 0);
    } finally {
      await fh.close();
    }
    const format = formatOf(head);
    let described;
    if (format === 'mbtiles') {
      const f = checkMbtiles(u.path);
      try {
        described = describeMbtiles(f);
      } finally {
        f.close();
      }
    } else described = await describePmtiles(await checkPmtiles(u.path));
    const { title, ...rest } = described;
    const bytes = (await stat(u.path)).size;
    return { name: name || title || u.fileName, format, ...rest, bytes, fileName: u.fileName, importedAt: this.now().toISOString(), importedBy: by };
  }

  /** Moves a checked upload into place: the data file first, its JSON last (the pack exists once that is there). */
  async commit(c: Candidate): Promise<BasemapPack> {
    const pack: BasemapPack = { id: randomUUID(), ...c.pack };
    const file = join(this.dir, `${pack.id}.${pack.format}`);
    const meta = join(this.dir, `${pack.id}.json`);
    this.uploads.delete(c.uploadId);
    try {
      await rename(c.path, file);
      await writeFile(`${meta}.tmp`, JSON.stringify(pack, null, 2), { mode: 0o600 });
      await rename(`${meta}.tmp`, meta);
    } catch (err) {
      await Promise.all([c.path, file, `${meta}.tmp`].map((f) => rm(f, { force: true })));
      throw err;
    }
    return pack;
  }

  /** Removes a pack: its JSON first, so it is gone from the list even if its data file stays behind until the next start. */
  async remove(id: string): Promise<BasemapPack> {
    const pack = this.find(id);
    if (!pack) throw new DomainError('not_found', { code: 'basemaps.noSuchPackRemoved' });
    await rm(join(this.dir, `${id}.json`), { force: true });
    const reader = this.readers.get(id);
    this.readers.delete(id);
    await reader?.then((r) => r.close(), () => {});
    await rm(join(this.dir, `${id}.${pack.format}`), { force: true });
    const defaults = this.siteDefaults();
    for (const [site, chosen] of Object.entries(defaults)) if (chosen === id) delete defaults[site];
    await this.writeSiteDefaults(defaults);
    return pack;
  }

  siteDefaults(): Record<string, string> {
    try {
      const parsed = JSON.parse(readFileSync(join(this.dir, 'sites.json'), 'utf8')) as unknown;
      return parsed && typeof parsed === 'object' ? { ...(parsed as Record<string, string>) } : {};
    } catch {
      return {};
    }
  }

  async setSiteDefault(siteId: string, basemap: string): Promise<string> {
    if (basemap !== SHIPPED_BASEMAP && !this.find(basemap)) throw new DomainError('not_found', { code: 'basemaps.noSuchPack' });
    const defaults = this.siteDefaults();
    const before = defaults[siteId] ?? SHIPPED_BASEMAP;
    defaults[siteId] = basemap;
    await this.writeSiteDefaults(defaults);
    return before;
  }

  private async writeSiteDefaults(defaults: Record<string, string>): Promise<void> {
    const file = join(this.dir, 'sites.json');
    await writeFile(`${file}.tmp`, JSON.stringify(defaults, null, 2), { mode: 0o600 });
    await rename(`${file}.tmp`, file);
  }

  /** Uploads left idle are dropped with their partial files. */
  private expire(): void {
    const cutoff = Date.now() - UPLOAD_IDLE_MS;
    for (const [id, u] of this.uploads) {
      if (u.touched >= cutoff) continue;
      this.uploads.delete(id);
      rmSync(u.path, { force: true });
    }
  }
}

const byFolder = new Map<string, BasemapPacks>();
/** One catalogue per data folder, shared by the router and the host serving its tiles. */
export function basemapsFor(dataDir: string): BasemapPacks {
  let packs = byFolder.get(dataDir);
  if (!packs) byFolder.set(dataDir, (packs = new BasemapPacks(dataDir)));
  return packs;
}
