import { describe, expect, it } from 'vitest';
import { SecretBox } from './secrets.js';
import { base32Decode, base32Encode, matchTotp, totpCode } from './totp.js';

describe('TOTP (RFC 6238)', () => {
  const secret = Buffer.from('12345678901234567890'); // the RFC's SHA-1 test key
  it('matches the RFC test vectors (last 6 of the 8 digits)', () => {
    expect(totpCode(secret, new Date(59_000), 8)).toBe('94287082');
    expect(totpCode(secret, new Date(1111111109_000), 8)).toBe('07081804');
    expect(totpCode(secret, new Date(1234567890_000), 8)).toBe('89005924');
    expect(totpCode(secret, new Date(20000000000_000), 8)).toBe('65353130');
    expect(totpCode(secret, new Date(59_000))).toBe('287082');
  });
  it('accepts one step of clock drift and no more', () => {
    const b32 = base32Encode(secret);
    expect(base32Decode(b32)).toEqual(secret);
    const at = new Date(1234567890_000);
    const code = totpCode(secret, at);
    const step = Math.floor(at.getTime() / 30_000);
    expect(matchTotp(b32, code, new Date(at.getTime() + 30_000))).toBe(step);
    expect(matchTotp(b32, code, new Date(at.getTime() + 90_000))).toBeNull();
    expect(matchTotp(b32, 'abcdef', at)).toBeNull();
  });
  it('accepts a code once', () => {
    const b32 = base32Encode(secret);
    const at = new Date(1234567890_000);
    const step = matchTotp(b32, totpCode(secret, at), at);
    expect(step).not.toBeNull();
    expect(matchTotp(b32, totpCode(secret, at), at, step)).toBeNull();
  });
  it('keeps secrets sealed with a key outside the database', () => {
    const box = new SecretBox(Buffer.alloc(32, 7));
    const sealed = box.seal('JBSWY3DPEHPK3PXP');
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(box.open(sealed)).toBe('JBSWY3DPEHPK3PXP');
    expect(() => new SecretBox(Buffer.alloc(32, 8)).open(sealed)).toThrow();
  });
});
