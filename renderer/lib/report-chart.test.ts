import { describe, expect, it } from 'vitest';
import { axisLabel, barSlot, chartData, labelRoom, labelSteps, xRange } from './report-chart.js';

describe('report charts', () => {
  it('puts groups at 0, 1, 2… with one values row per series', () => {
    expect(chartData({ title: '', kind: 'bar', xLabel: '', x: ['P1', 'P3'], series: [{ label: 'a', values: [1, null] }, { label: 'b', values: [2, 3] }] }))
      .toEqual([[0, 1], [1, null], [2, 3]]);
    expect(xRange(2)).toEqual([-0.5, 1.5]);
    expect(xRange(0)).toEqual([-0.5, 0.5]);
  });

  it('lays the bars of a group side by side within 80 % of its slot', () => {
    expect([0, 1, 2].map((s) => barSlot(s, 3))).toEqual([{ offset: -0.4, size: 0.8 / 3 }, { offset: -0.4 + 0.8 / 3, size: 0.8 / 3 }, { offset: -0.4 + 1.6 / 3, size: 0.8 / 3 }]);
    expect(barSlot(0, 1)).toEqual({ offset: -0.4, size: 0.8 });
  });

  it('thins the axis labels to what fits', () => {
    expect(labelSteps(5, 10)).toEqual([0, 1, 2, 3, 4]);
    expect(labelSteps(31, 8)).toEqual([0, 4, 8, 12, 16, 20, 24, 28]);
    expect(axisLabel('2026-11-24')).toBe('11-24');
    expect(axisLabel('Fallen tree or branch')).toBe('Fallen tree o…');
    expect(labelRoom(['11-24', '11-25'], 500)).toBe(10);
    expect(labelRoom(['Fallen tree o…'], 500)).toBe(4);
  });
});
