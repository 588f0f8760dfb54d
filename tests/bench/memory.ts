// The console's memory while pages stay open on a live fleet: its heap after a forced full GC (through
// its inspector), sampled over minutes, which grows only with what the console keeps. Resident memory
// alone rose and fell with V8's and PGlite's own allocations and hid a leak of every event sent.
import WebSocket from 'ws';
import { openLive, rssMb, startFleet } from './live.js';

/** The heap a process's inspector reports after a full GC, in MB. */
async function heapAfterGc(inspectorUrl: string): Promise<number> {
  const ws = new WebSocket(inspectorUrl);
  try {
    await new Promise((ok, fail) => (ws.once('open', ok), ws.once('error', fail)));
    const call = (id: number, method: string) =>
      new Promise<Record<string, number>>((ok, fail) => {
        const answer = (data: WebSocket.RawData) => {
          const m = JSON.parse(String(data)) as { id?: number; result?: Record<string, number>; error?: { message: string } };
          if (m.id !== id) return;
          ws.off('message', answer);
          if (m.error) fail(new Error(`${method}: ${m.error.message}`));
          else ok(m.result ?? {});
        };
        ws.on('message', answer);
        ws.send(JSON.stringify({ id, method }));
      });
    await call(1, 'HeapProfiler.collectGarbage');
    const { usedSize } = await call(2, 'Runtime.getHeapUsage');
    return Math.round((usedSize! / 2 ** 20) * 10) / 10;
  } finally {
    ws.terminate();
  }
}

/** Least-squares slope of `ys` over `xs`. */
function slope(xs: number[], ys: number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  const num = xs.reduce((a, x, i) => a + (x - mx) * (ys[i]! - my), 0);
  const den = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  return den ? num / den : 0;
}

/**
 * `npm run bench -- memory [--vehicles=1000] [--minutes=5]`: a demo console on the embedded broker with a
 * fleet of `vehicles` at 1 Hz, two pages on its Live view (one slowed 8× through CDP, so that it cannot keep
 * up), and the console's heap after a full GC and its resident memory every 15 s. The floor is the
 * first sample, taken once both pages show the whole fleet. Goal: flat (no growth beyond noise).
 */
export async function memoryBench(o = { vehicles: 1000, minutes: 5, everySeconds: 15 }) {
  const { build } = await import('./cold-start.js');
  const { launchChromium } = await import('../e2e/harness.js');
  const { loadavg } = await import('node:os');
  build();
  const browser = await launchChromium();
  const fleet = await startFleet(o.vehicles, o.minutes * 60 + 600, 1, ['--inspect=127.0.0.1:0']);
  try {
    const inspectorUrl = /Debugger listening on (ws:\/\/\S+)/.exec(fleet.host.output.join(''))?.[1];
    if (!inspectorUrl) throw new Error('the console printed no inspector address');
    const pid = fleet.host.proc.pid!;
    const pages = [await openLive(browser, fleet.host, o.vehicles), await openLive(browser, fleet.host, o.vehicles)];
    await pages[1]!.cdp.send('Emulation.setCPUThrottlingRate', { rate: 8 });
    const samples: { s: number; heapMb: number; rssMb: number }[] = [];
    const t0 = performance.now();
    for (let i = 0; i <= (o.minutes * 60) / o.everySeconds; i++) {
      const due = t0 + i * o.everySeconds * 1000;
      await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
      samples.push({ s: Math.round((performance.now() - t0) / 1000), heapMb: await heapAfterGc(inspectorUrl), rssMb: rssMb(pid) });
    }
    const feed = pages.map((p) => ({ received: p.feed.received, drawn: p.feed.drawn }));
    for (const p of pages) await p.close();
    const minutes = samples.map((x) => x.s / 60);
    const first = samples[0]!;
    const last = samples.at(-1)!;
    const round = (x: number) => Math.round(x * 100) / 100;
    return {
      loadAverage1m: Math.round(loadavg()[0]! * 10) / 10,
      vehicles: o.vehicles, hz: 1, minutes: o.minutes, pages: 'two on the Live view, the second slowed 8×', feed,
      heapAfterGcMb: { first: first.heapMb, last: last.heapMb, max: Math.max(...samples.map((x) => x.heapMb)), slopeMbPerMin: round(slope(minutes, samples.map((x) => x.heapMb))) },
      rssMb: { first: first.rssMb, last: last.rssMb, max: Math.max(...samples.map((x) => x.rssMb)), slopeMbPerMin: round(slope(minutes, samples.map((x) => x.rssMb))) },
      samples,
    };
  } finally {
    await fleet.stop();
    await browser.close();
  }
}
