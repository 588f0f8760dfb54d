import { describe, expect, it } from 'vitest';
import { chartColumns, gapThreshold, niceMax, runsOf, timeSpan } from './chart.js';

describe('chart geometry', () => {
  it('gives uPlot x in seconds and the values, dropping samples outside the span', () => {
    expect(chartColumns([{ t: -5000, v: 1 }, { t: 0, v: 0 }, { t: 10_000, v: 50 }, { t: 20_000, v: 100 }, { t: 900_000, v: 1 }], { from: 0, to: 20_000 }, { min: 0, max: 100 }))
      .toEqual({ xs: [0, 10, 20], ys: [0, 50, 100] });
  });

  it('breaks the line at missing values', () => {
    const { ys } = chartColumns([{ t: 0, v: 1 }, { t: 10, v: 2 }, { t: 20, v: null }, { t: 30, v: 3 }], { from: 0, to: 100 }, { min: 0, max: 10 });
    expect(runsOf(ys)).toEqual([2, 1]);
  });

  it('breaks the line over an outage instead of drawing straight across it', () => {
    // 10 s buckets, then nothing for 8 minutes, then 10 s buckets again.
    const before = Array.from({ length: 6 }, (_, i) => ({ t: i * 10_000, v: 50 }));
    const after = Array.from({ length: 6 }, (_, i) => ({ t: 530_000 + i * 10_000, v: 40 }));
    const samples = [...before, ...after];
    expect(gapThreshold(samples)).toBe(30_000);
    const { xs, ys } = chartColumns(samples, { from: 0, to: 600_000 }, { min: 0, max: 100 });
    expect(runsOf(ys)).toEqual([6, 6]);
    expect(xs[6]).toBe(290); // the break sits inside the outage
    // A short pause (one bucket missing) is not an outage.
    const pause = [{ t: 0, v: 1 }, { t: 10_000, v: 1 }, { t: 30_000, v: 1 }, { t: 40_000, v: 1 }];
    expect(runsOf(chartColumns(pause, { from: 0, to: 40_000 }, { min: 0, max: 10 }).ys)).toEqual([4]);
  });

  it('judges an outage against the usual step, never below 30 s', () => {
    expect(gapThreshold([])).toBe(30_000);
    expect(gapThreshold([{ t: 0, v: 1 }, { t: 60_000, v: 1 }, { t: 120_000, v: 1 }, { t: 180_000, v: 1 }])).toBe(180_000);
    expect(runsOf(chartColumns([{ t: 0, v: 1 }, { t: 50_000, v: 1 }], { from: 0, to: 100_000 }, { min: 0, max: 10 }, 40_000).ys)).toEqual([1, 1]);
  });

  it('clamps values to the axis', () => {
    expect(chartColumns([{ t: 0, v: 120 }, { t: 1, v: -3 }], { from: 0, to: 1 }, { min: 0, max: 100 }).ys).toEqual([100, 0]);
  });

  it('rounds axis maxima up', () => {
    expect(niceMax(1.4)).toBe(1.5);
    expect(niceMax(3.2)).toBe(4);
    expect(niceMax(17)).toBe(20);
    expect(niceMax(0)).toBe(1);
  });

  it('narrows the span to the data, but not below a minute', () => {
    const now = 10_000_000;
    expect(timeSpan([{ t: now - 600_000, v: 1 }], now, 1_800_000)).toEqual({ from: now - 600_000, to: now });
    expect(timeSpan([{ t: now - 5_000_000, v: 1 }], now, 1_800_000)).toEqual({ from: now - 1_800_000, to: now });
    expect(timeSpan([{ t: now - 10_000, v: 1 }], now, 1_800_000)).toEqual({ from: now - 60_000, to: now });
    expect(timeSpan([], now, 1_800_000)).toEqual({ from: now - 60_000, to: now });
  });
});
