import { describe, expect, it } from 'vitest';
import type { VehicleLive } from '../contract/index.js';
import { createLogger } from '../logger.js';
import { ActionTimeout, VdaCommands } from './commands.js';
import type { Fleet } from './fleet.js';
import type { Ingest } from './ingest.js';

describe('instant actions', () => {
  it('rejects with the timeout, and nothing else, when the publish itself outlasts it (a broker slow under load)', async () => {
    const unhandled: unknown[] = [];
    const note = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', note);
    try {
      const master = { publish: () => new Promise((ok) => setTimeout(ok, 80)) };
      const ingest = { master, onState: () => () => {} } as unknown as Ingest;
      const fleet = { factsheets: new Map(), vehicles: new Map() } as unknown as Fleet;
      const commands = new VdaCommands({ fleet, ingest, log: createLogger('test', 'error', () => {}) });
      const v = { id: 'v1', name: 'Unit 1', manufacturer: 'M', serialNumber: 's1' } as VehicleLive;
      await expect(commands.instant(v, 'factsheetRequest', { timeoutMs: 10 })).rejects.toBeInstanceOf(ActionTimeout);
      await new Promise((r) => setImmediate(r));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', note);
    }
  });

  it('asks a fleet coming online for its factsheets a hundred at a time, the rest on later states', async () => {
    const sent: { serial: string; fail: (e: Error) => void }[] = [];
    const master = { publish: (_t: unknown, agv: { serialNumber: string }) => new Promise((_, fail) => sent.push({ serial: agv.serialNumber, fail })) };
    let onState: (id: string, s: object) => void = () => {};
    const ingest = { master, onState: (f: typeof onState) => ((onState = f), () => {}) } as unknown as Ingest;
    const vehicles = new Map(Array.from({ length: 300 }, (_, i) => [`v${i}`, { id: `v${i}`, name: `Unit ${i}`, manufacturer: 'M', serialNumber: `s${i}` } as VehicleLive]));
    const commands = new VdaCommands({ fleet: { factsheets: new Map(), vehicles } as unknown as Fleet, ingest, log: createLogger('test', 'error', () => {}) });
    commands.start();
    for (const id of vehicles.keys()) onState(id, {});
    expect(sent.map((s) => s.serial)).toEqual(Array.from({ length: 100 }, (_, i) => `s${i}`));
    // The first hundred end (here: their publish fails); the next states bring the next hundred.
    for (const s of sent.splice(0)) s.fail(new Error('broker away'));
    await new Promise((r) => setImmediate(r));
    for (const id of vehicles.keys()) onState(id, {});
    expect(sent.map((s) => s.serial)).toEqual(Array.from({ length: 100 }, (_, i) => `s${i + 100}`));
  });
});
