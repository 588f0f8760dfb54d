import { describe, expect, it } from 'vitest';
import { StagedUploads } from './staged.js';

describe('staged uploads', () => {
  it('gives the file whole once every byte announced came in order, to its sender only, once', () => {
    const s = new StagedUploads();
    const { id } = s.begin('ann', 6);
    expect(() => s.chunk('bob', id, 0, Buffer.from('abc'))).toThrow(/not under way/);
    expect(s.chunk('ann', id, 0, Buffer.from('abc'))).toEqual({ received: 3 });
    // Out of order or past the size announced: refused, and what came stays.
    expect(() => s.chunk('ann', id, 0, Buffer.from('abc'))).toThrow(/expected the piece at byte 3, not 0/);
    expect(() => s.chunk('ann', id, 3, Buffer.from('defg'))).toThrow(/larger than the 6 bytes announced/);
    s.chunk('ann', id, 3, Buffer.from('def'));
    expect(() => s.take('bob', id)).toThrow(/not under way/);
    expect(s.take('ann', id).toString()).toBe('abcdef');
    expect(() => s.take('ann', id)).toThrow(/not under way/);
  });

  it('refuses an incomplete file (and drops it), and drops one cancelled or left idle for 15 minutes', () => {
    let now = 0;
    const s = new StagedUploads(() => now);
    const a = s.begin('ann', 6).id;
    s.chunk('ann', a, 0, Buffer.from('abc'));
    expect(() => s.take('ann', a)).toThrow(/incomplete: 3 of 6 bytes arrived/);
    expect(() => s.chunk('ann', a, 3, Buffer.from('def'))).toThrow(/not under way/);
    const b = s.begin('ann', 1).id;
    s.cancel('ann', b);
    expect(() => s.chunk('ann', b, 0, Buffer.from('x'))).toThrow(/not under way/);
    const c = s.begin('ann', 2).id;
    now += 14 * 60_000;
    s.chunk('ann', c, 0, Buffer.from('x'));
    now += 14 * 60_000;
    s.chunk('ann', c, 1, Buffer.from('y'));
    now += 15 * 60_000 + 1;
    expect(() => s.take('ann', c)).toThrow(/left idle for 15 minutes/);
  });

  it('holds at most three files per user under way', () => {
    const s = new StagedUploads();
    for (let i = 0; i < 3; i++) s.begin('ann', 10);
    expect(() => s.begin('ann', 10)).toThrow(/already have 3 files/);
    expect(s.begin('bob', 10).id).toMatch(/^[0-9a-f-]{36}$/);
  });
});
