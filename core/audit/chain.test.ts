import { describe, expect, it } from 'vitest';
import { canonical, ChainVerifier, encodeBody, entryHash, GENESIS, type AuditEntry } from './chain.js';

function chain(n: number): AuditEntry[] {
  const out: AuditEntry[] = [];
  let prev = GENESIS;
  for (let seq = 1; seq <= n; seq++) {
    const body = {
      seq, at: new Date(Date.UTC(2026, 10, 22, 10, 0, seq)).toISOString(), actorId: null, actorEmail: 'a@b.c', sessionId: null,
      action: 'iam.create_user', resourceType: 'user', resourceId: String(seq), siteId: null, oldValues: null,
      newValues: { b: seq, a: [1, { d: 2, c: 3 }] }, lat: null, lon: null, requestId: null, outcome: 'success' as const, reason: null, prevHash: prev,
    };
    const e = { ...body, hash: entryHash(body) };
    out.push(e);
    prev = e.hash;
  }
  return out;
}

const verify = (entries: AuditEntry[]) => {
  const v = new ChainVerifier();
  entries.every((e) => v.push(e));
  return v;
};

describe('canonical encoding', () => {
  it('sorts keys at every depth and drops undefined', () => {
    expect(canonical({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null }, u: undefined })).toBe('{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}');
  });
  it('encodes an entry exactly as the generic canonical form would', () => {
    for (const e of chain(5)) {
      const { prevHash: _p, hash: _h, ...body } = e;
      expect(encodeBody(body)).toBe(canonical(body));
      const odd = { ...body, actorEmail: 'é"\\\n', lat: 51.123456789, lon: -0.5, oldValues: { z: [null, true], a: 'x' }, reason: '✓' };
      expect(encodeBody(odd)).toBe(canonical(odd));
    }
  });
  it('hashes the same entry the same way whatever its key order', () => {
    const [e] = chain(1);
    const shuffled = Object.fromEntries(Object.entries(e!).reverse()) as unknown as AuditEntry;
    expect(entryHash(shuffled)).toBe(e!.hash);
  });
});

describe('ChainVerifier', () => {
  it('accepts an intact chain, also when fed in batches', () => {
    const entries = chain(50);
    expect(verify(entries)).toMatchObject({ problem: null, count: 50, lastSeq: 50, lastHash: entries[49]!.hash });
    const first = verify(entries.slice(0, 20));
    const rest = new ChainVerifier({ lastSeq: first.lastSeq, lastHash: first.lastHash });
    entries.slice(20).forEach((e) => rest.push(e));
    expect(rest.problem).toBeNull();
  });
  it('names an edited entry', () => {
    const entries = chain(10);
    entries[6] = { ...entries[6]!, reason: 'edited' };
    expect(verify(entries).problem).toEqual({ seq: 7, reason: expect.stringContaining('entry 7 was changed') });
  });
  it('names a deleted entry', () => {
    const entries = chain(10);
    entries.splice(3, 1);
    expect(verify(entries).problem).toEqual({ seq: 4, reason: expect.stringContaining('entries 4–4 are missing') });
  });
  it('names reordered entries, even with their seq numbers swapped to look right', () => {
    const entries = chain(10);
    const [a, b] = [entries[4]!, entries[5]!];
    entries[4] = { ...b, seq: 5 };
    entries[5] = { ...a, seq: 6 };
    expect(verify(entries).problem?.seq).toBe(5);
  });
});
