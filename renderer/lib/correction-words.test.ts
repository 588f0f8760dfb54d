import { describe, expect, it } from 'vitest';
import { correctionText } from './correction-words.js';

describe('a correction in words', () => {
  it('names each field corrected, with the old and new text, and the reason', () => {
    expect(correctionText({ from: { title: 'Pothole', lat: 1 }, to: { title: 'Deep pothole', location: { lat: 1, lon: 2 } }, reason: 'typo' }))
      .toBe('Corrected title “Pothole” → “Deep pothole”; location moved (typo)');
    expect(correctionText({ from: { parentId: null }, to: { parentId: 'x' } })).toBe('Corrected part of changed');
  });
});
