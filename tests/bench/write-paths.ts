// The ways a batch of telemetry can be written, measured side by side (issue 17: "measure each
// and keep the best"): the writer ships the fastest each engine offers (core/fleet/writer.ts).
import { copyText, type Queryable } from '../../db/index.js';
import { json, telemetryByJsonb, TELEMETRY_KEYS, TELEMETRY_RECORD, TELEMETRY_TYPES } from '../../core/fleet/writer.js';
import type { TelemetryRow } from '../../core/fleet/batch.js';

const COLUMNS = TELEMETRY_KEYS.join(', ');

export const writePaths: Record<string, (tx: Queryable, rows: TelemetryRow[]) => Promise<unknown>> = {
  /** One jsonb parameter (the writer's path on PGlite before 2026-12-04, and still on PostgreSQL). */
  jsonb: telemetryByJsonb,
  /** One json parameter: parsed as it is read, not into a jsonb value first. */
  json: (tx, rows) => tx.query(`INSERT INTO fleet.telemetry (${COLUMNS}) SELECT * FROM json_to_recordset($1::json) AS t(${TELEMETRY_RECORD})`, [json(rows)]),
  /** An array parameter per column, unnested: a multi-row insert whose statement does not change with the batch's size. */
  unnest: (tx, rows) => tx.query(
    `INSERT INTO fleet.telemetry (${COLUMNS}) SELECT * FROM unnest(${TELEMETRY_TYPES.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})`,
    TELEMETRY_KEYS.map((k) => rows.map((r) => r[k])),
  ),
  /** COPY from the rows as text (PGlite's /dev/blob; only where the engine has copyIn). */
  copy: (tx, rows) => tx.copyIn!(`fleet.telemetry (${COLUMNS})`, copyText(rows, TELEMETRY_KEYS)),
};
