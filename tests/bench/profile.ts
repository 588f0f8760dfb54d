// Where a thread's time went in a window of a run: V8's CPU profile (a process started with
// `--cpu-prof`) cut to the samples between two moments of the machine's monotonic clock, which
// V8's samples and `process.hrtime` share, summed by function and by package or core module.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }
export interface CpuProfile { nodes: ProfileNode[]; startTime: number; samples: number[]; timeDeltas: number[] }

/** Now on the clock V8's profiles use, in µs. */
export const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

/** `node`'s arguments for a process that writes its profiles (one per thread) into `dir`, sampling every `intervalUs`. */
export const cpuProfArgs = (dir: string, intervalUs = 1000) => ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-interval=${intervalUs}`];

/** The profile files of process `pid` in `dir`: V8 names them CPU.<date>.<time>.<pid>.<thread>.<n>.cpuprofile, thread 0 the main one. */
export const profilesOf = (dir: string, pid: number) =>
  readdirSync(dir).filter((f) => f.split('.')[3] === String(pid)).map((f) => ({ file: join(dir, f), thread: Number(f.split('.')[4]) }));

/** What a code location belongs to: a package, a folder of this project, Node itself, or V8's own (GC, idle, program). */
function areaOf(url: string, fn: string): string {
  if (!url) return fn || '(anonymous)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return 'node';
  if (url.startsWith('wasm')) return 'wasm (PGlite\'s Postgres)';
  const own = /\/(core|db|renderer|electron|tests)\/([^/]+)\//.exec(url);
  return own ? `${own[1]}/${own[2]}` : url.split('/').pop()!;
}

/** The samples of one profile file between `fromUs` and `toUs` (see profileSummary). */
export const profileWindow = (file: string, fromUs: number, toUs: number) => profileSummary(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, fromUs, toUs);

/** The samples of a profile between `fromUs` and `toUs`: busy share of the window, and the top functions and areas by self time. */
export function profileSummary(p: CpuProfile, fromUs = -Infinity, toUs = Infinity, top = 12) {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const fns = new Map<string, number>();
  const areas = new Map<string, number>();
  let t = p.startTime;
  let inWindow = 0;
  let idle = 0;
  for (let i = 0; i < p.samples.length; i++) {
    t += p.timeDeltas[i] ?? 0;
    if (t < fromUs || t > toUs) continue;
    inWindow++;
    const f = byId.get(p.samples[i]!)!.callFrame;
    if (f.functionName === '(idle)') {
      idle++;
      continue;
    }
    const name = `${f.functionName || '(anonymous)'} ${f.url ? `${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}` : ''}`.trim();
    fns.set(name, (fns.get(name) ?? 0) + 1);
    const area = areaOf(f.url, f.functionName);
    areas.set(area, (areas.get(area) ?? 0) + 1);
  }
  const busy = inWindow - idle;
  const share = (m: Map<string, number>) =>
    [...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, n]) => ({ name, pctOfBusy: Math.round((n / Math.max(1, busy)) * 1000) / 10 }));
  return { samples: inWindow, busyPct: Math.round((busy / Math.max(1, inWindow)) * 1000) / 10, areas: share(areas), functions: share(fns) };
}
