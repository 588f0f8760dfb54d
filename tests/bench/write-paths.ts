// The ways a batch of telemetry can be written, measured side by side (issue 17: "measure each
// and keep the best"): the writer ships the fastest each engine offers (core/fleet/writer.ts).
import { copyText, type Queryable } from '../../db/index.js';
import { json } from '../../core/fleet/writer.js';
import type { TelemetryRow } from '../../core/fleet/batch.js';

const KEYS = ['vehicle_id', 'ts', 'map_id', 'x', 'y', 'lat', 'lon', 'heading', 'speed', 'battery', 'driving', 'error_count'] as const;
const COLUMNS = KEYS.join(', ');
const TYPES = 'vehicle_id uuid, ts timestamptz, map_id text, x float8, y float8, lat float8, lon float8, heading float8, speed float8, battery float8, driving boolean, error_count smallint';
const ARRAYS = 'uuid[], timestamptz[], text[], float8[], float8[], float8[], float8[], float8[], float8[], float8[], boolean[], smallint[]';

export const writePaths: Record<string, (tx: Queryable, rows: TelemetryRow[]) => Promise<unknown>> = {
  /** One jsonb parameter (the writer's path before 2026-12-04, and still on PostgreSQL). */
  jsonb: (tx, rows) => tx.query(`INSERT INTO fleet.telemetry (${COLUMNS}) SELECT * FROM jsonb_to_recordset($1::jsonb) AS t(${TYPES})`, [json(rows)]),
  /** One json parameter: parsed as it is read, not into a jsonb value first. */
  json: (tx, rows) => tx.query(`INSERT INTO fleet.telemetry (${COLUMNS}) SELECT * FROM json_to_recordset($1::json) AS t(${TYPES})`, [json(rows)]),
  /** An array parameter per column, unnested: a multi-row insert whose statement does not change with the batch's size. */
  unnest: (tx, rows) => tx.query(
    `INSERT INTO fleet.telemetry (${COLUMNS}) SELECT * FROM unnest(${ARRAYS.split(', ').map((t, i) => `$${i + 1}::${t}`).join(', ')})`,
    KEYS.map((k) => rows.map((r) => r[k])),
  ),
  /** COPY from the rows as text (PGlite's /dev/blob; only where the engine has copyIn). */
  copy: (tx, rows) => tx.copyIn!(`fleet.telemetry (${COLUMNS})`, copyText(rows, KEYS)),
};
