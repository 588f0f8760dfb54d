// The vehicle chart's windows, and how the stored resolution each is read from is named.
import type { TelemetryResolution } from '../../core/contract/index.js';
import { num, t } from '../i18n/i18n.svelte.js';

/** Each window with the key of its words (`t(w.label)`). */
export const CHART_WINDOWS = [
  { minutes: 30, label: 'fleet.spans.m30' },
  { minutes: 6 * 60, label: 'fleet.spans.h6' },
  { minutes: 24 * 60, label: 'fleet.spans.h24' },
  { minutes: 7 * 24 * 60, label: 'fleet.spans.d7' },
  { minutes: 30 * 24 * 60, label: 'fleet.spans.d30' },
  { minutes: 90 * 24 * 60, label: 'fleet.spans.d90' },
] as const;

export const chartWindowWords = {
  window: (): string => t('fleet.chartWindow.window'),
  resolution: (r: TelemetryResolution, bucketSeconds: number): string =>
    t('fleet.chartWindow.resolution', {
      data: t(r === 'raw' ? 'fleet.chartWindow.raw' : r === '1s' ? 'fleet.chartWindow.perSecond' : 'fleet.chartWindow.perMinute'),
      step: bucketSeconds < 120 ? t('fleet.chartWindow.stepS', { n: num(bucketSeconds) }) : t('fleet.chartWindow.stepMin', { n: num(Math.round(bucketSeconds / 60)) }),
    }),
};
