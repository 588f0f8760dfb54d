// Helpers for core's own tests: a migrated in-memory database, a clock the test moves, users per role.
import { randomBytes } from 'node:crypto';
import { migrate, openPglite, type Db } from '../db/index.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import { insertUser } from './iam/auth.js';
import { SecretBox } from './iam/secrets.js';
import { AuditSigner } from './audit/signing.js';
import { createCore, type CoreDeps } from './index.js';
import { createLogger, type LogSink } from './logger.js';
import type { BrokerConnection } from './mqtt/connection.js';

export const testConfig: Config = {
  dataDir: '/nowhere', port: 0, logLevel: 'error', openBrowser: false, statusIntervalMs: 100,
  demo: false, sessionIdleMinutes: 30, lockoutThreshold: 5, lockoutMinutes: 15,
  vdaInterface: 'uagv', ingestMaxBytes: 256 * 1024, outboxMaxRows: 2_000_000, liveFeedMs: 50, vehicleTimeoutSeconds: 30, telemetryRetentionDays: 90, telemetryRawHours: 48, telemetrySecondDays: 14,
  demoVehicles: 0, demoSensors: 0, demoAlertSeconds: 0, missionReservePercent: 20, vehicleReachMeters: 6000, vehicleSpeedMps: 1.4,
  open311RadiusKm: 50,
};

export class TestClock {
  constructor(public at = new Date('2026-11-22T10:00:00.000Z')) {}
  now = () => new Date(this.at);
  advance(ms: number): void {
    this.at = new Date(this.at.getTime() + ms);
  }
}

export const PASSWORD = 'correct horse battery';

export async function testCore(opts: { db?: Db; config?: Partial<Config>; broker?: BrokerConnection; clock?: Clock; settings?: CoreDeps['settings']; logSink?: LogSink } = {}) {
  const db = opts.db ?? (await openPglite());
  await migrate(db);
  const clock = new TestClock();
  const core = createCore({
    db, clock: opts.clock ?? clock, logger: createLogger('test', 'error', opts.logSink ?? (process.env.WF_TEST_LOG ? undefined : () => {})), config: { ...testConfig, ...opts.config },
    secrets: new SecretBox(randomBytes(32)), signer: AuditSigner.generate(), broker: opts.broker ?? null, ...(opts.settings ? { settings: opts.settings } : {}),
  });
  let n = 0;
  return {
    db,
    clock,
    core,
    /** A new user with these roles, and a caller signed in as them. */
    async signedIn(roles: string[], email = `user${++n}@site.test`) {
      await db.transaction((tx) => insertUser(tx, { email, displayName: email, password: PASSWORD, roles }));
      const api = core.caller();
      await api.auth.login({ email, password: PASSWORD });
      return api;
    },
  };
}
