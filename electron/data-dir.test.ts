import { describe, expect, it } from 'vitest';
import { chromiumProfile, legacyDataNote } from './data-dir.js';

describe('one data folder for both hosts', () => {
  it('keeps Chromium\'s profile inside the data folder', () => {
    expect(chromiumProfile('/home/op/.local/share/watchfloor')).toBe('/home/op/.local/share/watchfloor/electron');
  });
  it('names an earlier window\'s database left in Electron\'s folder, and how to keep it', () => {
    const has = (paths: string[]) => (p: string) => paths.includes(p);
    const legacy = '/home/op/.config/watchfloor';
    const data = '/home/op/.local/share/watchfloor';
    expect(legacyDataNote(legacy, data, has([`${legacy}/pgdata`]))).toMatch(/move pgdata.*WATCHFLOOR_DATA_DIR=\/home\/op\/.config\/watchfloor/);
    expect(legacyDataNote(legacy, data, has([`${legacy}/pgdata`, `${data}/pgdata`]))).toBeNull();
    expect(legacyDataNote(legacy, data, has([]))).toBeNull();
    expect(legacyDataNote(data, data, has([`${data}/pgdata`]))).toBeNull();
  });
});
