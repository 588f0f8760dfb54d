// An Open311 import's notes of what it changed (city.open311_undo, migration 0029), so an
// import written in short transactions stays all or nothing: cancelled, failed, or left behind
// by a console that stopped, it is undone newest first, a short transaction at a time; once
// marked done (with its audit entry) its notes are dropped.
import type { Db, Queryable } from '../../db/index.js';

/** What one write changed: a row it created (old null) or the row as it was before. */
export interface UndoNote { kind: 'service' | 'request'; id: string; old: unknown; events: string[] }
export type Noter = (note: UndoNote) => void;

/** Notes undone (or dropped) per transaction: each is a few statements over this many rows. */
const UNDO_ROWS = 250;
/** An import being written touches its row every transaction; untouched this long, it was left behind. */
const LEFT_BEHIND = "interval '2 minutes'";

/** Request columns an import writes, restored as they were. */
const REQUEST_COLUMNS = ['category', 'description', 'lat', 'lon', 'address', 'status', 'status_notes', 'agency_responsible', 'service_notice', 'requested_at',
  'expected_at', 'closed_at', 'attachments', 'updated_at', 'address_id', 'zipcode', 'open311', 'version'];
const SERVICE_COLUMNS = ['service_name', 'description', 'service_group', 'keywords', 'keywords_text', 'type', 'metadata', 'attributes', 'deleted_at', 'updated_at'];

const yieldToOthers = () => new Promise((r) => setImmediate(r));

export async function beginImport(db: Db, siteId: string): Promise<string> {
  const [row] = await db.query<{ id: string }>('INSERT INTO city.open311_imports (site_id) VALUES ($1) RETURNING id', [siteId]);
  return row!.id;
}

/** Appends a transaction's notes (numbered on from `seq`) and marks the import as alive. */
export async function saveNotes(tx: Queryable, importId: string, seq: number, notes: UndoNote[]): Promise<void> {
  await tx.query('UPDATE city.open311_imports SET touched_at = now() WHERE id = $1', [importId]);
  if (!notes.length) return;
  const rows = notes.map((n, i) => ({ seq: seq + i, kind: n.kind, row_id: n.id, old: n.old, events: n.events }));
  await tx.query(
    `INSERT INTO city.open311_undo (import_id, seq, kind, row_id, old, events)
     SELECT $1, x.seq, x.kind, x.row_id, x.old, ARRAY(SELECT jsonb_array_elements_text(x.events)::bigint)
     FROM jsonb_to_recordset($2::jsonb) AS x(seq integer, kind text, row_id uuid, old jsonb, events jsonb)`, [importId, JSON.stringify(rows)]);
}

const restore = (table: string, columns: string[], extra = '') =>
  `UPDATE ${table} t SET (${columns.join(', ')}) = (SELECT ${columns.map((c) => `o.${c}`).join(', ')} FROM jsonb_populate_record(NULL::${table}, u.old) o)
   FROM city.open311_undo u WHERE u.import_id = $1 AND u.seq BETWEEN $2 AND $3 AND u.kind = $4 AND u.old IS NOT NULL AND t.id = u.row_id ${extra}`;
const drop = (table: string) =>
  `DELETE FROM ${table} t USING city.open311_undo u WHERE u.import_id = $1 AND u.seq BETWEEN $2 AND $3 AND u.kind = $4 AND u.old IS NULL AND t.id = u.row_id`;

/**
 * Undoes notes [from, to]: a request's timeline entries, then requests, then services. A
 * request someone changed since the import wrote it (its version moved on) keeps that change,
 * its timeline too: its notes are dropped first. Returns those requests' external ids.
 */
async function undoRange(tx: Queryable, importId: string, from: number, to: number): Promise<string[]> {
  const args = [importId, from, to];
  const kept = await tx.query<{ external_id: string }>(
    `WITH kept AS (DELETE FROM city.open311_undo u USING city.service_requests t
       WHERE u.import_id = $1 AND u.seq BETWEEN $2 AND $3 AND u.kind = 'request' AND t.id = u.row_id
         AND t.version <> coalesce((u.old ->> 'version')::integer + 1, 1) RETURNING t.external_id)
     SELECT DISTINCT external_id FROM kept ORDER BY 1`, args);
  await tx.query('SELECT city.undo_open311_events($1, $2, $3)', args);
  await tx.query(drop('city.service_requests'), [...args, 'request']);
  // The status machine has no closed → in_progress; such a request goes back by way of open.
  await tx.query(
    `UPDATE city.service_requests t SET status = 'open', closed_at = NULL FROM city.open311_undo u
     WHERE u.import_id = $1 AND u.seq BETWEEN $2 AND $3 AND u.kind = 'request' AND t.id = u.row_id AND t.status = 'closed' AND u.old ->> 'status' = 'in_progress'`, args);
  await tx.query(restore('city.service_requests', REQUEST_COLUMNS), [...args, 'request']);
  await tx.query(restore('city.services', SERVICE_COLUMNS), [...args, 'service']);
  await tx.query(drop('city.services'), [...args, 'service']);
  await tx.query('DELETE FROM city.open311_undo WHERE import_id = $1 AND seq BETWEEN $2 AND $3', args);
  return kept.map((r) => r.external_id);
}

/**
 * Undoes an import still being written, newest notes first, then removes it. `left` hears how
 * many notes remain. Returns the external ids of requests kept as someone changed them meanwhile.
 */
export async function undoImport(db: Db, importId: string, left?: (n: number) => void): Promise<string[]> {
  const kept = new Set<string>();
  for (;;) {
    const [top] = await db.query<{ seq: number | null; n: string }>('SELECT max(seq) AS seq, count(*) AS n FROM city.open311_undo WHERE import_id = $1', [importId]);
    left?.(Number(top?.n ?? 0));
    if (top?.seq == null) break;
    for (const id of await db.transaction((tx) => undoRange(tx, importId, Math.max(0, top.seq! - UNDO_ROWS + 1), top.seq!))) kept.add(id);
    await yieldToOthers();
  }
  await db.query("DELETE FROM city.open311_imports WHERE id = $1 AND state = 'writing'", [importId]);
  return [...kept].sort();
}

/** The commit point, inside the transaction of the import's audit entry: false when it was undone meanwhile. */
export async function markDone(tx: Queryable, importId: string): Promise<boolean> {
  return (await tx.query("UPDATE city.open311_imports SET state = 'done' WHERE id = $1 AND state = 'writing' RETURNING id", [importId])).length === 1;
}

/** Drops a finished import's notes a transaction at a time, then the import. */
export async function forgetImport(db: Db, importId: string): Promise<void> {
  let more = true;
  while (more) {
    more = (await db.query(
      `DELETE FROM city.open311_undo WHERE import_id = $1 AND seq IN (SELECT seq FROM city.open311_undo WHERE import_id = $1 ORDER BY seq LIMIT ${UNDO_ROWS * 4}) RETURNING seq`,
      [importId])).length > 0;
    await yieldToOthers();
  }
  await db.query("DELETE FROM city.open311_imports WHERE id = $1 AND state = 'done'", [importId]);
}

/** Finishes what a console that stopped half-way left: undoes imports being written, forgets finished ones. */
export async function settleLeftBehind(db: Db): Promise<number> {
  const rows = await db.query<{ id: string; state: string }>(
    `SELECT id, state FROM city.open311_imports WHERE state = 'done' OR touched_at < now() - ${LEFT_BEHIND} ORDER BY started_at`);
  for (const r of rows) await (r.state === 'done' ? forgetImport(db, r.id) : undoImport(db, r.id));
  return rows.length;
}
