import type { Db, Queryable } from '../../db/index.js';

/** Every table of the database's own schemas (partitions counted through their parent). */
export async function tablesOf(q: Queryable): Promise<string[]> {
  const rows = await q.query<{ name: string }>(
    `SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) AS name
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
       AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
     ORDER BY 1`,
  );
  return rows.map((r) => r.name);
}

/** Exact row counts per table, as the manifest records them and a restore checks them. */
export async function rowCounts(q: Queryable): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of await tablesOf(q)) {
    const [r] = await q.query<{ n: string }>(`SELECT count(*) AS n FROM ${t}`);
    out[t] = Number(r!.n);
  }
  return out;
}

export async function auditTip(q: Queryable): Promise<{ seq: number; hash: string } | null> {
  const [r] = await q.query<{ seq: string; hash: string }>('SELECT seq, hash FROM audit.entries ORDER BY seq DESC LIMIT 1');
  return r ? { seq: Number(r.seq), hash: r.hash } : null;
}

/** What the manifest says of a database: its engine, schema level, rows and audit tip. */
export async function databaseFacts(db: Db, q: Queryable = db) {
  const [v] = await q.query<{ v: string }>('SELECT version() AS v');
  const counts = await rowCounts(q);
  return { engine: db.mode, engineVersion: v!.v, schemaLevel: counts['public.watchfloor_migrations'] ?? 0, rowCounts: counts, auditTip: await auditTip(q) };
}

/** Tables whose counts differ between a manifest and a restored database, each as a sentence. */
export function countDifferences(expected: Record<string, number>, actual: Record<string, number>): string[] {
  const names = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
  return names.filter((t) => expected[t] !== actual[t]).map((t) => `${t}: ${expected[t] ?? 'absent'} in the backup, ${actual[t] ?? 'absent'} restored`);
}
