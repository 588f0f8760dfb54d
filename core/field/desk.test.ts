// The two-person rule without a broker: a command under it is kept, not sent, and expires
// after 2 minutes unconfirmed (audited); nobody confirms their own; a role without
// fleet:command cannot ask. (Sending and the vehicle's answers: tests/mqtt/field-commands.test.ts.)
import { describe, expect, it } from 'vitest';
import { testCore } from '../testing.js';

async function withVehicle() {
  const t = await testCore();
  const [v] = await t.db.query<{ id: string }>("INSERT INTO fleet.vehicles (manufacturer, serial_number, name, confirmed_at) VALUES ('Acme', 'd-1', 'Acme 1', now()) RETURNING id");
  await t.core.start();
  return { t, vehicleId: v!.id };
}

const position = { x: 1, y: 2, theta: 0, mapId: 'floor-1' };

describe('the two-person rule', () => {
  it('expires a command nobody confirmed within 2 minutes: not sent, audited, and a late confirmation is refused', async () => {
    const { t, vehicleId } = await withVehicle();
    const a = await t.signedIn(['maintenance'], 'a@site.test');
    const b = await t.signedIn(['operator'], 'b@site.test');
    const ask = await a.field.command({ vehicleId, actionType: 'initPosition', reason: 'moved by hand', position });
    expect(ask.status).toBe('awaiting_confirmation');
    t.clock.advance(119_000);
    expect((await a.field.service({ vehicleId })).commands[0]!.status).toBe('awaiting_confirmation');
    t.clock.advance(2_000);
    const [c] = (await a.field.service({ vehicleId })).commands;
    expect(c).toMatchObject({ status: 'expired', sentAt: null, detail: 'Nobody confirmed it within 2 minutes; it was not sent.' });
    await expect(b.field.confirm({ commandId: ask.id })).rejects.toThrow(/Nobody confirmed this command within 2 minutes, so it expired and was not sent/);
    const rows = await t.db.query<{ action: string; outcome: string }>('SELECT action, outcome FROM audit.entries WHERE resource_id = $1 ORDER BY seq', [ask.id]);
    expect(rows).toEqual([{ action: 'field.expire_command', outcome: 'failed' }, { action: 'field.confirm', outcome: 'failed' }]);
    await t.core.stop();
  });

  it('asks for a picked point with initPosition only, and for fleet:command', async () => {
    const { t, vehicleId } = await withVehicle();
    const a = await t.signedIn(['maintenance']);
    await expect(a.field.command({ vehicleId, actionType: 'initPosition', reason: 'moved by hand' })).rejects.toThrow(/Pick the point where the vehicle stands/);
    await expect(a.field.command({ vehicleId, actionType: 'startPause', reason: 'check', position })).rejects.toThrow(/Pick the point/);
    const nurse = await t.signedIn(['nurse']);
    await expect(nurse.field.command({ vehicleId, actionType: 'initPosition', reason: 'moved by hand', position })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await t.db.query('SELECT 1 FROM fleet.vehicle_commands')).toHaveLength(0);
    await t.core.stop();
  });
});
