// CPU time by thread and by process, from Linux's /proc, to show where an ingest burst's CPU goes
// (each figure in ms; the kernel counts in clock ticks of 10 ms). Elsewhere every figure is null.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

const TICK_MS = 10;

function ticks(statFile: string): number | null {
  try {
    const stat = readFileSync(statFile, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * TICK_MS;
  } catch {
    return null;
  }
}

/** The CPU the calling thread has used (user and system), in ms. */
export const threadCpuMs = () => ticks('/proc/thread-self/stat');

/** The CPU a process has used, all its threads, in ms. */
export const processCpuMs = (pid: number) => ticks(`/proc/${pid}/stat`);

/** The process listening on a local TCP port (the broker), if `ss` can name it. */
export function listenerPid(port: number): number | null {
  try {
    const out = execFileSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8' });
    return Number(/pid=(\d+)/.exec(out)?.[1]) || null;
  } catch {
    return null;
  }
}

/** The calling thread's id in the kernel (to tell it apart in `threadsCpuMs`). */
export const threadId = () => {
  try {
    return Number(readlinkSync('/proc/thread-self').split('/').pop());
  } catch {
    return null;
  }
};

/** The CPU each thread of a process (this one unless named) has used, in ms, by the kernel's thread id. */
export function threadsCpuMs(pid: number | 'self' = 'self'): Map<number, number> {
  const out = new Map<number, number>();
  try {
    for (const t of readdirSync(`/proc/${pid}/task`)) {
      const ms = ticks(`/proc/${pid}/task/${t}/stat`);
      if (ms !== null) out.set(Number(t), ms);
    }
  } catch {
    // not Linux, or the process is gone
  }
  return out;
}

/**
 * The CPU all processes named `comm` have used, in ms, by kind: Chromium's `--type=` (renderer,
 * gpu-process, utility…; `browser` for the one without), summed with `all`.
 */
export function commandCpuMs(comm: string): Record<string, number> {
  const out: Record<string, number> = { all: 0 };
  try {
    for (const p of readdirSync('/proc')) {
      if (!/^\d+$/.test(p)) continue;
      try {
        if (readFileSync(`/proc/${p}/comm`, 'utf8').trim() !== comm) continue;
        const kind = /--type=([\w-]+)/.exec(readFileSync(`/proc/${p}/cmdline`, 'utf8'))?.[1] ?? 'browser';
        const ms = ticks(`/proc/${p}/stat`) ?? 0;
        out[kind] = (out[kind] ?? 0) + ms;
        out.all! += ms;
      } catch {
        // ended meanwhile
      }
    }
  } catch {
    // not Linux
  }
  return out;
}

/** The CPU each other thread has used since `before` (from threadsCpuMs), in ms, busiest first; `except`'s ids left out. */
export function othersSince(before: Map<number, number>, except: (number | null | undefined)[]): number[] {
  return [...threadsCpuMs()].filter(([tid]) => !except.includes(tid))
    .map(([tid, ms]) => ms - (before.get(tid) ?? 0)).filter((ms) => ms > 0).sort((a, b) => b - a);
}
