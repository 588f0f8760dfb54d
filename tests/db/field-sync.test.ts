// A field laptop (embedded PGlite) brings its work back to a central console (on PGlite and
// on PostgreSQL) through that console's host, signed in there as the technician: twice
// changes nothing the second time; a push cut midway resumes; a ticket changed on both sides
// is named as a conflict and decided by the technician; a ticket pushed and changed again on
// the laptop is pushed again; tickets are taken out before going; the central side checks
// the session and its permission; a laptop audit log edited before the push is refused and
// the central chain still verifies.
import { afterEach, describe, expect, it } from 'vitest';
import { verifyDb } from '../../core/audit/verify.js';
import { CentralConsole, type Central } from '../../core/field/central-client.js';
import { pushFieldWork } from '../../core/field/sync.js';
import { laptopSource } from '../../core/field/sync-run.js';
import { startBrowserHost } from '../../core/host/server.js';
import { createLogger } from '../../core/logger.js';
import { PASSWORD, testCore } from '../../core/testing.js';
import type { Db } from '../../db/index.js';
import { engines } from './engines.js';

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const TECH = 'tech@site.test';
const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

let laptops = 0;
/** A laptop with a vehicle, a log entry with a photo (audited), a finished command and a ticket of its own. */
async function laptop() {
  const t = await testCore({ config: { field: true, dataDir: `/laptop-${process.pid}-${++laptops}` } });
  cleanup.push(() => t.db.close());
  const [site] = await t.db.query<{ id: string }>("INSERT INTO org.sites (slug, name, time_zone, lat, lon) VALUES ('field-floor', 'Field', 'UTC', 51, 5) RETURNING id");
  const [v] = await t.db.query<{ id: string }>("INSERT INTO fleet.vehicles (manufacturer, serial_number, name, confirmed_at) VALUES ('Acme', 'r-7', 'Robot 7', now()) RETURNING id");
  await t.core.start();
  cleanup.push(() => t.core.stop());
  const tech = await t.signedIn(['maintenance'], TECH);
  const [me] = await t.db.query<{ id: string }>('SELECT id FROM iam.users WHERE email = $1', [TECH]);
  const mine = await tech.tickets.create({ siteId: site!.id, subject: 'Scanner window scratched', description: 'found on site' });
  await t.db.query('UPDATE ops.tickets SET vehicle_id = $2 WHERE id = $1', [mine.id, v!.id]);
  await tech.field.addLog({ vehicleId: v!.id, workDone: 'Replaced the left bumper switch', photos: [{ fileName: 'b.png', mimeType: 'image/png', dataBase64: PNG }] });
  await t.db.query(
    `INSERT INTO fleet.vehicle_commands (vehicle_id, action_type, action_id, reason, status, requested_by, requested_at, sent_at, acknowledged_at, ended_at)
     VALUES ($1, 'startPause', 'startPause-1', 'checking the bumper', 'finished', $2, now(), now(), now(), now())`, [v!.id, me!.id]);
  return { ...t, tech, vehicleId: v!.id, ticketId: mine.id, source: laptopSource(t.core.context('direct').config.dataDir) };
}

const counts = async (db: Db) => Object.fromEntries(await Promise.all(
  ['fleet.vehicle_logs', 'fleet.vehicle_log_photos', 'fleet.vehicle_commands', 'ops.tickets', 'fleet.field_audit_entries', 'fleet.field_pushed']
    .map(async (tbl) => [tbl, Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${tbl}`))[0]!.n)])));
const status = async (db: Db, id: string) => (await db.query<{ status: string; version: number }>('SELECT status, version FROM ops.tickets WHERE id = $1', [id]))[0]!;

for (const engine of engines()) {
  describe.skipIf(!engine.available)(`field sync to a central console on ${engine.name}`, { timeout: 120_000 }, () => {
    /** The central console: its database, its host (the URL it prints) and a technician with an account there. */
    async function central() {
      const db = await engine.fresh();
      const c = await testCore({ db });
      cleanup.push(() => db.close());
      const office = await c.signedIn(['operator'], 'office@site.test');
      await c.signedIn(['maintenance'], TECH);
      await c.signedIn(['viewer'], 'viewer@site.test');
      const [site] = await db.query<{ id: string }>("INSERT INTO org.sites (slug, name, time_zone, lat, lon) VALUES ('central', 'Central', 'UTC', 51, 5) RETURNING id");
      const host = await startBrowserHost({ core: c.core, logger: createLogger('test', 'error', () => {}), port: 0, rendererDir: '/nonexistent', resourcesDir: '/nonexistent' });
      cleanup.push(() => host.close());
      return { db, core: c, office, site: site!.id, url: host.url };
    }

    it('pushes once, resumes after being cut midway, and a second push changes nothing', async () => {
      const c = await central();
      const l = await laptop();
      // Cut while sending the commands: the audit segment, the ticket and the log are in.
      const http = CentralConsole.at(c.url);
      await http.signIn(TECH, PASSWORD);
      const cut: Central = { ...http, start: http.start, audit: http.audit, tickets: http.tickets,
        record: async (source, r, d) => { if (r.kind === 'vehicle_command') throw new Error('the network dropped'); return http.record(source, r, d); } };
      await expect(pushFieldWork({ local: l.db, central: cut, source: l.source, now: () => new Date() })).rejects.toThrow(/the network dropped/);
      expect(await counts(c.db)).toMatchObject({ 'fleet.vehicle_logs': 1, 'fleet.vehicle_commands': 0, 'ops.tickets': 1 });

      const first = await l.tech.field.sync({ centralUrl: c.url, password: PASSWORD });
      expect(first).toMatchObject({ pushed: { tickets: 0, logs: 0, commands: 1 }, unchanged: 2, conflicts: [] });
      const afterFirst = await counts(c.db);
      expect(afterFirst).toMatchObject({ 'fleet.vehicle_logs': 1, 'fleet.vehicle_log_photos': 1, 'fleet.vehicle_commands': 1, 'ops.tickets': 1 });
      const [laptopTip] = await l.db.query<{ seq: string; hash: string }>('SELECT seq, hash FROM audit.entries ORDER BY seq DESC LIMIT 1');
      // Every laptop entry up to the push arrived once (the push's own entry is written after it).
      expect(afterFirst['fleet.field_audit_entries']).toBe(Number(laptopTip!.seq) - 1);
      expect(first.tip.seq).toBe(Number(laptopTip!.seq) - 1);
      const segments = await c.db.query<{ new_values: { tipHash: string; lastSeq: number }; actor_email: string; session_id: string | null }>(
        "SELECT new_values, actor_email, session_id FROM audit.entries WHERE action = 'field.sync_segment' ORDER BY seq");
      expect(segments.at(-1)!).toMatchObject({ actor_email: TECH, session_id: expect.any(String), new_values: { tipHash: first.tip.hash, lastSeq: first.tip.seq } });
      // The pusher signed in over the host: a central session of its own, ended after the push.
      const sessions = await c.db.query<{ transport: string; end_reason: string | null }>(
        "SELECT s.transport, s.end_reason FROM iam.sessions s JOIN iam.users u ON u.id = s.user_id WHERE u.email = $1 AND s.transport = 'http'", [TECH]);
      expect(sessions.length).toBeGreaterThanOrEqual(1);
      expect(sessions.filter((s) => s.end_reason === null)).toHaveLength(1); // the cut push's session, never signed out
      expect((await verifyDb(c.db)).ok).toBe(true);

      const second = await l.tech.field.sync({ centralUrl: c.url, password: PASSWORD });
      // Only the laptop's own audit entry of the first push is new.
      expect(second).toMatchObject({ pushed: { auditEntries: 1, tickets: 0, logs: 0, commands: 0 }, unchanged: 3, conflicts: [] });
      expect(await counts(c.db)).toEqual({ ...afterFirst, 'fleet.field_audit_entries': afterFirst['fleet.field_audit_entries']! + 1 });
      const copied = await c.db.query<{ hash: string }>('SELECT hash FROM fleet.field_audit_entries WHERE source = $1 ORDER BY seq', [l.source]);
      expect(copied.map((r) => r.hash)).toEqual((await l.db.query<{ hash: string }>('SELECT hash FROM audit.entries ORDER BY seq')).map((r) => r.hash).slice(0, copied.length));
      expect((await verifyDb(c.db)).ok).toBe(true);
    });

    it('pushes a ticket again when the laptop changed it; a change on both sides is a conflict the technician decides', async () => {
      const c = await central();
      const l = await laptop();
      const push = (decisions = {}) => l.tech.field.sync({ centralUrl: c.url, password: PASSWORD, decisions });
      await push();
      expect(await status(c.db, l.ticketId)).toEqual({ status: 'open', version: 1 });
      // Changed again on the laptop: pushed again, the central ticket follows.
      await l.tech.tickets.setStatus({ id: l.ticketId, status: 'in_progress' });
      expect((await push()).pushed.tickets).toBe(1);
      expect(await status(c.db, l.ticketId)).toEqual({ status: 'in_progress', version: 2 });
      expect((await push()).pushed.tickets).toBe(0);
      // Now both change it: the office sends it back to open, the technician resolves it.
      await c.office.tickets.setStatus({ id: l.ticketId, status: 'open' });
      await l.tech.tickets.setStatus({ id: l.ticketId, status: 'resolved', resolutionNotes: 'window replaced' });
      const clash = await push();
      expect(clash.conflicts).toEqual([{ kind: 'ticket', id: l.ticketId, subject: 'Scanner window scratched',
        what: expect.stringMatching(/^“Scanner window scratched” was changed to open centrally at \S+ \(last by office@site\.test\); this laptop has it resolved\. Keep the central ticket, or take this laptop's status\.$/),
        // Its code and parameters too, for the laptop to word in its operator's language.
        why: { code: 'field.ticketConflict', params: { subject: 'Scanner window scratched', status: 'open', laptop: 'resolved', when: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), by: 'office@site.test' } } }]);
      expect(await status(c.db, l.ticketId)).toEqual({ status: 'open', version: 3 });
      // Asked again until decided; then the laptop's status is taken.
      expect((await push()).conflicts).toHaveLength(1);
      expect((await push({ [l.ticketId]: 'take_laptop' })).conflicts).toEqual([]);
      expect(await status(c.db, l.ticketId)).toEqual({ status: 'resolved', version: 4 });
      expect((await c.db.query<{ resolution_notes: string }>('SELECT resolution_notes FROM ops.tickets WHERE id = $1', [l.ticketId]))[0]!.resolution_notes).toBe('window replaced');
      expect((await push()).conflicts).toEqual([]);
      expect((await verifyDb(c.db)).ok).toBe(true);
    });

    it('takes the tickets out before going; one closed centrally meanwhile is a conflict, and a closed ticket is not reopened', async () => {
      const c = await central();
      const l = await laptop();
      const [robot] = await c.db.query<{ id: string }>("INSERT INTO fleet.vehicles (manufacturer, serial_number, name, site_id) VALUES ('Acme', 'r-7', 'Robot 7', $1) RETURNING id", [c.site]);
      const [other] = await c.db.query<{ id: string }>("INSERT INTO fleet.vehicles (manufacturer, serial_number, name, site_id) VALUES ('Acme', 'r-9', 'Robot 9', $1) RETURNING id", [c.site]);
      const [tech] = await c.db.query<{ id: string }>('SELECT id FROM iam.users WHERE email = $1', [TECH]);
      const bumper = await c.office.tickets.create({ siteId: c.site, subject: 'Bumper sticks', description: 'reported by night shift' });
      await c.db.query('UPDATE ops.tickets SET vehicle_id = $2 WHERE id = $1', [bumper.id, robot!.id]);
      const assigned = await c.office.tickets.create({ siteId: c.site, subject: 'Charger contacts', description: '', assigneeId: tech!.id });
      const elsewhere = await c.office.tickets.create({ siteId: c.site, subject: 'Robot 9 squeaks', description: '' });
      await c.db.query('UPDATE ops.tickets SET vehicle_id = $2 WHERE id = $1', [elsewhere.id, other!.id]);

      const taken = await l.tech.field.download({ centralUrl: c.url, password: PASSWORD, vehicleId: l.vehicleId });
      expect(taken).toEqual({ added: 2, refreshed: 0, keptLaptop: [] });
      const onLaptop = await l.db.query<{ id: string; vehicle_id: string | null }>('SELECT id, vehicle_id FROM ops.tickets ORDER BY subject');
      expect(onLaptop.map((t) => t.id).sort()).toEqual([assigned.id, bumper.id, l.ticketId].sort());
      expect(onLaptop.find((t) => t.id === bumper.id)!.vehicle_id).toBe(l.vehicleId);
      expect((await l.db.query("SELECT 1 FROM audit.entries WHERE action = 'field.download' AND outcome = 'success'"))).toHaveLength(1);
      expect((await c.db.query("SELECT 1 FROM audit.entries WHERE action = 'field.download' AND actor_email = $1", [TECH]))).toHaveLength(1);
      // Taken again: nothing changed on either side.
      expect(await l.tech.field.download({ centralUrl: c.url, password: PASSWORD, vehicleId: l.vehicleId })).toEqual({ added: 0, refreshed: 0, keptLaptop: [] });

      // At the robot the technician starts on it; the office closes it meanwhile.
      await l.tech.tickets.setStatus({ id: bumper.id, status: 'in_progress' });
      await c.office.tickets.setStatus({ id: bumper.id, status: 'closed', resolutionNotes: 'fixed by the day shift' });
      const push = (decisions = {}) => l.tech.field.sync({ centralUrl: c.url, password: PASSWORD, decisions });
      const first = await push();
      expect(first.conflicts).toEqual([expect.objectContaining({ id: bumper.id,
        what: expect.stringMatching(/^“Bumper sticks” was closed centrally at \S+ \(last by office@site\.test\); this laptop has it in progress\. Keep the central ticket, or take this laptop's status\.$/) })]);
      // The ticket assigned and untouched is not sent back.
      expect(first.pushed.tickets).toBe(1);
      await expect(push({ [bumper.id]: 'take_laptop' })).rejects.toThrow(/closed centrally and a closed ticket is not reopened/);
      expect((await push({ [bumper.id]: 'keep_central' })).conflicts).toEqual([]);
      expect(await status(c.db, bumper.id)).toMatchObject({ status: 'closed' });
      expect((await push()).conflicts).toEqual([]);
      expect((await verifyDb(c.db)).ok).toBe(true);
    });

    it('goes through the central host and its permissions: no token, a wrong password, a forged session or a role without fleet:manage are refused', async () => {
      const c = await central();
      const l = await laptop();
      const before = await counts(c.db);
      const noToken = c.url.replace(/token=[^&]+/, 'token=not-the-token');
      await expect(l.tech.field.sync({ centralUrl: noToken, password: PASSWORD })).rejects.toThrow(/access token is missing or out of date/);
      await expect(l.tech.field.sync({ centralUrl: c.url, password: 'not my password' })).rejects.toThrow(/The central console says: .*(password|Wrong)/i);
      const forged = await fetch(`${new URL(c.url).origin}/api/fieldSync.start`, {
        method: 'POST', body: JSON.stringify({ source: l.source }),
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${new URL(c.url).searchParams.get('token')}`, 'X-Watchfloor-Session': 'a'.repeat(43) },
      });
      expect(forged.status).toBe(401);
      // Only sign-in and field sync are served over HTTP.
      const other = await fetch(`${new URL(c.url).origin}/api/iam.users`, { method: 'POST', headers: { Authorization: `Bearer ${new URL(c.url).searchParams.get('token')}` } });
      expect(other.status).toBe(404);
      // A viewer (no fleet:manage) signs in but may not push; the refusal is audited centrally.
      const viewer = CentralConsole.at(c.url);
      await viewer.signIn('viewer@site.test', PASSWORD);
      await expect(pushFieldWork({ local: l.db, central: viewer, source: l.source, now: () => new Date() })).rejects.toThrow(/viewer@site\.test may not do this: it needs the fleet:manage permission/);
      expect(await c.db.query("SELECT 1 FROM audit.entries WHERE actor_email = 'viewer@site.test' AND outcome = 'denied'")).toHaveLength(1);
      expect(await counts(c.db)).toEqual(before);
    });

    it('refuses a laptop whose audit log was edited, and the central chain still verifies', async () => {
      const c = await central();
      const l = await laptop();
      // Someone with the laptop's database edits an entry (its guard trigger switched off first).
      await l.db.query('ALTER TABLE audit.entries DISABLE TRIGGER USER');
      await l.db.query(`UPDATE audit.entries SET body = jsonb_set(body, '{reason}', '"nothing happened"') WHERE seq = 2`);
      const before = await counts(c.db);
      await expect(l.tech.field.sync({ centralUrl: c.url, password: PASSWORD }))
        .rejects.toThrow(/This laptop's audit log does not verify \(entry 2 was changed after it was written .*\); nothing was pushed/);
      expect(await counts(c.db)).toEqual(before);
      expect((await verifyDb(c.db)).ok).toBe(true);
      // A laptop that skipped its own check is refused by the central side all the same.
      const http = CentralConsole.at(c.url);
      await http.signIn(TECH, PASSWORD);
      const start = await http.start(l.source);
      const [e1, e2] = await l.db.query<{ seq: string; prev_hash: string; hash: string; body: string }>('SELECT seq, prev_hash, hash, body::text AS body FROM audit.entries ORDER BY seq LIMIT 2');
      expect(start.lastSeq).toBe(0);
      await expect(http.audit(l.source, [e1!, e2!].map((r) => ({ seq: Number(r.seq), prevHash: r.prev_hash, hash: r.hash, body: r.body }))))
        .rejects.toThrow(/does not continue the one received before \(entry 2 was changed after it was written/);
      expect(await counts(c.db)).toEqual(before);
      expect((await verifyDb(c.db)).ok).toBe(true);
    });
  });
}
