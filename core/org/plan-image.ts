// A floor plan file is checked before it is stored: a PNG or JPEG, whole, of a size a map can show.
import { DomainError } from '../errors.js';

export const PLAN_MAX_BYTES = 20 * 1024 * 1024;
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from the first frame header of a JPEG (SOF0…SOF15 but DHT, JPG and DAC). */
function jpegSize(b: Buffer): { width: number; height: number } | null {
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1]!;
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01 || marker === 0xff) { i += marker === 0xff ? 1 : 2; continue; }
    const len = b.readUInt16BE(i + 2);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7) };
    }
    i += 2 + len;
  }
  return null;
}

/** The plan's kind and size; a clear refusal for anything else, a cut-off file included. */
export function readPlanImage(data: Buffer): { mime: 'image/png' | 'image/jpeg'; width: number; height: number } {
  if (data.length > PLAN_MAX_BYTES) throw new DomainError('invalid', { code: 'org.planTooLarge', params: { mb: (data.length / 1048576).toFixed(1) } }, 'data');
  let found: { mime: 'image/png' | 'image/jpeg'; width: number; height: number } | null = null;
  if (data.length > 33 && data.subarray(0, 8).equals(PNG) && data.toString('latin1', 12, 16) === 'IHDR') {
    // A whole PNG ends with its IEND chunk (length 0, type, CRC).
    if (data.toString('latin1', data.length - 8, data.length - 4) !== 'IEND') throw new DomainError('invalid', { code: 'org.pngCutShort' }, 'data');
    found = { mime: 'image/png', width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
  } else if (data.length > 4 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) {
    if (data[data.length - 2] !== 0xff || data[data.length - 1] !== 0xd9) throw new DomainError('invalid', { code: 'org.jpegCutShort' }, 'data');
    const size = jpegSize(data);
    if (!size) throw new DomainError('invalid', { code: 'org.jpegNoFrame' }, 'data');
    found = { mime: 'image/jpeg', ...size };
  }
  if (!found) throw new DomainError('invalid', { code: 'org.planNotImage' }, 'data');
  if (found.width < 1 || found.height < 1 || found.width > 20000 || found.height > 20000) {
    throw new DomainError('invalid', { code: 'org.planSize', params: { width: found.width, height: found.height } }, 'data');
  }
  return found;
}
