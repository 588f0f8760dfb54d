// Public reports on both engines: updates with a public message and internal notes, the
// public view that never shows internal entries, the status machine, duplicates.
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/index.js';
import { cityFixture, east, HERE, north } from './city-fixture.js';
import { engines } from './engines.js';

for (const engine of engines()) {
  describe.skipIf(!engine.available)(`public reports on ${engine.name}`, () => {
    let db: Db | null = null;
    afterEach(async () => db?.close());

    it('updates carry a public message and internal notes; the public view shows only the public ones', async () => {
      db = await engine.fresh();
      const { siteId, op, viewer } = await cityFixture(db);
      const r = await op.city.createReport({
        siteId, reportType: 'road', title: 'Loose paving stones', description: 'By the main entrance', ...HERE, priority: 'high',
        reporter: { name: 'Els de Vries', email: 'els@example.org' },
      });
      expect(r).toMatchObject({ status: 'new', priority: 'high', hasReporter: true, reportType: 'road' });
      await op.city.updateReport({ id: r.id, status: 'under_review', publicMessage: 'Thanks, we are looking into it.', internalNote: 'INTERNAL: contractor Bakker owes us' });
      await op.city.updateReport({ id: r.id, status: 'assigned', assignedDepartment: 'Public Works' });
      await op.city.updateReport({ id: r.id, internalNote: 'INTERNAL: budget code 4711' });
      const staff = await op.city.report({ id: r.id });
      expect(staff.report).toMatchObject({ status: 'assigned', assignedDepartment: 'Public Works', version: r.version + 3 });
      expect(staff.timeline.map((e) => [e.kind, e.visibility])).toEqual([
        ['created', 'public'], ['status', 'public'], ['comment', 'public'], ['comment', 'internal'],
        ['status', 'public'], ['assignment', 'internal'], ['comment', 'internal'],
      ]);
      const pub = await viewer.city.publicReport({ id: r.id });
      expect(pub.updates.map((e) => [e.kind, e.body])).toEqual([
        ['created', null], ['status', null], ['comment', 'Thanks, we are looking into it.'], ['status', null]]);
      expect(pub.updates.every((e) => e.visibility === 'public' && e.actor === null)).toBe(true);
      const text = JSON.stringify(pub);
      for (const secret of ['INTERNAL', 'Public Works', 'Els de Vries', 'els@example.org', 'op@site.test']) expect(text).not.toContain(secret);
      // The reporter's contact: for city:manage only, each read audited.
      await expect(viewer.city.reportContact({ id: r.id })).rejects.toThrow(/needs the city:manage permission/);
      expect(await op.city.reportContact({ id: r.id })).toMatchObject({ name: 'Els de Vries', email: 'els@example.org' });
      const [read] = await db.query<{ resource_type: string; resource_id: string }>("SELECT resource_type, resource_id FROM audit.entries WHERE action = 'city.read_contact'");
      expect(read).toEqual({ resource_type: 'report', resource_id: r.id });
    });

    it('refuses changes the status machine refuses, an empty update and a stale version', async () => {
      db = await engine.fresh();
      const { siteId, op } = await cityFixture(db);
      const r = await op.city.createReport({ siteId, reportType: 'lighting', title: 'Dark path', description: '', ...HERE });
      await expect(op.city.updateReport({ id: r.id, status: 'closed' })).rejects.toThrow(
        'A report cannot go from new to closed: from new it can go to under review or rejected.');
      await expect(op.city.updateReport({ id: r.id })).rejects.toThrow(/an update needs a status, a public message, internal notes or a department/);
      await expect(op.city.updateReport({ id: r.id, status: 'new' })).rejects.toThrow('The report is already new.');
      await op.city.updateReport({ id: r.id, status: 'rejected', publicMessage: 'This is private ground.' });
      await expect(op.city.updateReport({ id: r.id, version: r.version, status: 'under_review' })).rejects.toThrow(/changed since you loaded it/);
      await expect(op.city.updateReport({ id: r.id, status: 'under_review' })).rejects.toThrow('A report cannot go from rejected to under review: rejected is final.');
      // Walk to resolved: resolved_at is stamped, and cleared when it goes back in progress.
      const s = await op.city.createReport({ siteId, reportType: 'parks', title: 'Broken fence', description: '', ...HERE });
      for (const status of ['under_review', 'assigned', 'in_progress', 'resolved'] as const) await op.city.updateReport({ id: s.id, status });
      expect((await op.city.report({ id: s.id })).report.resolvedAt).toBe('2026-11-22T10:00:00.000Z');
      expect((await op.city.updateReport({ id: s.id, status: 'in_progress' })).resolvedAt).toBeNull();
      const listed = await op.city.reports({ siteId, statuses: ['in_progress'], search: 'fence' });
      expect(listed.map((x) => x.id)).toEqual([s.id]);
      expect(await op.city.reports({ siteId, reportType: 'water' })).toEqual([]);
    });

    it('suggests reports of the same type within 50 m as duplicates and links one', async () => {
      db = await engine.fresh();
      const { siteId, op } = await cityFixture(db);
      const make = (reportType: 'road' | 'waste', p: { lat: number; lon: number }) =>
        op.city.createReport({ siteId, reportType, title: `${reportType} issue`, description: '', ...p });
      const a = await make('road', north(HERE, 10));
      await make('road', east(HERE, 60));
      await make('waste', HERE);
      const found = await op.city.reportDuplicatesFor({ siteId, reportType: 'road', ...HERE });
      expect(found.map((d) => [d.id, Math.round(d.distanceM)])).toEqual([[a.id, 10]]);
      const b = await make('road', HERE);
      const linked = await op.city.linkReport({ id: b.id, duplicateOf: a.id });
      expect(linked.report.duplicateOf).toBe(a.id);
      expect((await op.city.report({ id: a.id })).timeline.at(-1)).toMatchObject({ kind: 'link', details: { duplicate: b.id } });
      await expect(op.city.linkReport({ id: b.id, duplicateOf: a.id })).rejects.toThrow(/already linked as a duplicate/);
      await expect(op.city.linkReport({ id: a.id, duplicateOf: b.id })).rejects.toThrow(/is itself a duplicate/);
    });
  });
}
