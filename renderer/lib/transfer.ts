// Transfers seen from the renderer (core/contract/transfer.ts): files go up and come down in
// chunks no larger than a browser connection carries; these are the plain parts.
import { TRANSFER_CHUNK_BYTES, type TransferStatus } from '../../core/contract/index.js';
import { num, t } from '../i18n/i18n.svelte.js';

/** Base64 of bytes, in pieces so no argument list grows with the chunk. */
export function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

export function fromBase64(data: string): Uint8Array<ArrayBuffer> {
  const raw = atob(data);
  const out = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

/** Where each chunk of a file of `size` bytes starts. */
export const chunkStarts = (size: number, chunk = TRANSFER_CHUNK_BYTES) => Array.from({ length: Math.ceil(size / chunk) }, (_, i) => i * chunk);

/** "Checking each record · 12,000 of 50,000 (24 %)"; a fraction 0..1 for the bar, null when the total is not known. */
export function progressText(s: Pick<TransferStatus, 'phase' | 'done' | 'total'>): { label: string; fraction: number | null } {
  const unit = s.phase === 'upload' || s.phase === 'reading' ? 'bytes' : 'records';
  const fmt = (n: number) => (unit === 'bytes' ? t('shell.transfer.mib', { n: num(n / 1048576, { minimumFractionDigits: 1, maximumFractionDigits: 1 }) }) : num(n));
  const phase = t(`shell.transfer.phase.${s.phase}`);
  if (s.total === null || s.total === 0) return { label: t('shell.transfer.unknown', { phase }), fraction: null };
  const fraction = Math.min(1, s.done / s.total);
  return { label: t('shell.transfer.progress', { phase, done: fmt(s.done), total: fmt(s.total), percent: num(Math.floor(fraction * 100)) }), fraction };
}
