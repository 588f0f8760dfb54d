// `npm run bench`: performance figures as JSON on stdout, each next to a floor measured in the same run,
// and each section's also in bench/results/<date>-<section>.json with the machine's load average.
// Pass section names to run only some: `npm run bench -- startup`. Benchmarks report; they never fail.
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { auditBench } from './audit.js';
import { backupBench } from './backup.js';
import { telemetryBench } from './telemetry.js';
import { casesBench } from './cases.js';
import { clusterBench } from './cluster.js';
import { build, coldStart, rendererBundle } from './cold-start.js';
import { pgliteOn } from './engines.js';
import { ingestBench } from './ingest.js';
import { missionsBench } from './missions.js';
import { liveBench } from './live.js';
import { memoryBench } from './memory.js';
import { renderBench } from './render.js';
import { replayBench } from './replay.js';
import { replayDrawBench } from './replay-draw.js';
import { reportsBench } from './reports.js';
import { streamingBench } from './streaming.js';
import { commandsBench } from './commands.js';
import { windowBench } from './window.js';
import { youngGenerationBench } from './young-generation.js';

/** `--name=N` on the command line (e.g. `npm run bench -- backup --telemetry=200000`), else the fallback. */
const numberArg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);

const sections: Record<string, () => Promise<unknown>> = {
  startup: async () => {
    build();
    return { renderer: rendererBundle(), coldStart: await coldStart(5) };
  },
  audit: () => auditBench({ mutations: 2000, entries: 1_000_000 }),
  backup: () => backupBench({ telemetry: numberArg('telemetry', 1_000_000), cases: numberArg('cases', 100_000) }),
  telemetry: () => telemetryBench(process.argv.slice(2)),
  ingest: () => ingestBench(undefined, { vehicles: numberArg('fleet', 5000), hz: numberArg('fleet-hz', 1), seconds: numberArg('fleet-seconds', 30) }),
  missions: () => missionsBench({ missions: numberArg('missions', 100_000), events: numberArg('events', 1_000_000), samples: 200 }),
  cases: () => casesBench({ requests: numberArg('requests', 100_000), incidents: numberArg('incidents', 10_000), samples: 200 }),
  render: () => renderBench({ points: numberArg('points', 10_000), seconds: 10, rounds: 3 }),
  replay: () => replayBench(process.argv.slice(2)),
  'replay-draw': () => replayDrawBench(process.argv.slice(2)),
  reports: () => reportsBench(),
  streaming: () => streamingBench(process.argv.slice(2)),
  live: () => liveBench(process.argv.slice(2)),
  memory: () => memoryBench({ vehicles: numberArg('vehicles', 1000), minutes: numberArg('minutes', 5), everySeconds: 15 }),
  commands: () => commandsBench(),
  cluster: () => clusterBench(),
  'young-generation': async () => youngGenerationBench({
    sizes: (process.argv.find((a) => a.startsWith('--sizes='))?.split('=')[1] ?? '0,32,64').split(',').map(Number),
    rounds: numberArg('rounds', 4), burst: numberArg('burst', 100_000), vehicles: 50,
  }),
  window: () => windowBench({ vehicles: numberArg('vehicles', 300), seconds: numberArg('seconds', 30) }),
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = wanted.filter((w) => !(w in sections));
if (unknown.length) process.stderr.write(`bench: no section ${unknown.join(', ')}; the sections are ${Object.keys(sections).join(', ')}\n`);
const machine = { cores: availableParallelism(), cpu: cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version };
/** The 1, 5 and 15 minute load averages: a figure taken at load 8 on 2 cores is not one taken on a quiet machine. */
const load = () => loadavg().map((l) => Math.round(l * 100) / 100);
const dir = join(import.meta.dirname, '..', '..', 'bench', 'results');
const results: Record<string, unknown> = {};
for (const [name, run] of Object.entries(sections)) {
  if (wanted.length && !wanted.includes(name)) continue;
  process.stderr.write(`bench: ${name}…\n`);
  const started = new Date();
  const loadBefore = load();
  try {
    results[name] = await run();
  } catch (err) {
    results[name] = { error: (err as Error).message.slice(0, 500) };
  }
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${started.toISOString().slice(0, 10)}-${name}${pgliteOn === 'process' ? '-pglite-in-process' : ''}.json`);
  const record = { section: name, at: started.toISOString(), seconds: Math.round((Date.now() - started.getTime()) / 100) / 10, machine, loadAverage: { before: loadBefore, after: load() }, pgliteOn, result: results[name] };
  writeFileSync(file, JSON.stringify(record, null, 2) + '\n');
  process.stderr.write(`bench: ${name} written to ${file}\n`);
}
process.stdout.write(JSON.stringify({ at: new Date().toISOString(), machine, loadAverage: load(), results }, null, 2) + '\n');
process.exit(0);
