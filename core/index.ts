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
import { Fleet } from './fleet/fleet.js';
import { Ingest } from './fleet/ingest.js';
import { VdaCommands } from './fleet/commands.js';
import { SIM_MANUFACTURER } from './simulator/index.js';
import { pruneTimeSeries } from './fleet/retention.js';
import { importSiteGraphs } from './org/site-graphs.js';
import { MissionRunner } from './missions/runner.js';
import { dispatchDue } from './missions/scheduler.js';
import { seedDemoResidents } from './missions/demo.js';
import { seedDemoCity } from './city/demo.js';
import { Ops } from './ops/ops.js';
import { seedDemoOps } from './ops/demo.js';
import { createCallerFactory, type Connection, type Context } from './trpc.js';
import { SessionGuard } from './iam/session-guard.js';
import { anchorFile } from './audit/anchor.js';
import { checkpointKeeper } from './audit/keeper.js';
import { signingDb } from './audit/signed-db.js';
import { dataFolderSigner, type AuditSigner } from './audit/signing.js';

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
    db, clock, log, config, bus, secrets: box, broker, settings, fleet, vda, missions, ops, sessions, transport, conn, user: null, requestId: '', path: '',
  });
  // In demo mode the simulated fleet on the embedded broker (which takes only this run's credentials) is the site's own.
  const trusted = (agv: { manufacturer: string }) => config.demo === true && !config.brokerUrl && agv.manufacturer === SIM_MANUFACTURER;
  const fleet = new Fleet({ db, clock, logger, config, bus, trusted });
  const ingest = broker ? new Ingest({ fleet, broker, config, clock, log: logger.child('ingest') }) : null;
  const vda = new VdaCommands({ fleet, ingest, log: logger.child('vda') });
  const missions = new MissionRunner({ db, fleet, ingest, commands: vda, bus, clock, log: logger.child('missions') });
  const ops = new Ops({ db, bus, clock, log: logger.child('ops'), config, fleet, missions, broker });
  const sessions = new SessionGuard({ db, clock, config, log: logger.child('sessions') });
  const checkpoints = checkpointKeeper({ db, signer: auditSigner, anchorPath: ownKey ? anchorFile(config.dataDir) : null, clock, log });
  let anchoring: NodeJS.Timeout | null = null;
  let retention: NodeJS.Timeout | null = null;
  let scheduler: NodeJS.Timeout | null = null;
  let dispatching = false;
  /** Auto-dispatch of due missions, one pass at a time. */
  const dispatchTick = () => {
    if (dispatching) return;
    dispatching = true;
    dispatchDue(context('direct'))
      .catch((err: unknown) => log.error('auto-dispatch failed', { err: (err as Error).message }))
      .finally(() => (dispatching = false));
  };
  /** Deletes telemetry older than the retention period; run at start and hourly. */
  const prune = async () => {
    const cutoff = new Date(clock.now().getTime() - config.telemetryRetentionDays * 86_400_000);
    const removed = await pruneTimeSeries(db, cutoff);
    log.info('retention job done', { cutoff: cutoff.toISOString(), removed });
    return removed;
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
    /** Open subscriptions and their sessions (`recheck` after a change tests make directly). */
    sessions,
    prune,
    async start() {
      // Demo mode's account has a published password: never on a shared database (see core/demo-mode.ts).
      if (config.demo && db.mode !== 'embedded') throw new Error('Demo mode is refused on a central database: set WATCHFLOOR_DEMO=false.');
      const demo = config.demo === true;
      if (await db.query('SELECT 1').then(() => true, () => false)) {
        await syncDemoAccount(db, demo, clock);
        await importSiteGraphs(db);
        await checkpoints.adopt();
        anchoring = setInterval(() => void checkpoints.refresh().catch((err: unknown) => log.error('audit anchor not updated', { err: (err as Error).message })), 5000);
        anchoring.unref();
        await fleet.load();
        ingest?.start();
        vda.start();
        await missions.start();
        await seedDemoResidents(db, box, demo);
        await seedDemoCity(db, demo, clock.now());
        await seedDemoOps(db, demo);
        await ops.start();
        scheduler = setInterval(dispatchTick, 5000);
        scheduler.unref();
        retention = setInterval(() => void prune().catch((err: unknown) => log.error('retention job failed', { err })), 3_600_000);
        retention.unref();
        void prune().catch((err: unknown) => log.error('retention job failed', { err }));
      }
      stopWatching = watchStatus({ db, clock, bus, log, broker }, startedAt, config.statusIntervalMs);
      sessions.start();
      log.info('core started', { db: db.mode, demo });
    },
    async stop() {
      stopWatching();
      sessions.stop();
      if (retention) clearInterval(retention);
      if (anchoring) clearInterval(anchoring);
      await checkpoints.refresh().catch((err: unknown) => log.error('audit anchor not updated', { err: (err as Error).message }));
      missions.stop();
      vda.stop();
      ops.stop();
      if (scheduler) clearInterval(scheduler);
      await ingest?.stop();
      await fleet.writer.stop();
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
