import { describe, expect, it } from 'vitest';
import { ChainVerifier, GENESIS, hashBody, type ChainLink } from './chain.js';

function chain(n: number): ChainLink[] {
  const out: ChainLink[] = [];
  let prev = GENESIS;
  for (let seq = 1; seq <= n; seq++) {
    const body = `{"seq": ${seq}, "action": "iam.create_user", "reason": null}`;
    const link = { seq, prevHash: prev, hash: hashBody(prev, body), body };
    out.push(link);
    prev = link.hash;
  }
  return out;
}

const verify = (links: ChainLink[]) => {
  const v = new ChainVerifier();
  links.every((l) => v.push(l));
  return v;
};

describe('ChainVerifier', () => {
  it('hashes as sha256(prev + newline + body)', () => {
    // printf '%s\n{}' "$(printf '0%.0s' $(seq 1 64))" | sha256sum
    expect(hashBody(GENESIS, '{}')).toBe('5649d09ed68c17156095d175eef152856c5b1a81c117c409c1e00f096aa6838e');
    expect(hashBody(GENESIS, '{}')).not.toBe(hashBody(GENESIS, '{} '));
  });
  it('accepts an intact chain, also when fed in pieces', () => {
    const links = chain(50);
    expect(verify(links)).toMatchObject({ problem: null, count: 50, lastSeq: 50, lastHash: links[49]!.hash });
    const first = verify(links.slice(0, 20));
    const rest = new ChainVerifier({ lastSeq: first.lastSeq, lastHash: first.lastHash });
    links.slice(20).forEach((l) => rest.push(l));
    expect(rest.problem).toBeNull();
  });
  it('names an edited entry', () => {
    const links = chain(10);
    links[6] = { ...links[6]!, body: links[6]!.body.replace('null', '"edited"') };
    expect(verify(links).problem).toEqual({ seq: 7, reason: expect.stringContaining('entry 7 was changed') });
  });
  it('names a deleted entry', () => {
    const links = chain(10);
    links.splice(3, 1);
    expect(verify(links).problem).toEqual({ seq: 4, reason: expect.stringContaining('entries 4–4 are missing') });
  });
  it('names reordered entries, even with their numbers swapped to look right', () => {
    const links = chain(10);
    const [a, b] = [links[4]!, links[5]!];
    links[4] = { ...b, seq: 5 };
    links[5] = { ...a, seq: 6 };
    expect(verify(links).problem?.seq).toBe(5);
  });
  it('catches a body whose seq disagrees with its line', () => {
    const links = chain(3);
    const body = links[1]!.body.replace('"seq": 2', '"seq": 7');
    links[1] = { ...links[1]!, body, hash: hashBody(links[1]!.prevHash, body) };
    expect(verify(links).problem?.seq).toBe(2);
  });
});
