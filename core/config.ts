import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { z } from 'zod';

const TRUE = ['true', '1', 'yes'];
const FALSE = ['false', '0', 'no'];

/**
 * A boolean setting, strictly: true/false, 1/0 or yes/no (as JSON values or as text, any case).
 * Anything else is refused, so a typo such as "disabled" or "n" never switches a setting on.
 */
export const StrictBool = z.union([z.boolean(), z.number(), z.string()]).transform((v, ctx) => {
  if (typeof v === 'boolean') return v;
  const text = String(v).toLowerCase();
  if (TRUE.includes(text)) return true;
  if (FALSE.includes(text)) return false;
  ctx.addIssue({ code: 'custom', message: `must be true/false, 1/0 or yes/no, not ${JSON.stringify(v)}` });
  return z.NEVER;
});

/** Every setting, with its environment variable and config-file key (see README, Configuration). */
export const ConfigSchema = z.object({
  /** DATABASE_URL / databaseUrl: a PostgreSQL URL selects the central database. */
  databaseUrl: z.string().url().optional(),
  /** WATCHFLOOR_DATA_DIR / dataDir: the embedded database and local state live here. */
  dataDir: z.string().min(1),
  /** WATCHFLOOR_PORT / port: the browser host's port on 127.0.0.1 (0 picks a free one). */
  port: z.coerce.number().int().min(0).max(65535).default(4780),
  /** WATCHFLOOR_LOG_LEVEL / logLevel */
  logLevel: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  /** WATCHFLOOR_OPEN_BROWSER / openBrowser: open the URL in a desktop browser when one is there. */
  openBrowser: StrictBool.default(true),
  /** WATCHFLOOR_STATUS_INTERVAL_MS / statusIntervalMs: how often the status stream re-checks health. */
  statusIntervalMs: z.coerce.number().int().min(100).max(600_000).default(5000),
  /**
   * WATCHFLOOR_DEMO / demo: create and sign in the documented demo operator (see README).
   * Unset, boot turns it on only where demo mode may run (core/demo-mode.ts); true elsewhere is refused.
   */
  demo: StrictBool.optional(),
  /** WATCHFLOOR_SESSION_IDLE_MINUTES / sessionIdleMinutes: a session ends after this long without a call. */
  sessionIdleMinutes: z.coerce.number().min(1).max(24 * 60).default(30),
  /** WATCHFLOOR_LOCKOUT_THRESHOLD / lockoutThreshold: failed sign-ins in a row that lock an account. */
  lockoutThreshold: z.coerce.number().int().min(1).max(100).default(5),
  /** WATCHFLOOR_LOCKOUT_MINUTES / lockoutMinutes: how long a locked account stays locked. */
  lockoutMinutes: z.coerce.number().min(1).max(24 * 60).default(15),
  /** WATCHFLOOR_SECRET_KEY / secretKey: base64 of 32 bytes encrypting TOTP secrets; else `secret.key` in the data folder. */
  secretKey: z.string().optional(),
  /** WATCHFLOOR_BROKER_URL / brokerUrl: the site MQTT broker (mqtt://, mqtts://, ws://); unset starts the embedded one. */
  brokerUrl: z.string().regex(/^(mqtts?|wss?|tcp|ssl):\/\//, 'must start with mqtt://, mqtts://, ws://, wss://, tcp:// or ssl://').optional(),
  /** WATCHFLOOR_BROKER_USERNAME / brokerUsername, WATCHFLOOR_BROKER_PASSWORD / brokerPassword */
  brokerUsername: z.string().optional(),
  brokerPassword: z.string().optional(),
  /** WATCHFLOOR_BROKER_CA_FILE / brokerCaFile, …_CERT_FILE / brokerCertFile, …_KEY_FILE / brokerKeyFile: TLS files (PEM). */
  brokerCaFile: z.string().optional(),
  brokerCertFile: z.string().optional(),
  brokerKeyFile: z.string().optional(),
  /** WATCHFLOOR_BROKER_CLIENT_ID / brokerClientId: defaults to watchfloor-<host>-<hash of the data folder>, the same at every start. */
  brokerClientId: z.string().min(1).max(128).optional(),
  /** WATCHFLOOR_VDA_INTERFACE / vdaInterface: first level of VDA 5050 topics ({interface}/v2/{manufacturer}/{serial}/…). */
  vdaInterface: z.string().regex(/^[^/#+]+$/, 'must be one MQTT topic level').default('uagv'),
  /** WATCHFLOOR_INGEST_MAX_BYTES / ingestMaxBytes: larger MQTT messages are quarantined. */
  ingestMaxBytes: z.coerce.number().int().min(1024).max(16 * 1024 * 1024).default(256 * 1024),
  /**
   * WATCHFLOOR_OUTBOX_MAX_ROWS / outboxMaxRows: rows the ingest outbox (outbox.sqlite in the data folder) keeps while the
   * database is away; over it the oldest telemetry, then readings, are dropped and counted. Alerts are never dropped.
   */
  outboxMaxRows: z.coerce.number().int().min(1000).max(100_000_000).default(2_000_000),
  /**
   * WATCHFLOOR_LIVE_FEED_MS / liveFeedMs: the shortest time between two live-fleet messages to one page. The first change
   * after a quiet spell goes at once; changes within the window are merged. 50 ms keeps publish → page p99 under 100 ms.
   */
  liveFeedMs: z.coerce.number().int().min(20).max(1000).default(50),
  /** WATCHFLOOR_VEHICLE_TIMEOUT_SECONDS / vehicleTimeoutSeconds: no message for this long marks a vehicle offline. */
  vehicleTimeoutSeconds: z.coerce.number().min(1).max(3600).default(30),
  /** WATCHFLOOR_TELEMETRY_RETENTION_DAYS / telemetryRetentionDays: older telemetry (its per-minute aggregates) and sensor readings are deleted. */
  telemetryRetentionDays: z.coerce.number().min(1).max(3650).default(90),
  /** WATCHFLOOR_TELEMETRY_RAW_HOURS / telemetryRawHours: every telemetry row is kept this long (whole days dropped), then only its aggregates. */
  telemetryRawHours: z.coerce.number().min(1).max(24 * 3650).default(48),
  /** WATCHFLOOR_TELEMETRY_SECOND_DAYS / telemetrySecondDays: per-second aggregates are kept this long, then only per-minute ones. */
  telemetrySecondDays: z.coerce.number().min(1).max(3650).default(14),
  /** WATCHFLOOR_DEMO_VEHICLES / demoVehicles, …_SENSORS / demoSensors: the simulated fleet started with the embedded broker (0 for none). */
  demoVehicles: z.coerce.number().int().min(0).max(500).default(6),
  demoSensors: z.coerce.number().int().min(0).max(500).default(4),
  /** WATCHFLOOR_DEMO_ALERT_SECONDS / demoAlertSeconds: mean seconds between the demo's simulated external alerts (0 for none). */
  demoAlertSeconds: z.coerce.number().min(0).max(86_400).default(240),
  /** WATCHFLOOR_MISSION_RESERVE_PERCENT / missionReservePercent: battery a vehicle must keep after a mission to be suggested. */
  missionReservePercent: z.coerce.number().min(0).max(90).default(20),
  /** WATCHFLOOR_VEHICLE_REACH_METERS / vehicleReachMeters, …_SPEED_MPS / vehicleSpeedMps: the fleet model dispatch estimates with. */
  vehicleReachMeters: z.coerce.number().min(100).max(1_000_000).default(6000),
  vehicleSpeedMps: z.coerce.number().min(0.1).max(10).default(1.4),
  /** WATCHFLOOR_OPEN311_RADIUS_KM / open311RadiusKm: an imported Open311 request further than this from the site is suspect. */
  open311RadiusKm: z.coerce.number().min(0.1).max(20_000).default(50),
  /** WATCHFLOOR_FIELD / field (`npm start -- --field`): a technician's laptop at one robot; the console opens the field view. */
  field: StrictBool.optional(),
  /** WATCHFLOOR_FIELD_VEHICLE / fieldVehicle (`--field=manufacturer/serialNumber`): the vehicle the field view opens. */
  fieldVehicle: z.string().max(401).regex(/^[^/#+]+\/[^/#+]+$/, 'must be manufacturer/serialNumber, as in the vehicle\'s VDA 5050 topics').optional(),
});
export type Config = z.infer<typeof ConfigSchema>;

const envKeys: Record<string, keyof Config> = {
  DATABASE_URL: 'databaseUrl',
  WATCHFLOOR_DATA_DIR: 'dataDir',
  WATCHFLOOR_PORT: 'port',
  WATCHFLOOR_LOG_LEVEL: 'logLevel',
  WATCHFLOOR_OPEN_BROWSER: 'openBrowser',
  WATCHFLOOR_STATUS_INTERVAL_MS: 'statusIntervalMs',
  WATCHFLOOR_DEMO: 'demo',
  WATCHFLOOR_SESSION_IDLE_MINUTES: 'sessionIdleMinutes',
  WATCHFLOOR_LOCKOUT_THRESHOLD: 'lockoutThreshold',
  WATCHFLOOR_LOCKOUT_MINUTES: 'lockoutMinutes',
  WATCHFLOOR_SECRET_KEY: 'secretKey',
  WATCHFLOOR_BROKER_URL: 'brokerUrl',
  WATCHFLOOR_BROKER_USERNAME: 'brokerUsername',
  WATCHFLOOR_BROKER_PASSWORD: 'brokerPassword',
  WATCHFLOOR_BROKER_CA_FILE: 'brokerCaFile',
  WATCHFLOOR_BROKER_CERT_FILE: 'brokerCertFile',
  WATCHFLOOR_BROKER_KEY_FILE: 'brokerKeyFile',
  WATCHFLOOR_BROKER_CLIENT_ID: 'brokerClientId',
  WATCHFLOOR_VDA_INTERFACE: 'vdaInterface',
  WATCHFLOOR_INGEST_MAX_BYTES: 'ingestMaxBytes',
  WATCHFLOOR_OUTBOX_MAX_ROWS: 'outboxMaxRows',
  WATCHFLOOR_LIVE_FEED_MS: 'liveFeedMs',
  WATCHFLOOR_VEHICLE_TIMEOUT_SECONDS: 'vehicleTimeoutSeconds',
  WATCHFLOOR_TELEMETRY_RETENTION_DAYS: 'telemetryRetentionDays',
  WATCHFLOOR_TELEMETRY_RAW_HOURS: 'telemetryRawHours',
  WATCHFLOOR_TELEMETRY_SECOND_DAYS: 'telemetrySecondDays',
  WATCHFLOOR_DEMO_VEHICLES: 'demoVehicles',
  WATCHFLOOR_DEMO_SENSORS: 'demoSensors',
  WATCHFLOOR_DEMO_ALERT_SECONDS: 'demoAlertSeconds',
  WATCHFLOOR_MISSION_RESERVE_PERCENT: 'missionReservePercent',
  WATCHFLOOR_VEHICLE_REACH_METERS: 'vehicleReachMeters',
  WATCHFLOOR_VEHICLE_SPEED_MPS: 'vehicleSpeedMps',
  WATCHFLOOR_OPEN311_RADIUS_KM: 'open311RadiusKm',
  WATCHFLOOR_FIELD: 'field',
  WATCHFLOOR_FIELD_VEHICLE: 'fieldVehicle',
};

/** The user's data folder, as each desktop platform names it. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Watchfloor');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Watchfloor');
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'watchfloor');
}

/** The config file this environment reads. */
export function configFile(env: NodeJS.ProcessEnv, dataDir: string): string {
  return env.WATCHFLOOR_CONFIG ?? join(dataDir, 'watchfloor.json');
}

/** Settings the environment fixes (a saved value for them would never apply), with the variable's name. */
export function envLocked(env: NodeJS.ProcessEnv): Partial<Record<keyof Config, string>> {
  return Object.fromEntries(Object.entries(envKeys).filter(([name]) => env[name] !== undefined && env[name] !== '').map(([name, key]) => [key, name]));
}

/**
 * Merges `patch` into the config file (undefined removes a key) and writes it whole,
 * readable by the owner only (it may hold the broker password). A file that exists but
 * is not JSON is refused rather than overwritten.
 */
export function saveConfigFile(file: string, patch: Partial<Config>): void {
  const current = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  const next: Record<string, unknown> = { ...current };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) delete next[k];
    else next[k] = v;
  }
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(next, null, 2) + '\n', { mode: 0o600 });
  renameSync(tmp, file);
}

/**
 * Environment beats the config file (`WATCHFLOOR_CONFIG`, or `watchfloor.json` in the
 * data folder), which beats the defaults. A bad value is an error that names it.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const dataDir = overrides.dataDir ?? env.WATCHFLOOR_DATA_DIR ?? defaultDataDir(env);
  const file = configFile(env, dataDir);
  let fromFile: Record<string, unknown> = {};
  if (existsSync(file)) {
    try {
      fromFile = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    } catch (err) {
      throw new Error(`Config file ${file} is not valid JSON: ${(err as Error).message}`);
    }
  } else if (env.WATCHFLOOR_CONFIG) {
    throw new Error(`Config file ${file} (WATCHFLOOR_CONFIG) does not exist`);
  }
  const fromEnv: Record<string, unknown> = {};
  for (const [name, key] of Object.entries(envKeys)) {
    const v = env[name];
    if (v !== undefined && v !== '') fromEnv[key] = v;
  }
  const names = Object.fromEntries(Object.entries(envKeys).map(([name, key]) => [key, name]));
  const parsed = ConfigSchema.strict().safeParse({ dataDir, ...fromFile, ...fromEnv, ...overrides });
  if (!parsed.success) {
    const from = (key: string) => (key in fromEnv ? ` (set by ${names[key]})` : '');
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}${from(i.path.join('.'))}`).join('; ');
    throw new Error(`Invalid configuration (${file} or environment): ${issues}`);
  }
  return parsed.data;
}
