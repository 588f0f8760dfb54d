import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadWindowState, saveWindowState } from './window-state.js';

const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }];
const file = () => join(mkdtempSync(join(tmpdir(), 'wf-win-')), 'window-state.json');

describe('window state', () => {
  it('restores what was saved when it is on a display', () => {
    const f = file();
    saveWindowState(f, { bounds: { x: 100, y: 50, width: 1200, height: 800 }, maximized: true });
    expect(loadWindowState(f, screen)).toEqual({ bounds: { x: 100, y: 50, width: 1200, height: 800 }, maximized: true });
  });
  it('falls back when the saved place is off every display (second screen unplugged)', () => {
    const f = file();
    saveWindowState(f, { bounds: { x: 2500, y: 100, width: 1200, height: 800 }, maximized: false });
    expect(loadWindowState(f, screen).bounds.x).toBeLessThan(1920);
  });
  it('falls back on a missing or broken file', () => {
    expect(loadWindowState(file(), screen).bounds.width).toBeGreaterThan(0);
    const f = file();
    writeFileSync(f, '{"bounds": {"x": "a"}}');
    expect(loadWindowState(f, screen).bounds.width).toBeGreaterThan(0);
  });
});
