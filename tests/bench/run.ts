// `npm run bench`: performance figures as JSON on stdout, each next to a floor measured in the same run.
// Pass section names to run only some: `npm run bench -- startup`.
import { availableParallelism, cpus, totalmem } from 'node:os';
import { auditBench } from './audit.js';
import { casesBench } from './cases.js';
import { build, coldStart, rendererBundle } from './cold-start.js';
import { ingestBench } from './ingest.js';
import { missionsBench } from './missions.js';
import { renderBench } from './render.js';

const sections: Record<string, () => Promise<unknown>> = {
  startup: async () => {
    build();
    return { renderer: rendererBundle(), coldStart: await coldStart(5) };
  },
  audit: () => auditBench({ mutations: 2000, entries: 1_000_000 }),
  ingest: () => ingestBench(),
  missions: () => missionsBench(),
  cases: () => casesBench(),
  render: () => renderBench(),
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const results: Record<string, unknown> = {};
for (const [name, run] of Object.entries(sections)) {
  if (wanted.length && !wanted.includes(name)) continue;
  process.stderr.write(`bench: ${name}…\n`);
  try {
    results[name] = await run();
  } catch (err) {
    results[name] = { error: (err as Error).message.slice(0, 500) };
  }
}
const machine = { cores: availableParallelism(), cpu: cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version };
process.stdout.write(JSON.stringify({ at: new Date().toISOString(), machine, results }, null, 2) + '\n');
process.exit(0);
