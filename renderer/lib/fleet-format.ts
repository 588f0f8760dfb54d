import type { FactsheetView, VehicleLive, VehicleStatus } from '../../core/contract/index.js';

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

export const batteryText = (battery: number | null): string => (battery === null ? '—' : `${Math.round(battery)}%`);

/** "3 s ago", "4 min ago", "2 h ago", "3 d ago"; "—" when never seen. */
export function ago(iso: string | null, now: number): string {
  if (!iso) return '—';
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86_400)} d ago`;
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

const unit = (v: number | null, u: string, digits = 1) => (v === null ? null : `${Number(v.toFixed(digits))} ${u}`);

/** The factsheet's type and physical parameters as label/value rows (absent values left out). */
export function factsheetFacts(f: FactsheetView): [string, string][] {
  const rows: [string, string | null][] = [
    ['Series', [f.seriesName, f.seriesDescription].filter(Boolean).join(' — ') || null],
    ['Type', [f.agvClass, f.agvKinematic].filter(Boolean).join(' · ').toLowerCase() || null],
    ['Max speed', unit(f.speedMaxMps, 'm/s')],
    ['Max load', unit(f.maxLoadMassKg, 'kg', 0)],
    ['Size', f.lengthM !== null && f.widthM !== null ? `${f.lengthM} × ${f.widthM}${f.heightMaxM !== null ? ` × ${f.heightMaxM}` : ''} m` : null],
    ['Accel.', f.accelerationMax === null ? null : `${f.accelerationMax} / −${f.decelerationMax ?? '?'} m/s²`],
  ];
  return rows.filter((r): r is [string, string] => r[1] !== null);
}

/** An error's or information entry's references, as "key = value · key = value". */
export const referencesText = (refs: Array<{ key: string; value: string }>): string => refs.map((r) => `${r.key} = ${r.value}`).join(' · ');

/** Refusals of one kind from one source kept whole each hour (core/fleet/quarantine-sampler.ts keeps the same). */
export const SAMPLES_PER_HOUR = 20;
