import { describe, expect, it } from 'vitest';
import { PASSWORD, testCore } from '../testing.js';
import { appendAudit } from './store.js';

describe('audit values as the reader may see them', () => {
  it('a viewer sees no emergency contacts, nor users\' emails and roles; an admin sees them', async () => {
    const t = await testCore();
    const admin = await t.signedIn(['admin']);
    const nurse = await t.signedIn(['nurse']);
    const viewer = await t.signedIn(['viewer']);
    await admin.iam.createUser({ email: 'ann@site.test', displayName: 'Ann', password: PASSWORD, roles: ['nurse'] });
    const [site] = await t.db.query<{ id: string }>('SELECT id FROM org.sites LIMIT 1');
    await nurse.missions.createResident({
      siteId: site!.id, firstName: 'Maria', lastName: 'Jansen', dateOfBirth: '1940-02-03', wheelchairType: 'manual', requiresAssistance: true,
      preferredLanguage: 'nl', emergencyContactName: 'Piet Jansen', emergencyContactPhone: '+31 6 1234 5678', consent: true,
    });
    // An entry written before values were redacted on the way in: the reader's view still hides it.
    await t.db.transaction((tx) => appendAudit(tx, {
      actorId: null, actorEmail: 'system', sessionId: null, action: 'missions.update_resident', resourceType: 'resident', resourceId: null,
      siteId: null, oldValues: { emergencyContactName: 'Old Contact' }, newValues: { emergencyContactPhone: '+31 6 0000 0000', lastName: 'Jansen' },
      lat: null, lon: null, requestId: null, outcome: 'success', reason: null,
    }, new Date()));

    const seenBy = async (api: typeof admin) => JSON.stringify(await api.audit.list({ limit: 100 }));
    const asViewer = await seenBy(viewer);
    for (const secret of ['ann@site.test', '"nurse"', 'Piet Jansen', '+31 6', 'Old Contact', 'Maria']) expect(asViewer).not.toContain(secret);
    expect(asViewer).toContain('Jansen');
    expect(asViewer).toContain('[hidden]');
    const asAdmin = await seenBy(admin);
    for (const shown of ['ann@site.test', '"nurse"', 'Old Contact', '+31 6 0000 0000']) expect(asAdmin).toContain(shown);
    // Written from now on, emergency contacts are redacted for everyone.
    expect(asAdmin).not.toContain('Piet Jansen');
  });
});
