// The vehicle chart's windows, and how the stored resolution each is read from is named.
import type { TelemetryResolution } from '../../core/contract/index.js';

export const CHART_WINDOWS = [
  { minutes: 30, label: '30 minutes' },
  { minutes: 6 * 60, label: '6 hours' },
  { minutes: 24 * 60, label: '24 hours' },
  { minutes: 7 * 24 * 60, label: '7 days' },
  { minutes: 30 * 24 * 60, label: '30 days' },
  { minutes: 90 * 24 * 60, label: '90 days' },
] as const;

export const chartWindowWords = {
  window: 'Chart window',
  resolution: (r: TelemetryResolution, bucketSeconds: number) =>
    `${r === 'raw' ? 'every reading' : r === '1s' ? 'per-second data' : 'per-minute data'}, points every ${bucketSeconds < 120 ? `${bucketSeconds} s` : `${Math.round(bucketSeconds / 60)} min`}`,
};
