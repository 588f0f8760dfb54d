import { describe, expect, it } from 'vitest';
import { sessionEnd } from './session-end.js';

describe('sessionEnd', () => {
  it('an UNAUTHORIZED answer ends the session, with core\'s reason', () => {
    expect(sessionEnd({ message: 'You signed out; sign in again.', data: { code: 'UNAUTHORIZED' } }, 'subscription'))
      .toEqual({ ends: 'session', reason: 'You signed out; sign in again.' });
    expect(sessionEnd({ message: 'Your session ended after inactivity; sign in again.', data: { code: 'UNAUTHORIZED' } }, 'query')?.ends).toBe('session');
  });
  it('a FORBIDDEN stream ends that stream only; a FORBIDDEN call is the view\'s own error', () => {
    expect(sessionEnd({ message: 'Your roles changed: …', data: { code: 'FORBIDDEN' } }, 'subscription')).toEqual({ ends: 'stream', reason: 'Your roles changed: …' });
    expect(sessionEnd({ message: 'x may not do this', data: { code: 'FORBIDDEN' } }, 'mutation')).toBeNull();
    expect(sessionEnd({ message: 'boom', data: { code: 'INTERNAL_SERVER_ERROR' } }, 'subscription')).toBeNull();
    expect(sessionEnd({ message: 'no data' }, 'subscription')).toBeNull();
  });
});
