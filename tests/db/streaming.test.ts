// Streamed imports and exports (issue 19 item 3) on both engines: an Open311 file of 10,000
// requests (50,000 in the bench) uploaded in chunks, previewed and imported, and the audit log exported a page at
// a time, while ingest commits a batch every 100 ms: no ingest write waits a second, memory
// stays bounded (peaks printed), bad files are refused whole, and cancelling leaves nothing.
import { mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyFile } from '../../core/audit/verify.js';
import type { Open311Request } from '../../core/contract/index.js';
import type { Db } from '../../db/index.js';
import { fillChain } from '../bench/audit.js';
import { downloadTo, settled, uploadFiles, writeRequestsFile } from '../streaming/client.js';
import { ingestProbe, memoryPeak, vehicleFor, type IngestProbe } from '../streaming/probe.js';
import { cityFixture } from './city-fixture.js';
import { engines } from './engines.js';

// The full sizes (50,000 requests, 1,000,000 entries) run in `npm run bench -- streaming`.
const REQUESTS = Number(process.env.STREAMING_REQUESTS ?? 10_000);
const ENTRIES = Number(process.env.STREAMING_ENTRIES ?? 100_000);
const LONG = 1_200_000;
/** What the test holds ingest to beyond the probe alone (the bench measures against 1 s). */
const STALL_BOUND_MS = 3000;

/** The probe alone for 3 s: how long a write waits on this machine with nothing else going on. */
async function idleFloor(db: Db, vehicle: string) {
  const idle = ingestProbe(db, vehicle);
  await new Promise((r) => setTimeout(r, 3000));
  return idle.stop();
}

const count = async (db: Db, siteId: string) =>
  Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM city.service_requests WHERE site_id = $1', [siteId]))[0]!.n);

for (const engine of engines()) {
  describe.skipIf(!engine.available)(`streamed imports and exports on ${engine.name}`, () => {
    let db: Db | null = null;
    let dir = '';
    let probe: IngestProbe | null = null;
    afterEach(async () => {
      await probe?.stop();
      probe = null;
      await db?.close();
      db = null;
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it(`imports an Open311 file of ${REQUESTS.toLocaleString('en')} requests in chunks while ingest runs, and exports it again streamed`, async () => {
      db = await engine.fresh();
      dir = mkdtempSync(join(tmpdir(), 'wf-stream-'));
      const { op, siteId } = await cityFixture(db);
      const file = join(dir, 'requests.json');
      const bytes = await writeRequestsFile(file, REQUESTS, 'json');
      if (REQUESTS >= 10_000) expect(bytes).toBeGreaterThan(2 << 20); // past the browser host's 1 MiB message
      const vehicle = await vehicleFor(db);
      const floor = await idleFloor(db, vehicle);
      probe = ingestProbe(db, vehicle);
      const memory = memoryPeak();
      const phases = new Set<string>();
      const previewed = await uploadFiles(op, siteId, [{ name: 'requests.json', path: file, bytes }], LONG);
      expect(previewed.state, previewed.error ?? '').toBe('done');
      const { preview } = previewed.result as { preview: { counts: { request: { new: number } }; records: unknown[]; more: number } };
      expect(preview.counts.request.new).toBe(REQUESTS);
      expect(preview.records.length + preview.more).toBe(REQUESTS);
      expect(await count(db, siteId)).toBe(0); // the preview wrote nothing
      await op.transfer.open311Import({ id: previewed.id, choice: 'all' });
      const done = await settled(op, previewed.id, LONG, (s) => phases.add(s.phase));
      expect(done.state, done.error ?? '').toBe('done');
      expect(done.result).toMatchObject({ choice: 'all', counts: { request: { new: REQUESTS, refused: 0 } } });
      expect(phases).toContain('writing');
      const ingest = await probe.stop();
      probe = null;
      const mem = memory.stop();
      console.log(JSON.stringify({ engine: engine.name, open311Import: { requests: REQUESTS, fileMiB: +(bytes / 1048576).toFixed(1), ...mem, ingest, idleFloor: floor } }));
      expect(await count(db, siteId)).toBe(REQUESTS);
      expect(ingest.writes).toBeGreaterThan(10);
      // Never held for the whole import (one transaction held the embedded database for all of
      // it: minutes). The 1 s target itself is judged by \`npm run bench -- streaming\` against
      // the same probe alone; a timed bound this tight would fail on a loaded machine.
      expect(ingest.maxStallMs).toBeLessThan(STALL_BOUND_MS + floor.maxStallMs);
      const [entry] = await db.query<{ outcome: string; n: number }>(
        "SELECT body ->> 'outcome' AS outcome, (body -> 'newValues' -> 'counts' -> 'request' ->> 'new')::int AS n FROM audit.entries WHERE body ->> 'action' = 'city.import_open311' ORDER BY seq DESC LIMIT 1");
      expect(entry).toEqual({ outcome: 'success', n: REQUESTS });

      // Exported again a page at a time: the same requests as the one-call export.
      const started = await op.transfer.open311Export({ siteId, format: 'json' });
      const exported = await settled(op, started.id, LONG);
      expect(exported.result).toMatchObject({ format: 'json', records: { requests: REQUESTS } });
      const back = join(dir, 'back.json');
      const got = await downloadTo(op, started.id, exported.files.findIndex((f) => f.name === 'requests.json'), back);
      expect(got).toBe(statSync(back).size);
      const streamed = JSON.parse(readFileSync(back, 'utf8')) as Open311Request[];
      const whole = await op.city.exportOpen311({ siteId });
      expect(streamed).toHaveLength(REQUESTS);
      expect(streamed).toEqual(whole.requests);
      expect(readFileSync(back, 'utf8')).toBe(JSON.stringify(whole.requests, null, 2));
    }, LONG);

    it('refuses a cut-off file, a file of the wrong shape and records that fail the schema, with a clear error; nothing is imported', async () => {
      db = await engine.fresh();
      dir = mkdtempSync(join(tmpdir(), 'wf-stream-'));
      const { op, viewer, siteId } = await cityFixture(db);
      // Cut off in the middle of a record.
      const cut = join(dir, 'cut.json');
      truncateSync(cut, Math.floor((await writeRequestsFile(cut, 3000, 'json')) * 0.6));
      const a = await uploadFiles(op, siteId, [{ name: 'cut.json', path: cut, bytes: statSync(cut).size }]);
      expect(a.state).toBe('failed');
      expect(a.error).toMatch(/^Nothing was imported: cut\.json is not valid JSON/);
      // XML of another root, and XML not well-formed.
      const wrongRoot = join(dir, 'orders.xml');
      writeFileSync(wrongRoot, '<?xml version="1.0"?>\n<orders><order><id>1</id></order></orders>\n');
      const b = await uploadFiles(op, siteId, [{ name: 'orders.xml', path: wrongRoot, bytes: statSync(wrongRoot).size }]);
      expect(b.error).toMatch(/orders\.xml: an Open311 XML file starts with <services>, <service_definition> or <service_requests>, not <orders>/);
      const broken = join(dir, 'broken.xml');
      await writeRequestsFile(broken, 500, 'xml');
      truncateSync(broken, statSync(broken).size - 40);
      const c = await uploadFiles(op, siteId, [{ name: 'broken.xml', path: broken, bytes: statSync(broken).size }]);
      expect(c.error).toMatch(/broken\.xml is not well-formed XML/);
      // Records that fail the schema: all or nothing refuses the whole file, naming them.
      const bad = join(dir, 'bad.json');
      await writeRequestsFile(bad, 4000, 'json', (i) => (i === 17 ? { service_request_id: 'NO-CODE', requested_datetime: '2026-10-01T00:00:00Z' } : i === 3001 ? { service_request_id: 'X', service_code: 'pothole', requested_datetime: 'yesterday', lat: 51.44, long: 5.47 } : null));
      const d = await uploadFiles(op, siteId, [{ name: 'bad.json', path: bad, bytes: statSync(bad).size }]);
      expect(d.state, d.error ?? '').toBe('done');
      expect((d.result as { preview: { counts: { request: { refused: number; new: number } } } }).preview.counts.request).toMatchObject({ refused: 2, new: 3998 });
      await expect(op.transfer.open311Import({ id: d.id, choice: 'all' })).rejects.toThrow(
        /^The Open311 file was refused and nothing was imported \(2 problems\): requests\[17\].*; requests\[3001\]/);
      expect(await count(db, siteId)).toBe(0);
      // The preview stays: the good records go in when asked for.
      await op.transfer.open311Import({ id: d.id, choice: 'good' });
      expect((await settled(op, d.id)).result).toMatchObject({ choice: 'good', counts: { request: { new: 3998, refused: 2 } } });
      expect(await count(db, siteId)).toBe(3998);
      // Only the owner sees a transfer; a viewer may not start an import.
      await expect(viewer.transfer.status({ id: d.id })).rejects.toThrow(/No such import or export/);
      await expect(viewer.transfer.open311Upload({ siteId, files: [{ name: 'x.json', bytes: 10 }] })).rejects.toThrow(/city:manage/);
      // A good XML file goes in: the same reader as for JSON, values as text.
      const xml = join(dir, 'good.xml');
      const xmlBytes = await writeRequestsFile(xml, 300, 'xml', undefined, 'XML');
      const e = await uploadFiles(op, siteId, [{ name: 'good.xml', path: xml, bytes: xmlBytes }]);
      await op.transfer.open311Import({ id: e.id, choice: 'all' });
      expect((await settled(op, e.id)).result).toMatchObject({ counts: { request: { new: 300 } } });
      expect(await count(db, siteId)).toBe(3998 + 300);
    }, LONG);

    it(`exports an audit log of ${ENTRIES.toLocaleString('en')} entries a page at a time while ingest runs; the file verifies; a cancelled export leaves nothing`, async () => {
      db = await engine.fresh();
      dir = mkdtempSync(join(tmpdir(), 'wf-stream-'));
      const { t } = await cityFixture(db);
      const admin = await t.signedIn(['admin'], 'auditor@site.test');
      const last = await fillChain(db, ENTRIES);
      const vehicle = await vehicleFor(db);
      const floor = await idleFloor(db, vehicle);
      probe = ingestProbe(db, vehicle);
      const memory = memoryPeak();
      const started = await admin.transfer.auditExport({});
      let sawProgress = false;
      const done = await settled(admin, started.id, LONG, (s) => (sawProgress ||= s.done > 0 && s.done < (s.total ?? 0)));
      const ingest = await probe.stop();
      probe = null;
      const mem = memory.stop();
      console.log(JSON.stringify({ engine: engine.name, auditExport: { entries: last, ...mem, ingest, idleFloor: floor } }));
      expect(done.state, done.error ?? '').toBe('done');
      expect(sawProgress).toBe(true);
      expect(ingest.maxStallMs).toBeLessThan(STALL_BOUND_MS + floor.maxStallMs);
      const file = join(dir, 'audit.jsonl');
      await downloadTo(admin, started.id, 0, file);
      await downloadTo(admin, started.id, 1, `${file}.manifest.json`);
      const verified = await verifyFile(file);
      expect(verified.ok).toBe(true);
      expect(verified.manifest).toMatchObject({ count: done.result && (done.result as { manifest: { count: number } }).manifest.count, lastSeq: (done.result as { manifest: { lastSeq: number } }).manifest.lastSeq });
      expect(verified.count).toBeGreaterThanOrEqual(last);
      const [entry] = await db.query<{ count: number }>("SELECT (body -> 'newValues' ->> 'count')::int AS count FROM audit.entries WHERE body ->> 'action' = 'audit.export' ORDER BY seq DESC LIMIT 1");
      expect(entry!.count).toBe(verified.count);

      // Cancelled half-way: the transfer says so, and its files are gone.
      const again = await admin.transfer.auditExport({});
      let asked = false;
      await settled(admin, again.id, LONG, (s) => {
        if (!asked && s.done > 0 && s.state === 'running') void admin.transfer.cancel({ id: again.id }).then(() => (asked = true));
      }).then((s) => {
        expect(s.state).toBe('cancelled');
        expect(s.error).toBe('Cancelled: nothing was kept.');
      });
      await expect(admin.transfer.read({ id: again.id, file: 0, offset: 0 })).rejects.toThrow(/not finished|No such/);
      const [n] = await db.query<{ n: string }>("SELECT count(*) AS n FROM audit.entries WHERE body ->> 'action' = 'audit.export'");
      expect(Number(n!.n)).toBe(1);
    }, LONG);
  });
}
