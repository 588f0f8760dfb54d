import { describe, expect, it, vi } from 'vitest';
import { FrameBatch, isSoftwareRenderer, minRedrawMs, SOFTWARE_REDRAW_HZ } from './redraw.js';

describe('render budget', () => {
  it('knows software WebGL by its renderer string', () => {
    expect(isSoftwareRenderer('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)')).toBe(true);
    expect(isSoftwareRenderer('llvmpipe (LLVM 15.0.6, 256 bits)')).toBe(true);
    expect(isSoftwareRenderer('ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0)')).toBe(false);
  });

  it('caps redraws only in software, at 2 Hz unless a sane setting says otherwise', () => {
    expect(minRedrawMs(false, '1')).toBe(0);
    expect(minRedrawMs(true, null)).toBe(1000 / SOFTWARE_REDRAW_HZ);
    expect(minRedrawMs(true, '5')).toBe(200);
    expect(minRedrawMs(true, 'fast')).toBe(500);
    expect(minRedrawMs(true, '0')).toBe(500);
  });

  it('hands over the latest value per key in one flush per frame, no sooner than the budget allows', () => {
    vi.useFakeTimers();
    try {
      let now = 0;
      const frames: (() => void)[] = [];
      const flushed: Record<string, number>[] = [];
      const batch = new FrameBatch<number>((v) => flushed.push(Object.fromEntries(v)), 500, {
        now: () => now, frame: (cb) => frames.push(cb), cancelFrame: () => {},
      });
      batch.set('vehicles', 1);
      batch.set('vehicles', 2);
      batch.set('sensors', 7);
      expect(frames).toHaveLength(1);
      frames.shift()!();
      expect(flushed).toEqual([{ vehicles: 2, sensors: 7 }]);
      // Ten updates within the next half second: one more flush, with the last of them, after the budget.
      for (let i = 3; i <= 12; i++) {
        now += 40;
        batch.set('vehicles', i);
      }
      expect(frames).toHaveLength(0);
      now = 500;
      vi.advanceTimersByTime(500);
      frames.shift()!();
      expect(flushed).toEqual([{ vehicles: 2, sensors: 7 }, { vehicles: 12 }]);
      expect(batch.flushes).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
