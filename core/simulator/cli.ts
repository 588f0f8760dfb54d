// `npm run demo -- --vehicles 50 --sensors 20`: the console with an embedded broker and a
// simulated fleet of that size. With `--broker mqtt://host:port` only the simulated fleet
// runs, against that broker, for a console (or anything else) pointed at it.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import mqtt from 'mqtt';
import { PACKAGE_ROOT } from '../../db/index.js';
import { startSimulator } from './index.js';

const { values: a } = parseArgs({
  options: {
    vehicles: { type: 'string', default: '8' },
    sensors: { type: 'string', default: '4' },
    broker: { type: 'string' },
    interface: { type: 'string', default: process.env.WATCHFLOOR_VDA_INTERFACE ?? 'uagv' },
    rate: { type: 'string', default: '2' },
    incidents: { type: 'string', default: '90' },
    alerts: { type: 'string', default: '240' },
    seed: { type: 'string', default: '5050' },
    manufacturer: { type: 'string' },
    'no-roam': { type: 'boolean', default: false },
  },
});
const count = (name: string, v: string | undefined, max: number) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > max) {
    process.stderr.write(`--${name} must be a whole number from 0 to ${max} (got ${v})\n`);
    process.exit(2);
  }
  return n;
};
const vehicles = count('vehicles', a.vehicles, 500);
const sensors = count('sensors', a.sensors, 500);
const alertSeconds = count('alerts', a.alerts, 86_400);

/** The protocol the broker speaks: MQTT 5 when it accepts it, else 3.1.1. */
async function protocolOf(url: string): Promise<4 | 5> {
  const probe = await mqtt.connectAsync(url, { protocolVersion: 5, reconnectPeriod: 0, connectTimeout: 5000 }).catch(() => null);
  await probe?.endAsync();
  return probe ? 5 : 4;
}

if (!a.broker) {
  const env: NodeJS.ProcessEnv = { ...process.env, WATCHFLOOR_DEMO: 'true', WATCHFLOOR_DEMO_VEHICLES: String(vehicles), WATCHFLOOR_DEMO_SENSORS: String(sensors), WATCHFLOOR_DEMO_ALERT_SECONDS: String(alertSeconds) };
  delete env.WATCHFLOOR_BROKER_URL;
  const tsx = join(PACKAGE_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const child = spawn(process.execPath, [tsx, join(PACKAGE_ROOT, 'electron', 'launch.ts'), ...(process.argv.includes('--browser') ? ['--browser'] : [])], { env, stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  const sim = await startSimulator({
    brokerUrl: a.broker, protocolVersion: await protocolOf(a.broker), interfaceName: a.interface, vehicles, sensors,
    rateHz: Number(a.rate), incidentIntervalS: Number(a.incidents), alertIntervalS: alertSeconds, seed: Number(a.seed), roam: !a['no-roam'], ...(a.manufacturer ? { manufacturer: a.manufacturer } : {}),
  });
  process.stdout.write(`Simulating ${vehicles} vehicles and ${sensors} sensors on ${a.broker} (interface ${a.interface}). Ctrl+C stops.\n`);
  const stop = () => void sim.stop().finally(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
