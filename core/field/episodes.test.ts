import { describe, expect, it } from 'vitest';
import { diffEntries, durationS, entriesOf } from './episodes.js';

const err = (type: string, refs: Array<[string, string]> = [], level = 'WARNING', description = 'd') =>
  ({ errorType: type, errorLevel: level, errorDescription: description, errorReferences: refs.map(([referenceKey, referenceValue]) => ({ referenceKey, referenceValue })) });

describe('diagnostic episodes', () => {
  it('keys an entry by kind, type, level and references (in any order), not by its wording', () => {
    const a = entriesOf({ errors: [err('bumper', [['b', '2'], ['a', '1']], 'WARNING', 'pressed')] });
    const b = entriesOf({ errors: [err('bumper', [['a', '1'], ['b', '2']], 'WARNING', 'still pressed')] });
    expect(a[0]!.key).toBe(b[0]!.key);
    expect(entriesOf({ errors: [err('bumper', [], 'FATAL')] })[0]!.key).not.toBe(entriesOf({ errors: [err('bumper')] })[0]!.key);
    const info = entriesOf({ information: [{ infoType: 'charging', infoLevel: 'INFO' }] });
    expect(info[0]).toMatchObject({ kind: 'information', type: 'charging', level: 'INFO', description: null, references: [] });
  });

  it('opens new entries, ends the ones gone, keeps the others, and counts a repeat in one state once', () => {
    const first = entriesOf({ errors: [err('scanner'), err('scanner')], information: [{ infoType: 'x', infoLevel: 'DEBUG' }] });
    expect(first).toHaveLength(2);
    const open = new Set(first.map((e) => e.key));
    const d = diffEntries(open, entriesOf({ errors: [err('scanner'), err('battery')] }));
    expect(d.opened.map((e) => e.type)).toEqual(['battery']);
    expect(d.ended).toEqual([first[1]!.key]);
    expect(d.continuing).toEqual([first[0]!.key]);
  });

  it('measures a duration to the end, or to the last sighting while open', () => {
    const t0 = new Date('2026-01-01T00:00:00Z');
    expect(durationS(t0, new Date('2026-01-01T00:00:04Z'), new Date('2026-01-01T00:00:05.25Z'))).toBe(5.3);
    expect(durationS(t0, new Date('2026-01-01T00:00:04Z'), null)).toBe(4);
  });
});
