// Response times: alert → acknowledged → on scene → resolved, per priority, agency or type.
import type { Queryable } from '../../db/index.js';
import type { Report, ReportValue, ResponseReportInput } from '../contract/index.js';
import type { z } from 'zod';
import { medianP90, num, reportHead, type SiteRange } from './range.js';
import { reportWords } from './words.js';

// A group without a name (no agency) is null here, and named in the report's language.
const GROUPS = { priority: "'P' || i.priority", agency: 'ag.name', type: 'i.type' } as const;
const STAGES = ['ack', 'scene', 'resolved'] as const;

/**
 * Each incident opened in the range, timed from its alert's arrival (or its creation) to
 * its alert's acknowledgement (an incident opened by hand is acknowledged as it is opened)
 * and to the first time its timeline says on scene and resolved.
 */
export async function responseReport(db: Queryable, r: SiteRange, input: z.infer<typeof ResponseReportInput>): Promise<Report> {
  const params: unknown[] = [r.siteId, r.start.toISOString(), r.end.toISOString()];
  let where = '';
  if (input.priorities?.length) where += ` AND i.priority = ANY($${params.push(input.priorities)}::int[])`;
  if (input.type) where += ` AND i.type = $${params.push(input.type)}`;
  const base = `SELECT ${GROUPS[input.groupBy]} AS grp, coalesce(a.received_at, i.created_at) AS start_at, coalesce(a.acknowledged_at, i.created_at) AS ack_at,
      (SELECT min(e.created_at) FROM ops.case_events e WHERE e.incident_id = i.id AND e.kind = 'status' AND e.details ->> 'to' = 'on_scene') AS scene_at,
      (SELECT min(e.created_at) FROM ops.case_events e WHERE e.incident_id = i.id AND e.kind = 'status' AND e.details ->> 'to' = 'resolved') AS resolved_at
    FROM ops.incidents i LEFT JOIN ops.alerts a ON a.id = i.source_alert_id LEFT JOIN ops.agencies ag ON ag.id = i.agency_id
    WHERE i.site_id = $1 AND i.created_at >= $2 AND i.created_at < $3${where}`;
  const stats = `count(*) AS n, count(scene_at) AS scene_n, count(resolved_at) AS resolved_n,
    ${medianP90('ack_at - start_at', 'ack')}, ${medianP90('scene_at - start_at', 'scene')}, ${medianP90('resolved_at - start_at', 'resolved')}`;
  const rows = await db.query<Record<string, unknown>>(
    `WITH base AS (${base})
     SELECT grp, GROUPING(grp) AS total, ${stats} FROM base GROUP BY GROUPING SETS ((grp), ())
     ORDER BY GROUPING(grp), grp NULLS FIRST`,
    params,
  );
  const w = reportWords(input.lang);
  const label = w(`response.${input.groupBy}`);
  const kept = rows.filter((x) => num(x.n)! > 0 || !num(x.total));
  const table = kept.map((x): Record<string, ReportValue> => ({
    group: num(x.total) ? w('all') : ((x.grp as string | null) ?? w('response.noAgency')),
    incidents: num(x.n),
    ...Object.fromEntries(STAGES.flatMap((k) => [[`${k}_p50`, num(x[`${k}_p50`])], [`${k}_p90`, num(x[`${k}_p90`])]])),
    reached_scene: num(x.scene_n),
    resolved: num(x.resolved_n),
  }));
  const groups = table.filter((_, i) => !num(kept[i]!.total));
  return {
    ...reportHead(r, 'response', w),
    tables: [{
      id: 'response', title: w('response.table', { group: label.toLowerCase() }),
      columns: [
        { key: 'group', label }, { key: 'incidents', label: w('response.incidents') },
        ...STAGES.flatMap((k) => [{ key: `${k}_p50`, label: w('median', { what: w(`response.${k}`) }) }, { key: `${k}_p90`, label: w('p90', { what: w(`response.${k}`) }) }]),
        { key: 'reached_scene', label: w('response.reachedScene') }, { key: 'resolved', label: w('response.resolved') },
      ],
      rows: table,
    }],
    charts: [{
      title: w('response.chart'), kind: 'bar', xLabel: label, x: groups.map((g) => String(g.group)),
      series: STAGES.map((k) => ({ label: w(`response.${k}`), values: groups.map((g) => g[`${k}_p50`] as number | null) })),
    }],
  };
}
