import { describe, expect, it } from 'vitest';
import { BROWSER_CALL_MAX_BYTES } from '../../core/contract/index.js';
import { tooLarge } from './call-size.js';

const call = (input: unknown, type = 'mutation') => ({ id: 7, type, path: 'residents.update', input });

describe('a call too large for the console’s WebSocket', () => {
  it('is refused before sending, saying how large it is; an ordinary call goes', () => {
    expect(tooLarge(call({ notes: 'x'.repeat(1000) }))).toBeNull();
    expect(tooLarge(call({ notes: 'x'.repeat(BROWSER_CALL_MAX_BYTES) })))
      .toBe('This is too large to send to the console in one go (1.0 MB, at most 1.0 MB): nothing was sent.');
    expect(tooLarge(call({ notes: 'x'.repeat(3 * BROWSER_CALL_MAX_BYTES) }))).toMatch(/^This is too large .*\(3\.0 MB, at most 1\.0 MB\)/);
  });

  it('counts bytes as sent (UTF-8), not characters', () => {
    // 400k characters of three bytes each: 1.2 MB on the wire, under the limit in characters.
    expect(tooLarge(call({ notes: '€'.repeat(400_000) }))).toMatch(/1\.1 MB, at most 1\.0 MB/);
    expect(tooLarge(call({ notes: 'e'.repeat(400_000) }))).toBeNull();
  });

  it('does not apply to a subscription', () => {
    expect(tooLarge(call({ notes: 'x'.repeat(2 * BROWSER_CALL_MAX_BYTES) }, 'subscription'))).toBeNull();
  });
});
