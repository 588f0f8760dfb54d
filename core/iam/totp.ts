import { createHmac, randomBytes } from 'node:crypto';

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Encode(buf: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of buf) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += B32[(value << (5 - bits)) & 31];
  return out;
}

export function base32Decode(text: string): Buffer {
  const clean = text.toUpperCase().replace(/=+$|\s/g, '');
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of clean) {
    const i = B32.indexOf(ch);
    if (i < 0) throw new Error(`not base32: ${ch}`);
    value = (value << 5) | i;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

export const newTotpSecret = () => base32Encode(randomBytes(20));

/** RFC 6238 code for the 30-second step containing `at` (HMAC-SHA1, 6 digits by default). */
export function totpCode(secret: Buffer, at: Date, digits = 6, step = 30): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at.getTime() / 1000 / step)));
  const mac = createHmac('sha1', secret).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0xf;
  const n = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits;
  return String(n).padStart(digits, '0');
}

/**
 * The time step a code belongs to, accepting the current step and one either
 * side for clocks a little apart; null for a wrong code or one from a step
 * at or before `usedStep` (a code works once).
 */
export function matchTotp(secretB32: string, code: string, at: Date, usedStep: number | null = null): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const secret = base32Decode(secretB32);
  const now = Math.floor(at.getTime() / 30_000);
  for (const step of [now - 1, now, now + 1]) {
    if (usedStep !== null && step <= usedStep) continue;
    if (totpCode(secret, new Date(step * 30_000)) === code) return step;
  }
  return null;
}

export const otpauthUri = (secretB32: string, email: string) =>
  `otpauth://totp/Watchfloor:${encodeURIComponent(email)}?secret=${secretB32}&issuer=Watchfloor&digits=6&period=30`;
