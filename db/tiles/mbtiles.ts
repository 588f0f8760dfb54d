// MBTiles 1.3 (https://github.com/mapbox/mbtiles-spec): a SQLite file with a `metadata`
// table of name/value pairs and a `tiles` table (or view) of z/x/y → tile_data, rows in
// TMS order (y counted from the south). Read with better-sqlite3, loaded only when a pack
// is opened, so a host whose runtime cannot load the native module still starts.
import type BetterSqlite3 from 'better-sqlite3';
import { createRequire } from 'node:module';

/** Why a file is not a usable MBTiles pack, in words for the person who chose it. */
export class TilePackError extends Error {
  override name = 'TilePackError';
}

type Database = BetterSqlite3.Database;
// Not named `require`: the Electron build's ESM shim declares that name in the same bundle.
const requireNative = createRequire(import.meta.url);
let driver: typeof BetterSqlite3 | null = null;

function sqlite(): typeof BetterSqlite3 {
  if (driver) return driver;
  try {
    return (driver = requireNative('better-sqlite3') as typeof BetterSqlite3);
  } catch (err) {
    throw new TilePackError(`MBTiles packs cannot be read here: the SQLite module did not load (${(err as Error).message.split('\n')[0]}).`);
  }
}

export interface MbtilesFile {
  /** The `metadata` table as name → value. */
  metadata: Record<string, string>;
  /** The tile's bytes as stored (vector tiles are usually gzipped), or null when the pack has none there. */
  tile(z: number, x: number, y: number): Buffer | null;
  /** Some tile of the pack (the first at its lowest zoom), to check it decodes. */
  anyTile(): { z: number; x: number; y: number; data: Buffer } | null;
  close(): void;
}

function wrap(db: Database): MbtilesFile {
  const rows = db.prepare<[], { name: string; value: string | null }>('SELECT name, value FROM metadata').all();
  const metadata = Object.fromEntries(rows.map((r) => [String(r.name), r.value == null ? '' : String(r.value)]));
  const one = db.prepare<[number, number, number], { tile_data: Buffer }>(
    'SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?',
  );
  return {
    metadata,
    tile(z, x, y) {
      // MBTiles rows count from the south (TMS); the map asks in XYZ, counted from the north.
      const row = one.get(z, x, (1 << z) - 1 - y);
      return row?.tile_data ? Buffer.from(row.tile_data) : null;
    },
    anyTile() {
      const r = db
        .prepare<[], { z: number; x: number; row: number; tile_data: Buffer }>(
          'SELECT zoom_level AS z, tile_column AS x, tile_row AS row, tile_data FROM tiles ORDER BY zoom_level LIMIT 1',
        )
        .get();
      return r ? { z: r.z, x: r.x, y: (1 << r.z) - 1 - r.row, data: Buffer.from(r.tile_data) } : null;
    },
    close: () => db.close(),
  };
}

/**
 * Checks a candidate pack (a copy the caller owns: it is switched out of WAL mode, so it
 * reads without side files) and returns it open. Refuses, with a `TilePackError`, a
 * damaged SQLite file and one without MBTiles' tables.
 */
export function checkMbtiles(path: string): MbtilesFile {
  let db: Database;
  try {
    db = new (sqlite())(path, { fileMustExist: true });
  } catch (err) {
    if (err instanceof TilePackError) throw err;
    throw new TilePackError(`The file could not be opened as SQLite: ${(err as Error).message}.`);
  }
  try {
    hardened(db);
    db.pragma('journal_mode = DELETE');
    const check = db.pragma('quick_check', { simple: false }) as { quick_check: string }[];
    const problems = check.map((r) => r.quick_check).filter((m) => m !== 'ok');
    if (problems.length) throw new TilePackError(`The file is damaged (SQLite's check: ${problems.slice(0, 3).join('; ')}).`);
    const names = new Set(db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')").all().map((r) => r.name));
    for (const need of ['metadata', 'tiles']) if (!names.has(need)) throw new TilePackError(`This SQLite file is not an MBTiles pack: it has no "${need}" table.`);
    return wrap(db);
  } catch (err) {
    db.close();
    if (err instanceof TilePackError) throw err;
    throw new TilePackError(`The file is damaged or not an MBTiles pack (SQLite says: ${(err as Error).message}).`);
  }
}

/** Opens a pack already checked, read-only, for serving its tiles. */
export function openMbtiles(path: string): MbtilesFile {
  return wrap(hardened(new (sqlite())(path, { readonly: true, fileMustExist: true })));
}

/**
 * A pack is a file from elsewhere: its schema (a `tiles` view, triggers) may call only
 * functions without side effects, and damaged cells are caught as they are read.
 */
function hardened(db: Database): Database {
  db.pragma('trusted_schema = OFF');
  db.pragma('cell_size_check = ON');
  return db;
}
