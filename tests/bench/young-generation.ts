// The core's V8 young generation against ingest: the same burst (ingest.ts `sustained`, PGlite on its
// own thread) in processes started with each semi-space size in turn, alternating rounds, so each
// size meets the same machine. The publisher's worker keeps one young generation in all of them.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? null;

/** `sizes`: semi-space sizes in MB, 0 for V8's own default. */
export function youngGenerationBench(o: { sizes: number[]; rounds: number; burst: number; vehicles: number }) {
  const runs: Record<string, Record<string, unknown>[]> = Object.fromEntries(o.sizes.map((s) => [s || 'default', []]));
  for (let round = 0; round < o.rounds; round++) {
    for (const size of o.sizes) {
      const flags = size ? [`--max-semi-space-size=${size}`] : [];
      const out = execFileSync(process.execPath, [...flags, '--import', 'tsx', join(import.meta.dirname, 'young-generation-child.ts'), String(o.burst), String(o.vehicles), '48'], { encoding: 'utf8', timeout: 300_000 });
      runs[size || 'default']!.push(JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, unknown>);
    }
  }
  const summary = Object.fromEntries(Object.entries(runs).map(([size, rs]) => [size, {
    msgsPerSec: median(rs.map((r) => (r.sustained as { msgsPerSec: number }).msgsPerSec)),
    minorGcMs: median(rs.map((r) => (r.gcMs as { minor: number }).minor)),
    peakRssMiB: median(rs.map((r) => r.peakRssMiB as number)),
    rawInsertRowsPerSec: median(rs.map((r) => r.rawInsertRowsPerSec as number)),
  }]));
  return { burst: o.burst, vehicles: o.vehicles, rounds: o.rounds, medians: summary, runs };
}
