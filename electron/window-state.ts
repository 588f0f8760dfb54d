import { readFileSync, writeFileSync } from 'node:fs';

export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}
export interface WindowState {
  bounds: Bounds;
  maximized: boolean;
}

const fallback: WindowState = { bounds: { x: 80, y: 60, width: 1440, height: 900 }, maximized: false };

/**
 * The window's last place and size, if it still fits on one of today's
 * displays (a laptop unplugged from its second screen must not open off-screen).
 */
export function loadWindowState(file: string, displays: Bounds[]): WindowState {
  try {
    const s = JSON.parse(readFileSync(file, 'utf8')) as WindowState;
    const b = s.bounds;
    const valid = [b.x, b.y, b.width, b.height].every(Number.isFinite) && b.width >= 400 && b.height >= 300;
    const visible = displays.some((d) => b.x + 100 <= d.x + d.width && b.x + b.width - 100 >= d.x && b.y >= d.y && b.y + 40 <= d.y + d.height);
    return valid && visible ? { bounds: b, maximized: Boolean(s.maximized) } : fallback;
  } catch {
    return fallback;
  }
}

export function saveWindowState(file: string, state: WindowState): void {
  writeFileSync(file, JSON.stringify(state));
}
