// One ingest burst in a process of its own, started with the V8 flags under test (young-generation.ts):
// prints its rate, the garbage collector's time and the process's peak memory as one JSON line.
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { onEachEngine } from './engines.js';
import { openBroker, sustained } from './ingest.js';

const [burst, vehicles, publisherYoungMb] = process.argv.slice(2).map(Number) as [number, number, number];
const gc = { minorMs: 0, majorMs: 0 };
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    const kind = (e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
    if (kind === constants.NODE_PERFORMANCE_GC_MINOR) gc.minorMs += e.duration;
    else gc.majorMs += e.duration;
  }
}).observe({ entryTypes: ['gc'] });
const b = await openBroker();
const { pglite } = await onEachEngine((db) => sustained(db, b, { burst, vehicles, publisherYoungMb }), 'pglite');
await b.close();
process.stdout.write(JSON.stringify({
  ...(pglite as object), gcMs: { minor: Math.round(gc.minorMs), major: Math.round(gc.majorMs) },
  peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
}) + '\n');
process.exit(0);
