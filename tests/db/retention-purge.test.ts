// Retention (issue 16) on both engines: sessions purged 30 days after they ended or went idle,
// handled alerts after their period; younger rows, open alerts and alerts an incident came from stay.
import { describe, expect, it } from 'vitest';
import { purgeExpired } from '../../core/fleet/retention.js';
import { testCore } from '../../core/testing.js';
import { engines } from './engines.js';

const DAY = 86_400_000;

for (const engine of engines()) {
  describe.skipIf(!engine.available)(`retention purge on ${engine.name}`, () => {
    it('removes what is past its period and nothing younger', async () => {
      const t = await testCore({ db: await engine.fresh() });
      const db = t.db;
      const now = new Date('2026-11-22T10:00:00Z');
      const ago = (days: number) => new Date(now.getTime() - days * DAY).toISOString();
      await t.signedIn(['viewer'], 'old@site.test');
      await t.signedIn(['viewer'], 'young@site.test');
      await t.signedIn(['viewer'], 'idle@site.test');
      const set = (email: string, sql: string, params: unknown[]) =>
        db.query(`UPDATE iam.sessions SET ${sql} WHERE user_id = (SELECT id FROM iam.users WHERE email = $1)`, [email, ...params]);
      await set('old@site.test', 'ended_at = $2, end_reason = $3, last_seen_at = $2', [ago(31), 'logout']);
      await set('young@site.test', 'ended_at = $2, end_reason = $3, last_seen_at = $2', [ago(29), 'logout']);
      await set('idle@site.test', 'last_seen_at = $2', [ago(40)]);

      const [site] = await db.query<{ id: string }>('SELECT id FROM org.sites LIMIT 1');
      const alert = async (title: string, status: string, at: string | null) => {
        const [a] = await db.query<{ id: string }>(
          `INSERT INTO ops.alerts (site_id, source, external_id, type, severity, title, status, occurred_at, dismissed_at, acknowledged_at, dismiss_reason)
           VALUES ($1, 'test', $2, 'door', 3, $2, $3, $4, $5, $6, CASE WHEN $3 = 'dismissed' THEN 'false alarm' END) RETURNING id`,
          [site!.id, title, status, ago(400), status === 'dismissed' ? at : null, status === 'acknowledged' ? at : null]);
        return a!.id;
      };
      await alert('dismissed-old', 'dismissed', ago(366));
      await alert('acknowledged-old', 'acknowledged', ago(400));
      await alert('dismissed-young', 'dismissed', ago(300));
      await alert('new-old', 'new', null);
      const removed = await purgeExpired(db, now);
      expect(removed).toEqual({ 'iam.sessions': 2, 'ops.alerts': 2 });
      const emails = await db.query<{ email: string }>('SELECT u.email FROM iam.sessions s JOIN iam.users u ON u.id = s.user_id ORDER BY 1');
      expect(emails.map((e) => e.email)).toEqual(['young@site.test']);
      const titles = await db.query<{ title: string }>(`SELECT title FROM ops.alerts WHERE source = 'test' ORDER BY 1`);
      expect(titles.map((a) => a.title)).toEqual(['dismissed-young', 'new-old']);
      await db.close();
    });
  });
}
