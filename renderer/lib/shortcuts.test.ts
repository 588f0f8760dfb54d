import { describe, expect, it } from 'vitest';
import { actionFor } from './shortcuts.js';

const key = (k: string, target: unknown = { tagName: 'DIV' }, mods = {}) => ({ key: k, ctrlKey: false, altKey: false, metaKey: false, target, ...mods });

describe('keyboard shortcuts', () => {
  it('switches views by number and names the frequent actions', () => {
    expect(actionFor(key('1'))).toEqual({ view: 'live' });
    expect(actionFor(key('n'))).toBe('next-alert');
    expect(actionFor(key('a'))).toBe('acknowledge');
    expect(actionFor(key('?'))).toBe('help');
    expect(actionFor(key('x'))).toBeNull();
  });

  it('leaves typing and browser shortcuts alone', () => {
    expect(actionFor(key('a', { tagName: 'INPUT' }))).toBeNull();
    expect(actionFor(key('1', { tagName: 'TEXTAREA' }))).toBeNull();
    expect(actionFor(key('n', { tagName: 'DIV', isContentEditable: true }))).toBeNull();
    expect(actionFor(key('1', { tagName: 'DIV' }, { ctrlKey: true }))).toBeNull();
    expect(actionFor(key('Escape', { tagName: 'INPUT' }))).toBe('close');
  });
});
