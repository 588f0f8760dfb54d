import { describe, expect, it } from 'vitest';
import { REPORT_CATALOGS, reportWords } from './words.js';

function leaves(c: object, prefix = ''): [string, string][] {
  return Object.entries(c).flatMap(([k, v]) => (typeof v === 'string' ? [[`${prefix}${k}`, v] as [string, string]] : leaves(v as object, `${prefix}${k}.`)));
}
const params = (s: string) => [...s.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort().join();

describe("a report's words", () => {
  it('Dutch has every English key with the same parameters, and none empty', () => {
    const dutch = new Map(leaves(REPORT_CATALOGS.nl));
    const english = leaves(REPORT_CATALOGS.en);
    expect([...dutch.keys()].sort()).toEqual(english.map(([k]) => k).sort());
    expect(english.filter(([k, v]) => !dutch.get(k)?.trim() || params(v) !== params(dutch.get(k)!))).toEqual([]);
  });

  it('fill in their parameters in the language asked for', () => {
    expect(reportWords('en')('fleet.lowBattery', { pct: 20 })).toBe('Minutes below 20 %');
    expect(reportWords('nl')('fleet.lowBattery', { pct: 20 })).toBe('Minuten onder 20 %');
    expect(reportWords('nl').lang).toBe('nl');
  });
});
