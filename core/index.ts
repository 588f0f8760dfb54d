import { join } from 'node:path';
import type { Db } from '../db/index.js';
import { Bus } from './bus.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import { appRouter } from './router.js';
import { syncDemoAccount } from './iam/demo.js';
import { SecretBox } from './iam/secrets.js';
import type { BrokerConnection } from './mqtt/connection.js';
import { watchStatus } from './system/watch.js';
import { ChangeStream, pruneChanges } from './changes/stream.js';
import { Duties } from './duties/leases.js';
import { Fleet } from './fleet/fleet.js';
import { Ingest } from './fleet/ingest.js';
import { VdaCommands } from './fleet/commands.js';
import { ServiceDesk } from './field/desk.js';
import { SIM_MANUFACTURER } from './simulator/index.js';
import { pruneTimeSeries, purgeExpired } from './fleet/retention.js';
import { keepPartitions, rollUp } from './fleet/rollup.js';
import { archiveIfDue } from './retention/schedule.js';
import { keepVacuumed } from './retention/vacuum.js';
import { importSiteGraphs } from './org/site-graphs.js';
import { MissionRunner } from './missions/runner.js';
import { forgetGraph, forgetGraphs } from './missions/eta.js';
import { dispatchDue } from './missions/scheduler.js';
import { seedDemoResidents } from './missions/demo.js';
import { seedDemoCity } from './city/demo.js';
import { settleLeftBehind } from './city/open311-undo.js';
import { Ops } from './ops/ops.js';
import { seedDemoOps } from './ops/demo.js';
import { createCallerFactory, systemContext, type Connection, type Context, type Services } from './trpc.js';
import { SessionGuard } from './iam/session-guard.js';
import { anchorFile } from './audit/anchor.js';
import { BackupService, systemCaller } from './backup/service.js';
import { basemapsFor } from './basemaps/packs.js';
import { registerBackups } from './backup/router.js';
import { serveBackupSocket } from './backup/socket.js';
import { checkpointKeeper } from './audit/keeper.js';
import { signingDb } from './audit/signed-db.js';
import { dataFolderSigner, type AuditSigner } from './audit/signing.js';
import { repeat } from './repeat.js';

export interface CoreDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  config: Config;
  /** Encrypts TOTP secrets; defaults to the key of `config` (see SecretBox). */
  secrets?: SecretBox;
  /**
   * Signs each audit entry's checkpoint; defaults to `audit-signing.key` in the data
   * folder, and then the anchor is kept there too. Null: entries go unsigned (tools).
   */
  signer?: AuditSigner | null;
  /** The MQTT connection (started and stopped by the host); none in tests and tools. */
  broker?: BrokerConnection | null;
  /** Where settings changed in the console are saved, and which the environment fixes. */
  settings?: Context['settings'];
}

/** Core as a function of its dependencies: no Electron, no DOM, no globals. */
export function createCore({ db: given, clock, logger, config, secrets, signer, broker = null, settings = { file: null, locked: {} } }: CoreDeps) {
  const ownKey = signer === undefined;
  const auditSigner = ownKey ? dataFolderSigner(config.dataDir) : signer;
  const db = signingDb(given, auditSigner);
  const bus = new Bus();
  const startedAt = clock.now();
  const router = appRouter(startedAt);
  let stopWatching = () => {};
  const log = logger.child('core');
  const box = secrets ?? SecretBox.fromConfig(config.secretKey, join(config.dataDir, 'secret.key'));
  /** One per connection; `conn` carries its session between calls. */
  const context = (transport: Context['transport'], conn: Connection = { token: null }): Context => ({
    ...services, transport, conn, user: null, permission: null, requestId: '', path: '',
  });
  // In demo mode the simulated fleet on the embedded broker (which takes only this run's credentials) is the site's own.
  const trusted = (agv: { manufacturer: string }) => config.demo === true && !config.brokerUrl && agv.manufacturer === SIM_MANUFACTURER;
  const duties = new Duties({ db, log: logger.child('duties') });
  const fleet = new Fleet({ db, clock, logger, config, bus, trusted });
  // A field laptop takes a robot whose map frame no site knows yet (the field view asks for its origin).
  fleet.places.acceptUnknownMaps = config.field === true;
  fleet.writer.writes = () => duties.holds('ingest');
  fleet.writer.othersWrite = () => duties.elsewhere('ingest');
  const ingest = broker ? new Ingest({ fleet, broker, config, clock, log: logger.child('ingest') }) : null;
  const vda = new VdaCommands({ fleet, ingest, log: logger.child('vda') });
  const desk = new ServiceDesk({ db, clock, fleet, vda, ingest, log: logger.child('field') });
  const missions = new MissionRunner({ db, fleet, ingest, commands: vda, bus, clock, log: logger.child('missions') });
  const ops = new Ops({ db, bus, clock, log: logger.child('ops'), config, fleet, missions, broker, holds: (d) => duties.holds(d) });
  const changes = new ChangeStream({ db, bus, log: logger.child('changes') });
  // A graph saved or imported on another console: routes and estimates read it again.
  bus.on('change', (c) => c.kind === 'map' && c.id && forgetGraph(c.id));
  bus.on('changes.reset', forgetGraphs);
  const backups = new BackupService({ db, raw: given, config, clock, log: logger.child('backup') });
  registerBackups(db, backups);
  let stopBackupSocket = () => {};
  let stopVacuuming = () => {};
  const sessions = new SessionGuard({ db, clock, config, log: logger.child('sessions') });
  const services: Services = { db, clock, log, config, bus, secrets: box, broker, settings, fleet, vda, desk, missions, ops, sessions };
  const checkpoints = checkpointKeeper({ db, signer: auditSigner, anchorPath: ownKey ? anchorFile(config.dataDir) : null, clock, log });
  let stopAnchoring = () => {};
  let retention: NodeJS.Timeout | null = null;
  let scheduler: NodeJS.Timeout | null = null;
  let dispatching = false;
  /** Auto-dispatch of due missions, one pass at a time. */
  const dispatchTick = () => {
    if (dispatching || !duties.holds('dispatch')) return;
    dispatching = true;
    dispatchDue(systemContext(services, 'missions.autoDispatch'))
      .catch((err: unknown) => log.error('auto-dispatch failed', { err: (err as Error).message }))
      .finally(() => (dispatching = false));
  };
  /**
   * The retention job, run at start and hourly: telemetry rolled up into per-second and
   * per-minute aggregates, partitions made ahead and dropped past their period; other time
   * series and expired records deleted; an Open311 import a stopped console left half-written undone.
   */
  const prune = async () => {
    const now = clock.now();
    const cutoff = new Date(now.getTime() - config.telemetryRetentionDays * 86_400_000);
    const rolledUp = await rollUp(db, now);
    const partitions = await keepPartitions(db, now, { rawHours: config.telemetryRawHours, secondDays: config.telemetrySecondDays, minuteDays: config.telemetryRetentionDays });
    const removed = { ...(await pruneTimeSeries(db, cutoff)), changes: await pruneChanges(db, now), ...(await purgeExpired(db, now)) };
    const archived = await archiveIfDue(systemCaller(db, clock, 'retention.archive'), db, clock, log);
    const open311Settled = await settleLeftBehind(db);
    log.info('retention job done', { cutoff: cutoff.toISOString(), rolledUp, partitionsDropped: partitions, removed, open311Settled });
    return { removed, rolledUp, partitionsDropped: partitions, archived, open311Settled };
  };
  /** The retention job under way, if any: stop waits for it, so it never meets a closed database. */
  let pruning: Promise<void> | null = null;
  const runPrune = () => {
    pruning ??= prune().then(() => {}, (err: unknown) => log.error('retention job failed', { err })).finally(() => (pruning = null));
  };
  duties.onChange((duty, held) => {
    if (!held) return;
    if (duty === 'ingest') return fleet.writer.takeOver();
    if (duty === 'control') return missions.adoptOrphans();
    runPrune();
  });
  const reachable = () => db.query('SELECT 1').then(() => true, () => false);
  /** What needs the database: run at start, or as soon as it answers. */
  const startWithDb = async (demo: boolean) => {
    await syncDemoAccount(db, demo, clock);
    await importSiteGraphs(db);
    await checkpoints.adopt();
    await changes.start();
    stopAnchoring = repeat(5000, () => checkpoints.refresh(), (err) => log.error('audit anchor not updated', { err: err.message }));
    await fleet.load();
    ingest?.start();
    vda.start();
    await desk.start();
    await missions.start();
    await seedDemoResidents(db, box, demo);
    await seedDemoCity(db, demo, clock.now());
    await seedDemoOps(db, demo);
    await ops.start();
    scheduler = setInterval(dispatchTick, 5000);
    scheduler.unref();
    retention = setInterval(() => duties.holds('dispatch') && runPrune(), 3_600_000);
    retention.unref();
    backups.start();
    if (given.mode === 'embedded' && given.location !== 'memory') stopBackupSocket = serveBackupSocket(config.dataDir, backups, db, clock, log);
    // A central server vacuums its own tables; PGlite has nothing that does.
    if (given.mode === 'embedded') stopVacuuming = keepVacuumed(db, logger.child('vacuum'));
    await duties.start();
  };
  let waiting: NodeJS.Timeout | null = null;
  let stopped = false;
  const whenReachable = (demo: boolean, delayMs: number) => {
    waiting = setTimeout(() => void (async () => {
      if (stopped) return;
      if (!(await reachable())) return whenReachable(demo, Math.min(delayMs * 2, 15_000));
      log.info('the database answers; starting what needs it');
      await startWithDb(demo).catch((err: unknown) => log.error('starting with the database failed', { err: (err as Error).message }));
    })(), delayMs);
    waiting.unref();
  };
  const callerFactory = createCallerFactory(router);
  return {
    router,
    bus,
    /** The context for one connection or call. */
    context,
    /** A typed caller for tests and CLIs; `signal` ends its subscriptions. */
    caller: (transport: Context['transport'] = 'direct', signal?: AbortSignal, conn?: Connection) =>
      callerFactory(context(transport, conn), { signal }),
    fleet,
    ingest,
    ops,
    /** The database's stream of committed changes. */
    changes,
    /** Which background duties this console holds (see core/duties). */
    duties,
    /** Open subscriptions and their sessions (`recheck` after a change tests make directly). */
    sessions,
    prune,
    /** Backups: asked for, scheduled, or from `npm run backup` while the console runs. */
    backups,
    /** The offline map packs of this console's data folder (served under /basemaps/ by the hosts). */
    get basemaps() {
      return basemapsFor(config.dataDir);
    },
    async start() {
      // Demo mode's account has a published password: never on a shared database (see core/demo-mode.ts).
      if (config.demo && db.mode !== 'embedded') throw new Error('Demo mode is refused on a central database: set WATCHFLOOR_DEMO=false.');
      const demo = config.demo === true;
      if (await reachable()) await startWithDb(demo);
      else {
        log.warn('the database does not answer; the console runs without it and starts what needs it when it answers');
        whenReachable(demo, 1000);
      }
      stopWatching = watchStatus({ db, clock, bus, log, broker, ingest: () => fleet.writer.backlog }, startedAt, config.statusIntervalMs);
      sessions.start();
      log.info('core started', { db: db.mode, demo });
    },
    async stop() {
      stopped = true;
      if (waiting) clearTimeout(waiting);
      stopWatching();
      sessions.stop();
      if (retention) clearInterval(retention);
      backups.stop();
      stopBackupSocket();
      stopVacuuming();
      stopAnchoring();
      await checkpoints.refresh().catch((err: unknown) => log.error('audit anchor not updated', { err: (err as Error).message }));
      missions.stop();
      vda.stop();
      await desk.stop();
      ops.stop();
      if (scheduler) clearInterval(scheduler);
      await ingest?.stop();
      await fleet.writer.stop();
      await pruning;
      await duties.stop();
      await changes.stop();
      log.info('core stopping');
    },
  };
}
export type Core = ReturnType<typeof createCore>;

export type { AppRouter } from './router.js';
export type { Connection, Context } from './trpc.js';
export { loadConfig, defaultDataDir, type Config } from './config.js';
export { createLogger, type Logger } from './logger.js';
export { systemClock, type Clock } from './clock.js';
