// Streamed imports and exports at volume (issue 19): an Open311 file of 50,000 requests uploaded
// in chunks, previewed and imported, and an audit export of 1,000,000 entries, each while ingest
// commits a batch every 100 ms. Reported: the longest an ingest write waited (against the same
// probe with nothing else running, the floor), how long another client's `system.health` calls
// took, one every 100 ms (issue 17 item 6: p95 < 200 ms, against the same probe's floor), the
// process's peak memory, and the time taken (the audit export against reading the same rows
// without writing them).
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { cityFixture } from '../db/city-fixture.js';
import { settled, uploadFiles, writeRequestsFile } from '../streaming/client.js';
import { healthProbe, ingestProbe, memoryPeak, vehicleFor } from '../streaming/probe.js';
import { fillChain } from './audit.js';
import { onEachEngine } from './engines.js';
import type { Db } from '../../db/index.js';

const LONG = 6 * 3600_000;
const seconds = (t0: number) => Math.round((performance.now() - t0) / 100) / 10;

async function run(db: Db, o: { requests: number; entries: number }) {
  const dir = mkdtempSync(join(tmpdir(), 'wf-bench-stream-'));
  try {
    const { t, op, siteId } = await cityFixture(db);
    const admin = await t.signedIn(['admin'], 'bench-auditor@site.test');
    const vehicle = await vehicleFor(db);
    const anonymous = t.core.caller();
    // The floors: the same probes (ingest and health, together as during the work) for 5 s with nothing else running.
    const idle = ingestProbe(db, vehicle);
    let health = healthProbe(anonymous);
    await new Promise((r) => setTimeout(r, 5000));
    const floor = await idle.stop();
    const healthFloor = await health.stop();

    const file = join(dir, 'requests.json');
    const bytes = await writeRequestsFile(file, o.requests, 'json');
    let probe = ingestProbe(db, vehicle);
    health = healthProbe(anonymous);
    let memory = memoryPeak();
    let t0 = performance.now();
    const previewed = await uploadFiles(op, siteId, [{ name: 'requests.json', path: file, bytes }], LONG);
    const previewSeconds = seconds(t0);
    if (previewed.state !== 'done') throw new Error(`preview: ${previewed.error}`);
    t0 = performance.now();
    await op.transfer.open311Import({ id: previewed.id, choice: 'all' });
    const imported = await settled(op, previewed.id, LONG);
    if (imported.state !== 'done') throw new Error(`import: ${imported.error}`);
    const importSeconds = seconds(t0);
    const open311 = {
      requests: o.requests, fileMiB: Math.round(bytes / 104857.6) / 10, uploadAndPreviewSeconds: previewSeconds, importSeconds,
      requestsPerSecond: Math.round(o.requests / importSeconds), ingest: await probe.stop(), health: await health.stop(), memory: memory.stop(),
    };

    const last = await fillChain(db, o.entries);
    t0 = performance.now();
    await db.query('SELECT count(*), sum(length(body::text) + length(prev_hash) + length(hash)) FROM audit.entries');
    const readSeconds = seconds(t0);
    probe = ingestProbe(db, vehicle);
    health = healthProbe(anonymous);
    memory = memoryPeak();
    t0 = performance.now();
    const started = await admin.transfer.auditExport({});
    const exported = await settled(admin, started.id, LONG);
    if (exported.state !== 'done') throw new Error(`audit export: ${exported.error}`);
    const exportSeconds = seconds(t0);
    const audit = {
      entries: last, fileMiB: Math.round(exported.files[0]!.bytes / 104857.6) / 10, exportSeconds, readOnlySeconds: readSeconds,
      ratioToRead: Math.round((exportSeconds / Math.max(0.1, readSeconds)) * 10) / 10, ingest: await probe.stop(), health: await health.stop(), memory: memory.stop(),
    };
    await admin.transfer.cancel({ id: started.id });
    return { ingestFloor: floor, healthFloor, open311, audit, stallTargetMs: 1000, healthP95TargetMs: 200 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `--requests=N` (default 50,000), `--entries=N` (default 1,000,000), `--engine=pglite|postgres`. */
export async function streamingBench(argv: string[]) {
  const value = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  const load = () => loadavg().map((l) => Math.round(l * 10) / 10);
  const before = load();
  const results = await onEachEngine((db) => run(db, { requests: Number(value('requests') ?? 50_000), entries: Number(value('entries') ?? 1_000_000) }), value('engine'));
  return { ...results, loadAverageBefore: before, loadAverageAfter: load() };
}
