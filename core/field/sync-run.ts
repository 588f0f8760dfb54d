// The field view's "take the tickets" and "bring the work back": this laptop signs in to the
// central console the technician names (its printed URL) as the technician, and downloads
// or pushes there; the central side checks that session and its permissions (see central.ts).
import { createHash } from 'node:crypto';
import { audited, record } from '../audit/write.js';
import { DomainError } from '../errors.js';
import type { AuthedContext } from '../trpc.js';
import { CentralConsole } from './central-client.js';
import { takeTickets, type DownloadReport } from './download.js';
import { pushFieldWork, type Decision, type SyncReport } from './sync.js';

/** This laptop, as the central console knows it: stable for its data folder. */
export const laptopSource = (dataDir: string) => `laptop-${createHash('sha256').update(dataDir).digest('hex').slice(0, 16)}`;

export interface CentralSignIn { centralUrl: string; password: string; totp?: string | undefined }

function onlyOnLaptop(ctx: AuthedContext): void {
  if (ctx.db.mode !== 'embedded') throw new DomainError('conflict', { code: 'field.alreadyCentral' });
}

async function signedIn<T>(ctx: AuthedContext, input: CentralSignIn, work: (central: CentralConsole) => Promise<T>): Promise<T> {
  const central = CentralConsole.at(input.centralUrl);
  await central.signIn(ctx.user.email, input.password, input.totp);
  try {
    return await work(central);
  } finally {
    await central.signOut();
  }
}

export async function syncToCentral(ctx: AuthedContext, input: CentralSignIn & { decisions: Record<string, Decision> }): Promise<SyncReport> {
  onlyOnLaptop(ctx);
  const source = laptopSource(ctx.config.dataDir);
  const target = { resourceType: 'field_source', resourceId: source };
  try {
    const report = await signedIn(ctx, input, (central) => pushFieldWork({ local: ctx.db, central, source, now: () => ctx.clock.now(), decisions: input.decisions }));
    await record(ctx, target, 'success', { newValues: { central: CentralConsole.at(input.centralUrl).where, ...report.pushed, unchanged: report.unchanged, conflicts: report.conflicts.length, tip: report.tip } });
    return report;
  } catch (err) {
    await record(ctx, target, 'failed', { reason: (err as Error).message });
    if (err instanceof DomainError) throw err;
    throw new DomainError('unavailable', { code: 'field.pushStopped', params: { message: (err as Error).message } });
  }
}

/** Takes the open tickets assigned to the technician and those of this vehicle (if one is named) from the central console. */
export async function downloadTickets(ctx: AuthedContext, input: CentralSignIn & { vehicleId: string | null }): Promise<DownloadReport> {
  onlyOnLaptop(ctx);
  const source = laptopSource(ctx.config.dataDir);
  const [v] = input.vehicleId
    ? await ctx.db.query<{ manufacturer: string; serial_number: string }>('SELECT manufacturer, serial_number FROM fleet.vehicles WHERE id = $1', [input.vehicleId])
    : [];
  if (input.vehicleId && !v) throw new DomainError('not_found', { code: 'field.noSuchVehicleOnLaptop' });
  const copies = await signedIn(ctx, input, (central) => central.tickets(source, v ? [{ manufacturer: v.manufacturer, serialNumber: v.serial_number }] : []));
  return audited(ctx, { resourceType: 'field_source', resourceId: source, action: 'field.download' }, async (tx) => {
    const report = await takeTickets(tx, copies, ctx.clock.now());
    return { result: report, newValues: { central: CentralConsole.at(input.centralUrl).where, tickets: copies.map((t) => ({ id: t.id, version: t.version })), ...report } };
  });
}
