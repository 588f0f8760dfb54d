// Service requests on both engines: categories from the site's services, the citizen's
// contact sealed and read only with city:manage (each read audited), status changes with
// public and internal entries, filters, soft delete, duplicates within 50 m and 30 days.
import { afterEach, describe, expect, it } from 'vitest';
import { duplicateParams, duplicateSql } from '../../core/city/duplicates.js';
import { REPORT_SEARCH } from '../../core/city/report-queries.js';
import { REQUEST_SEARCH } from '../../core/city/request-queries.js';
import { PASSWORD } from '../../core/testing.js';
import type { Db } from '../../db/index.js';
import { cityFixture, east, HERE, north } from './city-fixture.js';
import { engines } from './engines.js';


/** Messages from a change feed until one says what `told` looks for (at most 10; each waits for the next change). */
async function until<T>(feed: AsyncIterator<T>, told: (v: T) => boolean): Promise<T[]> {
  const seen: T[] = [];
  for (let i = 0; i < 10; i++) {
    const { value } = await feed.next();
    seen.push(value as T);
    if (told(value as T)) return seen;
  }
  throw new Error(`not told in 10 messages: ${JSON.stringify(seen)}`);
}

for (const engine of engines()) {
  describe.skipIf(!engine.available)(`service requests on ${engine.name}`, () => {
    let db: Db | null = null;
    afterEach(async () => db?.close());

    it('creates a request with a sealed contact and attachments; refuses unknown categories and bad attachments', async () => {
      db = await engine.fresh();
      const { siteId, op, viewer } = await cityFixture(db);
      await expect(op.city.createRequest({ siteId, category: 'unicorns', ...HERE })).rejects.toThrow(
        "'unicorns' is not a service of this site; choose one of: litter, pothole, streetlight.");
      await expect(op.city.createRequest({ siteId, category: 'pothole', lat: 95, lon: 5 })).rejects.toThrow(/latitude runs from -90 to 90/);
      await expect(op.city.createRequest({ siteId, category: 'pothole', ...HERE, attachments: [{ name: 'x.jpg', mimeType: 'jpeg', bytes: 10, url: 'https://x.test/x.jpg' }] }))
        .rejects.toThrow(/an attachment needs a MIME type such as image\/jpeg/);
      const contact = { name: 'Jan Smit', email: 'jan@example.org', phone: '+31 6 1234 5678' };
      const photo = { name: 'hole.jpg', mimeType: 'image/jpeg', bytes: 182_344, url: 'https://media.example.org/hole.jpg' };
      const r = await op.city.createRequest({ siteId, category: 'pothole', description: 'Deep hole at the gate', ...HERE, address: 'Gate 1', priority: 3, externalId: 'EXT-1', contact, attachments: [photo] });
      expect(r).toMatchObject({ category: 'pothole', serviceName: 'Pothole', status: 'open', priority: 3, externalId: 'EXT-1', hasContact: true, attachments: [photo] });
      await expect(op.city.createRequest({ siteId, category: 'pothole', ...HERE, externalId: 'EXT-1' })).rejects.toThrow(/external id 'EXT-1' already exists/);
      // Sealed in the database: the email is nowhere in clear, nor in the audit log.
      const [row] = await db.query<{ contact_enc: string }>('SELECT contact_enc FROM city.service_requests WHERE id = $1', [r.id]);
      expect(row!.contact_enc).not.toContain('jan@');
      const audit = await db.query<{ body: unknown }>("SELECT body FROM audit.entries WHERE action = 'city.create_request'");
      expect(JSON.stringify(audit)).not.toContain('jan@');
      // Only city:manage reads it, and every read is audited.
      await expect(viewer.city.requestContact({ id: r.id })).rejects.toThrow(/needs the city:manage permission/);
      expect(await op.city.requestContact({ id: r.id })).toEqual(contact);
      await op.city.requestContact({ id: r.id });
      const reads = await db.query<{ resource_id: string; actor_email: string }>("SELECT resource_id, body ->> 'actorEmail' AS actor_email FROM audit.entries WHERE action = 'city.read_contact'");
      expect(reads).toEqual([{ resource_id: r.id, actor_email: 'op@site.test' }, { resource_id: r.id, actor_email: 'op@site.test' }]);
      const denied = await db.query("SELECT 1 FROM audit.entries WHERE outcome = 'denied' AND action = 'city.request_contact'");
      expect(denied).toHaveLength(1);
      // A viewer sees the request but not who sent it.
      const [seen] = await viewer.city.requests({ siteId });
      expect(seen).toMatchObject({ id: r.id, hasContact: true });
      expect(JSON.stringify(seen)).not.toContain('Jan Smit');
      await expect(viewer.city.createRequest({ siteId, category: 'pothole', ...HERE })).rejects.toThrow(/needs the city:manage permission/);
    });

    it('moves through the status machine with public messages and internal notes; refuses the rest with a sentence', async () => {
      db = await engine.fresh();
      const { siteId, op } = await cityFixture(db);
      const r = await op.city.createRequest({ siteId, category: 'streetlight', description: 'Lamp out', ...HERE });
      const started = await op.city.setRequestStatus({ id: r.id, status: 'in_progress', version: r.version, publicMessage: 'A crew is on the way.', internalNote: 'Key at reception' });
      expect(started).toMatchObject({ status: 'in_progress', statusNotes: 'A crew is on the way.', version: r.version + 1 });
      await expect(op.city.setRequestStatus({ id: r.id, status: 'closed', version: r.version })).rejects.toThrow(/changed since you loaded it: \S+@\S+ did "set request status" at \d\d:\d\d UTC \(it is now in progress\)\. Reload it to see the change; what you typed is kept\./);
      const closed = await op.city.setRequestStatus({ id: r.id, status: 'closed', publicMessage: 'Lamp replaced.' });
      expect(closed.closedAt).toBe('2026-11-22T10:00:00.000Z');
      await expect(op.city.setRequestStatus({ id: r.id, status: 'in_progress' })).rejects.toThrow(
        'A service request cannot go from closed to in progress: from closed it can go to open.');
      await expect(op.city.setRequestStatus({ id: r.id, status: 'closed' })).rejects.toThrow('The service request is already closed.');
      const { timeline } = await op.city.request({ id: r.id });
      expect(timeline.map((e) => [e.kind, e.visibility, e.body])).toEqual([
        ['created', 'public', null],
        ['status', 'public', null], ['comment', 'public', 'A crew is on the way.'], ['comment', 'internal', 'Key at reception'],
        ['status', 'public', null], ['comment', 'public', 'Lamp replaced.'],
      ]);
      expect(timeline[1]).toMatchObject({ details: { from: 'open', to: 'in_progress' }, actor: 'op@site.test' });
      const reopened = await op.city.setRequestStatus({ id: r.id, status: 'open' });
      expect(reopened).toMatchObject({ status: 'open', closedAt: null });
    });

    it('lists by status, category, text and viewport; a deleted request leaves every list', async () => {
      db = await engine.fresh();
      const { siteId, op } = await cityFixture(db);
      const a = await op.city.createRequest({ siteId, category: 'pothole', description: 'Hole near the 50%_gate', ...HERE, address: 'Hoogstraat 1' });
      const b = await op.city.createRequest({ siteId, category: 'litter', description: 'Bins overflowing', ...north(HERE, 500) });
      const c = await op.city.createRequest({ siteId, category: 'pothole', description: 'Cracked path', ...east(HERE, 2000) });
      await op.city.setRequestStatus({ id: c.id, status: 'in_progress' });
      const ids = async (f: Parameters<typeof op.city.requests>[0]) => (await op.city.requests({ siteId, ...f })).map((r) => r.id).sort();
      expect(await ids({})).toEqual([a.id, b.id, c.id].sort());
      expect(await ids({ statuses: ['in_progress'] })).toEqual([c.id]);
      expect(await ids({ category: 'pothole' })).toEqual([a.id, c.id].sort());
      expect(await ids({ search: 'overflow' })).toEqual([b.id]);
      expect(await ids({ search: 'hoogstraat' })).toEqual([a.id]);
      expect(await ids({ search: '50%_' })).toEqual([a.id]); // typed literally, not as a pattern
      expect(await ids({ search: '%' })).toEqual([a.id]);
      expect(await ids({ bbox: { minLat: HERE.lat - 0.001, minLon: HERE.lon - 0.001, maxLat: HERE.lat + 0.01, maxLon: HERE.lon + 0.001 } })).toEqual([a.id, b.id].sort());
      // The search expressions are the ones the trigram indexes are built on (scans forbidden to make the planner show it).
      const plan = (sql: string) => db!.transaction(async (tx) => {
        await tx.query('SET LOCAL enable_seqscan = off');
        return (await tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, ['%hole%'])).map((p) => p['QUERY PLAN']).join('\n');
      });
      expect(await plan(`SELECT r.id FROM city.service_requests r WHERE ${REQUEST_SEARCH} ILIKE $1`)).toMatch(/service_requests_search_idx/);
      expect(await plan(`SELECT id FROM city.public_reports WHERE ${REPORT_SEARCH} ILIKE $1`)).toMatch(/public_reports_search_idx/);
      await expect(op.city.deleteRequest({ id: b.id, reason: 'x' })).rejects.toThrow(/say why/);
      await op.city.deleteRequest({ id: b.id, reason: 'test entry' });
      expect(await ids({})).toEqual([a.id, c.id].sort());
      await expect(op.city.request({ id: b.id })).rejects.toThrow('No such service request.');
      const [gone] = await db.query<{ deleted_at: Date | null }>('SELECT deleted_at FROM city.service_requests WHERE id = $1', [b.id]);
      expect(gone!.deleted_at).not.toBeNull();
    });

    it('suggests duplicates of the same category within 50 m and 30 days, nearest first, and links one', async () => {
      db = await engine.fresh();
      const { t, siteId, otherSiteId, op } = await cityFixture(db);
      const make = (category: string, p: { lat: number; lon: number }) => op.city.createRequest({ siteId, category, description: category, ...p });
      const near = await make('pothole', north(HERE, 20));
      const edge = await make('pothole', north(HERE, 49));
      await make('pothole', north(HERE, 51));
      await make('streetlight', north(HERE, 5));
      const old = await make('pothole', east(HERE, 10));
      const deleted = await make('pothole', east(HERE, 12));
      await op.city.deleteRequest({ id: deleted.id, reason: 'entered twice' });
      const monthOld = new Date(t.clock.now().getTime() - 31 * 86_400_000);
      await db.query('UPDATE city.service_requests SET requested_at = $2 WHERE id = $1', [old.id, monthOld]);
      const within29 = await make('pothole', east(HERE, 30));
      await db.query('UPDATE city.service_requests SET requested_at = $2 WHERE id = $1', [within29.id, new Date(t.clock.now().getTime() - 29 * 86_400_000)]);
      const found = await op.city.duplicatesFor({ siteId, category: 'pothole', ...HERE });
      expect(found.map((d) => d.id)).toEqual([near.id, within29.id, edge.id]);
      expect(found.map((d) => Math.round(d.distanceM))).toEqual([20, 30, 49]);
      expect(await op.city.duplicatesFor({ siteId: otherSiteId, category: 'pothole', ...HERE })).toEqual([]);
      // Confirm one: a 'link' on both timelines; the duplicate no longer suggested.
      const fresh = await make('pothole', HERE);
      expect((await op.city.duplicatesFor({ siteId, category: 'pothole', ...HERE, excludeId: fresh.id })).map((d) => d.id)).not.toContain(fresh.id);
      const linked = await op.city.linkDuplicate({ id: fresh.id, duplicateOf: near.id });
      expect(linked.request.duplicateOf).toBe(near.id);
      expect(linked.timeline.at(-1)).toMatchObject({ kind: 'link', visibility: 'internal', details: { duplicateOf: near.id } });
      expect((await op.city.request({ id: near.id })).timeline.at(-1)).toMatchObject({ kind: 'link', details: { duplicate: fresh.id } });
      expect((await op.city.duplicatesFor({ siteId, category: 'pothole', ...HERE })).map((d) => d.id)).not.toContain(fresh.id);
      // Refusals: itself, a duplicate, another category, another site.
      await expect(op.city.linkDuplicate({ id: edge.id, duplicateOf: edge.id })).rejects.toThrow('A service request cannot be a duplicate of itself.');
      await expect(op.city.linkDuplicate({ id: edge.id, duplicateOf: fresh.id })).rejects.toThrow(/is itself a duplicate; link to the one it duplicates/);
      const light = (await op.city.requests({ siteId, category: 'streetlight' }))[0]!;
      await expect(op.city.linkDuplicate({ id: light.id, duplicateOf: edge.id })).rejects.toThrow(/different categories \(streetlight and pothole\)/);
      const far = await op.city.createRequest({ siteId: otherSiteId, category: 'pothole', lat: 51.9, lon: 4.4 });
      await expect(op.city.linkDuplicate({ id: far.id, duplicateOf: edge.id })).rejects.toThrow(/on different sites/);
      const [n] = await db.query<{ n: string }>('SELECT count(*) AS n FROM city.service_requests WHERE duplicate_of IS NOT NULL');
      expect(n!.n).toBe('1');
      // The neighbours come from the GiST index on ll_to_earth(lat, lon) (scans forbidden to make the planner show it).
      for (const kind of ['service_request', 'report'] as const) {
        const plan = await db.transaction(async (tx) => {
          await tx.query('SET LOCAL enable_seqscan = off');
          return tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${duplicateSql(kind)}`, duplicateParams({ siteId, category: 'pothole', ...HERE }, t.clock.now()));
        });
        expect(plan.map((p) => p['QUERY PLAN']).join('\n')).toMatch(kind === 'report' ? /public_reports_dup_idx/ : /service_requests_dup_idx/);
      }
    });
    it('tells subscribers which requests and tickets changed, after the change is committed', async () => {
      db = await engine.fresh();
      const { t, siteId } = await cityFixture(db);
      await t.core.changes.start();
      const abort = new AbortController();
      const api = t.core.caller('direct', abort.signal, { token: null });
      await api.auth.login({ email: 'op@site.test', password: PASSWORD });
      const city = (await api.city.onChanged())[Symbol.asyncIterator]();
      const tickets = (await api.tickets.onChanged())[Symbol.asyncIterator]();
      expect((await city.next()).value).toEqual({ requests: [], reports: [], announcements: [], assets: [] });
      expect((await tickets.next()).value).toEqual({ ids: [] });
      const committed: boolean[] = [];
      const off = t.core.bus.on('cases.changed', (e) => void db!.query('SELECT 1 FROM city.service_requests WHERE id = $1', [e.id]).then((r) => committed.push(r.length === 1)));
      const r = await api.city.createRequest({ siteId, category: 'pothole', ...HERE });
      // On a loaded machine a change the fixture committed may be told first: read until this one is.
      const cityTold = await until(city, (v) => v.requests.includes(r.id));
      expect(cityTold.flatMap((v) => [...v.reports, ...v.announcements, ...v.assets])).toEqual([]);
      const k = await api.tickets.create({ siteId, subject: 'Fix the hole', description: '', link: { type: 'service_request', id: r.id } });
      await until(tickets, (v) => v.ids.includes(k.id));
      await expect.poll(() => committed[0], { timeout: 10_000 }).toBe(true);
      off();
      abort.abort();
      await t.core.changes.stop();
    });
  });
}
