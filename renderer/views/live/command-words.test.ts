import { describe, expect, it } from 'vitest';
import { setLocale } from '../../i18n/i18n.svelte.js';
import { commandStatusText, durationText } from './command-words.js';

describe('command and episode words', () => {
  it('says a command’s status, with its round trip once it ended', () => {
    expect(commandStatusText({ status: 'finished', roundTripMs: 412 })).toBe('finished in 412 ms');
    expect(commandStatusText({ status: 'awaiting_confirmation', roundTripMs: null })).toBe('waiting for a second person');
    expect(commandStatusText({ status: 'timed_out', roundTripMs: null })).toBe('timed out');
  });
  it('says a duration in the largest sensible units', () => {
    expect(durationText(4.25)).toBe('4.3 s');
    expect(durationText(75)).toBe('1 min 15 s');
    expect(durationText(7300)).toBe('2 h 1 min');
  });
  it('says them in Dutch too', async () => {
    try {
      await setLocale('nl');
      expect(commandStatusText({ status: 'finished', roundTripMs: 1412 })).toBe('voltooid in 1.412 ms');
      expect(durationText(4.25)).toBe('4,3 s');
    } finally {
      await setLocale('en');
    }
  });
});
