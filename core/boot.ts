import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { rmSync, writeFileSync } from 'node:fs';
import { closeFolder, DbError, faultDb, openDb, openLater, redactUrl, type Db } from '../db/index.js';
import { systemClock } from './clock.js';
import { configFile, envLocked, type Config } from './config.js';
import { markDemoDatabase } from './demo-mode.js';
import { prepare, type Prepared } from './prepare.js';
import { needsSetup } from './iam/auth.js';
import { checkSecretKey } from './iam/secret-key.js';
import { SetupCode, setSetupCode } from './iam/setup-code.js';
import { createCore, type Core } from './index.js';
import { createLogger, type Logger } from './logger.js';
import { BrokerConnection } from './mqtt/connection.js';
import { startEmbeddedBroker, type EmbeddedBroker } from './mqtt/embedded-broker.js';
import { startSimulator, type Simulator } from './simulator/index.js';

/** One client id per host and data folder, the same at every start, so a site broker keeps the console's session. */
const stableClientId = (dataDir: string) => `watchfloor-${hostname()}-${createHash('sha256').update(dataDir).digest('hex').slice(0, 8)}`;

/** The configured site broker, or an embedded one on a free 127.0.0.1 port when none is configured. */
async function connectBroker(config: Config, logger: Logger): Promise<{ broker: BrokerConnection; embedded: EmbeddedBroker | null }> {
  const embedded = config.brokerUrl ? null : await startEmbeddedBroker();
  const broker = new BrokerConnection(
    {
      kind: embedded ? 'embedded' : 'site',
      url: embedded?.url ?? config.brokerUrl!,
      clientId: config.brokerClientId ?? stableClientId(config.dataDir),
      username: config.brokerUsername,
      password: config.brokerPassword,
      caFile: config.brokerCaFile,
      certFile: config.brokerCertFile,
      keyFile: config.brokerKeyFile,
    },
    systemClock,
    logger.child('mqtt'),
  );
  broker.start();
  return { broker, embedded };
}

export interface Booted {
  core: Core;
  config: Config;
  logger: Logger;
  /** Why the database could not be opened; the console still runs and shows it. */
  fault: DbError | null;
  /** The one-time code the first administrator's setup needs, while there is none (also in `setup-code` in the data folder). */
  setupCode: SetupCode | null;
  stop(): Promise<void>;
}

/**
 * Everything a host does before it can answer calls: configuration (unless `prepared`), database,
 * migrations, core. A database that cannot be opened does not stop the host;
 * an invalid configuration does (it throws with a message naming the setting).
 */
export async function boot(overrides: Partial<Config> = {}, env = process.env, prepared: Prepared = prepare(overrides, env)): Promise<Booted> {
  const { config, logger, demo } = prepared;
  let db: Db;
  let fault: DbError | null = null;
  try {
    db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, onStall: (message) => logger.warn(message) });
    if (demo.creates) markDemoDatabase(config.dataDir);
  } catch (err) {
    fault = err instanceof DbError ? err : new DbError('unreachable', `The database could not be opened: ${(err as Error).message}`, { cause: err });
    const mode = config.databaseUrl ? 'central' : 'embedded';
    const location = config.databaseUrl ? redactUrl(config.databaseUrl) : join(config.dataDir, 'pgdata');
    logger.error(fault.message, { code: fault.code });
    if (fault.code === 'unreachable' && config.databaseUrl) {
      // A central database that does not answer yet: the console starts anyway and comes up by itself when it does.
      const later = openLater(mode, location, fault, async () => {
        const opened = await openDb({ databaseUrl: config.databaseUrl });
        await checkSecretKey(opened, config.secretKey, join(config.dataDir, 'secret.key')).catch(async (err: unknown) => {
          await opened.close();
          throw new DbError('corrupt', (err as Error).message);
        });
        return opened;
      }, { onError: (err) => logger.error(err.message, { code: err.code }) });
      void later.ready.then(async (opened) => {
        logger.info('the central database answers now', { location });
        if (await needsSetup(opened)) setSetupCode(config, SetupCode.create(config.dataDir));
      });
      db = later;
    } else db = faultDb(mode, location, fault);
  }
  // A lost secret.key is refused, not regenerated, while sealed data waits for it.
  if (!fault) {
    await checkSecretKey(db, config.secretKey, join(config.dataDir, 'secret.key')).catch(async (err: unknown) => {
      await db.close();
      throw err;
    });
  }
  // No administrator yet: the first one's setup needs a code only whoever started this console has.
  rmSync(join(config.dataDir, 'setup-code'), { force: true });
  let setupCode: SetupCode | null = null;
  if (!fault && (await needsSetup(db))) setSetupCode(config, (setupCode = SetupCode.create(config.dataDir)));
  const connected = await connectBroker(config, logger);
  const { broker } = connected;
  let embedded = connected.embedded;
  // Local tools of the same user (npm run demo -- --broker, tests) find the embedded broker, with its credentials, here only.
  const brokerFile = join(config.dataDir, 'embedded-broker.url');
  if (embedded) writeFileSync(brokerFile, `${embedded.url}\n`, { mode: 0o600 });
  // Settings may move the console back from a site broker to an embedded one: started then if this run has none.
  broker.embedded = async () => {
    if (!embedded) {
      embedded = await startEmbeddedBroker();
      writeFileSync(brokerFile, `${embedded.url}\n`, { mode: 0o600 });
    }
    return embedded.url;
  };
  const settings = { file: configFile(env, config.dataDir), locked: envLocked(env) };
  const core = createCore({ db, clock: systemClock, logger, config, broker, settings });
  await core.start();
  // The demo fleet flies with the embedded broker only: a site broker has real vehicles.
  let sim: Simulator | null = null;
  if (embedded && config.demo && !fault && (config.demoVehicles > 0 || config.demoSensors > 0)) {
    sim = await startSimulator({
      brokerUrl: embedded.url, interfaceName: config.vdaInterface, vehicles: config.demoVehicles, sensors: config.demoSensors,
      rateHz: 2, incidentIntervalS: 90, alertIntervalS: config.demoAlertSeconds,
    }).catch((err: unknown) => {
      logger.error('the demo fleet could not start', { err: (err as Error).message });
      return null;
    });
  }
  return {
    core,
    config,
    logger,
    fault,
    setupCode,
    async stop() {
      await sim?.stop();
      await core.stop();
      await broker.stop();
      await embedded?.close();
      if (embedded) rmSync(brokerFile, { force: true });
      await db.close();
      closeFolder(config.dataDir);
    },
  };
}
