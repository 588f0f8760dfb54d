import type { FactsheetView, VehicleLive, VehicleStatus } from '../../core/contract/index.js';
import { num, t } from '../i18n/i18n.svelte.js';

/**
 * One colour per vehicle status, shared by the map symbols and the list's dots.
 * Picked to read on the light basemap (with a dark outline) and on the dark panels.
 */
export const STATUS_COLORS: Record<VehicleStatus, string> = {
  driving: '#4aa3ff',
  idle: '#c9d1d9',
  charging: '#3fb950',
  paused: '#d29922',
  error: '#f85149',
  offline: '#6e7681',
};

/** Sensors on the map, apart from every vehicle colour. */
export const SENSOR_COLOR = '#a371f7';

/** Worst first, so sorting by status puts what needs attention at the top. */
export const STATUS_ORDER: VehicleStatus[] = ['error', 'offline', 'paused', 'charging', 'driving', 'idle'];

/** A vehicle status in the operator's language ("driving", "rijdt"). */
export const statusText = (status: VehicleStatus): string => t(`fleet.status.${status}`);

export const batteryText = (battery: number | null): string => (battery === null ? '—' : `${num(Math.round(battery))}%`);

/**
 * "3 s ago", "4 min ago", "2 h ago", "3 d ago"; "—" when never seen. `short` for a narrow column
 * under a "seen" heading, where a language with a longer "ago" leaves it out ("3 s").
 */
export function ago(iso: string | null, now: number, short = false): string {
  if (!iso) return '—';
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  const words = short ? 'fleet.agoShort' : 'fleet.ago';
  if (s < 60) return t(`${words}.s`, { n: num(s) });
  if (s < 3600) return t(`${words}.min`, { n: num(Math.floor(s / 60)) });
  if (s < 86_400) return t(`${words}.h`, { n: num(Math.floor(s / 3600)) });
  return t(`${words}.d`, { n: num(Math.floor(s / 86_400)) });
}

/** The last time the vehicle said anything. */
export const lastSeen = (v: VehicleLive): string | null => v.lastHeartbeat ?? v.reportedAt;

export type SortKey = 'status' | 'name' | 'battery' | 'seen';
export interface Sort {
  key: SortKey;
  /** 1 ascending, -1 descending. */
  dir: 1 | -1;
}

const byName = (a: VehicleLive, b: VehicleLive) => a.name.localeCompare(b.name, undefined, { numeric: true });
const time = (v: VehicleLive) => {
  const t = lastSeen(v);
  return t ? Date.parse(t) : -Infinity;
};
const keys: Record<SortKey, (a: VehicleLive, b: VehicleLive) => number> = {
  status: (a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status),
  name: byName,
  battery: (a, b) => (a.battery ?? -1) - (b.battery ?? -1),
  // Ascending means most recently seen first, which is what "last seen" reads as.
  seen: (a, b) => time(b) - time(a),
};

/** A sorted copy; ties fall back to the name so rows do not jump around between updates. */
export function sortVehicles(vehicles: Iterable<VehicleLive>, sort: Sort): VehicleLive[] {
  const compare = keys[sort.key];
  return [...vehicles].sort((a, b) => sort.dir * compare(a, b) || byName(a, b));
}

/** A measure as the factsheet gives it, in the current locale (no thousands separator, as it always read). */
const n = (v: number, digits = 6) => num(v, { maximumFractionDigits: digits, useGrouping: false });
const unit = (v: number | null, u: string, digits = 1) => (v === null ? null : `${n(v, digits)} ${u}`);

/** The factsheet's type and physical parameters as label/value rows (absent values left out). */
export function factsheetFacts(f: FactsheetView): [string, string][] {
  const rows: [string, string | null][] = [
    [t('fleet.facts.series'), [f.seriesName, f.seriesDescription].filter(Boolean).join(' — ') || null],
    [t('fleet.facts.type'), [f.agvClass, f.agvKinematic].filter(Boolean).join(' · ').toLowerCase() || null],
    [t('fleet.facts.maxSpeed'), unit(f.speedMaxMps, 'm/s')],
    [t('fleet.facts.maxLoad'), unit(f.maxLoadMassKg, 'kg', 0)],
    [t('fleet.facts.size'), f.lengthM !== null && f.widthM !== null ? `${n(f.lengthM)} × ${n(f.widthM)}${f.heightMaxM !== null ? ` × ${n(f.heightMaxM)}` : ''} m` : null],
    [t('fleet.facts.accel'), f.accelerationMax === null ? null : `${n(f.accelerationMax)} / −${f.decelerationMax === null ? '?' : n(f.decelerationMax)} m/s²`],
  ];
  return rows.filter((r): r is [string, string] => r[1] !== null);
}

/** An error's or information entry's references, as "key = value · key = value". */
export const referencesText = (refs: Array<{ key: string; value: string }>): string => refs.map((r) => `${r.key} = ${r.value}`).join(' · ');

/** Refusals of one kind from one source kept whole each hour (core/fleet/quarantine-sampler.ts keeps the same). */
export const SAMPLES_PER_HOUR = 20;
