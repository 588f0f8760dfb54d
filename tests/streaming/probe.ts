// What the streaming test and bench share: ingest going on beside the work (the writer's
// own batch statement, 10 a second, as the ingest writer commits), the longest a write
// had to wait, another client's `system.health` calls and how long each took, the process's
// peak memory, and the transfer calls a client makes.
import { writeBatch, type Batch } from '../../core/fleet/writer.js';
import type { Core } from '../../core/index.js';
import type { Db } from '../../db/index.js';

export interface IngestProbe { stop(): Promise<{ writes: number; maxStallMs: number; p99Ms: number }> }

/** Commits one telemetry batch every 100 ms; a stall is how late a write completes after it was due. */
export function ingestProbe(db: Db, vehicleId: string): IngestProbe {
  let running = true;
  const delays: number[] = [];
  const loop = (async () => {
    let due = performance.now();
    while (running) {
      const batch: Batch = {
        telemetry: [{ vehicle_id: vehicleId, ts: new Date().toISOString(), map_id: 'm', x: 1, y: 2, lat: 51.44, lon: 5.47, heading: 0, speed: 1, battery: 80, driving: true, error_count: 0 }],
        vehicles: new Map(), connections: [], readings: [], quarantine: [], repeats: [],
      };
      await db.transaction((tx) => writeBatch(tx, batch));
      delays.push(performance.now() - due);
      due += 100;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      else due = performance.now();
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      const sorted = [...delays].sort((a, b) => a - b);
      return { writes: delays.length, maxStallMs: Math.round(sorted[sorted.length - 1] ?? 0), p99Ms: Math.round(sorted[Math.floor(sorted.length * 0.99)] ?? 0) };
    },
  };
}

export interface HealthProbe { stop(): Promise<{ calls: number; failed: number; p50Ms: number; p95Ms: number; p99Ms: number; maxMs: number; callP95Ms: number }> }

/**
 * Calls `system.health` every 100 ms as another client would (pass an anonymous caller). A call's
 * latency runs from when it was due, so a busy event loop that fires the timer late counts, as it
 * would for a request waiting in the queue; `callP95Ms` is the p95 of the calls alone.
 */
export function healthProbe(api: ReturnType<Core['caller']>): HealthProbe {
  let running = true;
  const latencies: number[] = [];
  const calls: number[] = [];
  let failed = 0;
  const loop = (async () => {
    let due = performance.now();
    while (running) {
      const t0 = performance.now();
      const h = await api.system.health();
      if (!h.ok) failed++;
      const end = performance.now();
      latencies.push(end - due);
      calls.push(end - t0);
      due += 100;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      else due = performance.now();
    }
  })();
  const at = (sorted: number[], q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? 0);
  return {
    async stop() {
      running = false;
      await loop;
      const sorted = [...latencies].sort((a, b) => a - b);
      return {
        calls: sorted.length, failed, p50Ms: at(sorted, 0.5), p95Ms: at(sorted, 0.95), p99Ms: at(sorted, 0.99), maxMs: Math.round(sorted[sorted.length - 1] ?? 0),
        callP95Ms: at([...calls].sort((a, b) => a - b), 0.95),
      };
    },
  };
}

/** Samples resident and heap memory every 50 ms; `stop` gives the peaks in MiB above the start. */
export function memoryPeak() {
  const base = process.memoryUsage();
  let rss = base.rss;
  let heap = base.heapUsed + base.external + base.arrayBuffers;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed + m.external + m.arrayBuffers);
  }, 50);
  const mib = (n: number) => Math.round(n / 1048576);
  return {
    stop() {
      clearInterval(timer);
      return { baseRssMiB: mib(base.rss), peakRssMiB: mib(rss), peakHeapMiB: mib(heap), heapGrowthMiB: mib(heap - (base.heapUsed + base.external + base.arrayBuffers)) };
    },
  };
}

export async function vehicleFor(db: Db): Promise<string> {
  const [site] = await db.query<{ id: string }>("SELECT id FROM org.sites WHERE slug = 'lindenhof'");
  const [v] = await db.query<{ id: string }>(
    "INSERT INTO fleet.vehicles (site_id, manufacturer, serial_number, name) VALUES ($1, 'probe', 'ingest-probe', 'Ingest probe') RETURNING id", [site!.id]);
  return v!.id;
}
