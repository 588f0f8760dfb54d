import { describe, expect, it } from 'vitest';
import { gapThreshold, lineSegments, niceMax, timeSpan, yOf } from './chart.js';

const frame = { width: 110, height: 60, left: 10, right: 0, top: 0, bottom: 10 };

describe('chart geometry', () => {
  it('maps samples into the frame, top is the maximum', () => {
    const lines = lineSegments([{ t: 0, v: 0 }, { t: 50, v: 50 }, { t: 100, v: 100 }], { from: 0, to: 100 }, { min: 0, max: 100 }, frame);
    expect(lines).toEqual(['10,50 60,25 110,0']);
    expect(yOf(50, { min: 0, max: 100 }, frame)).toBe(25);
  });

  it('breaks the line at missing values and drops samples outside the span', () => {
    const lines = lineSegments(
      [{ t: -5, v: 1 }, { t: 0, v: 1 }, { t: 10, v: 2 }, { t: 20, v: null }, { t: 30, v: 3 }, { t: 200, v: 1 }],
      { from: 0, to: 100 }, { min: 0, max: 10 }, frame,
    );
    expect(lines).toHaveLength(2);
    expect(lines[0]!.split(' ')).toHaveLength(2);
  });

  it('breaks the line over an outage instead of drawing straight across it', () => {
    // 10 s buckets, then nothing for 8 minutes, then 10 s buckets again.
    const before = Array.from({ length: 6 }, (_, i) => ({ t: i * 10_000, v: 50 }));
    const after = Array.from({ length: 6 }, (_, i) => ({ t: 530_000 + i * 10_000, v: 40 }));
    const samples = [...before, ...after];
    expect(gapThreshold(samples)).toBe(30_000);
    const lines = lineSegments(samples, { from: 0, to: 600_000 }, { min: 0, max: 100 }, frame);
    expect(lines).toHaveLength(2);
    expect(lines.map((l) => l.split(' ').length)).toEqual([6, 6]);
    // A short pause (one bucket missing) is not an outage.
    const pause = [{ t: 0, v: 1 }, { t: 10_000, v: 1 }, { t: 30_000, v: 1 }, { t: 40_000, v: 1 }];
    expect(lineSegments(pause, { from: 0, to: 40_000 }, { min: 0, max: 10 }, frame)).toHaveLength(1);
  });

  it('judges an outage against the usual step, never below 30 s', () => {
    expect(gapThreshold([])).toBe(30_000);
    expect(gapThreshold([{ t: 0, v: 1 }, { t: 60_000, v: 1 }, { t: 120_000, v: 1 }, { t: 180_000, v: 1 }])).toBe(180_000);
    expect(lineSegments([{ t: 0, v: 1 }, { t: 50_000, v: 1 }], { from: 0, to: 100_000 }, { min: 0, max: 10 }, frame, 40_000)).toHaveLength(2);
  });

  it('clamps values to the axis', () => {
    expect(lineSegments([{ t: 0, v: 120 }], { from: 0, to: 1 }, { min: 0, max: 100 }, frame)).toEqual(['10,0']);
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
