import { describe, expect, it } from 'vitest';
import { TRANSFER_CHUNK_BYTES, UploadChunk } from '../../core/contract/index.js';
import { setLocale } from '../i18n/i18n.svelte.js';
import { chunkStarts, fromBase64, progressText, toBase64 } from './transfer.js';

describe('transfers in the renderer', () => {
  it('cuts a file into 512 KiB chunks whose base64 core takes (under the 1 MiB browser message)', () => {
    expect(chunkStarts(0)).toEqual([]);
    expect(chunkStarts(TRANSFER_CHUNK_BYTES)).toEqual([0]);
    expect(chunkStarts(TRANSFER_CHUNK_BYTES * 2 + 1)).toEqual([0, TRANSFER_CHUNK_BYTES, TRANSFER_CHUNK_BYTES * 2]);
    const bytes = Uint8Array.from({ length: TRANSFER_CHUNK_BYTES }, (_, i) => (i * 7919) % 256);
    const data = toBase64(bytes);
    expect(data.length).toBeLessThan(1 << 20);
    expect(UploadChunk.safeParse({ id: 'a'.repeat(24), file: 0, offset: 0, data }).success).toBe(true);
    expect(fromBase64(data)).toEqual(bytes);
    expect(Buffer.from(data, 'base64').equals(Buffer.from(bytes))).toBe(true);
    // One byte more than a chunk is refused by core's schema.
    expect(UploadChunk.safeParse({ id: 'a'.repeat(24), file: 0, offset: 0, data: toBase64(new Uint8Array(TRANSFER_CHUNK_BYTES + 3)) }).success).toBe(false);
  });

  it('says what a transfer is doing and how far it is, in bytes while a file goes up, in records after', () => {
    expect(progressText({ phase: 'upload', done: 3 * 1048576, total: 12 * 1048576 })).toEqual({ label: 'Uploading · 3.0 MiB of 12.0 MiB (25 %)', fraction: 0.25 });
    expect(progressText({ phase: 'checking', done: 12_000, total: 50_000 })).toEqual({ label: 'Checking each record · 12,000 of 50,000 (24 %)', fraction: 0.24 });
    expect(progressText({ phase: 'exporting', done: 0, total: null })).toEqual({ label: 'Exporting…', fraction: null });
  });

  it('says it in Dutch too, with Dutch numbers', async () => {
    try {
      await setLocale('nl');
      expect(progressText({ phase: 'upload', done: 3 * 1048576, total: 12 * 1048576 }).label).toBe('Uploaden · 3,0 MiB van 12,0 MiB (25 %)');
      expect(progressText({ phase: 'checking', done: 12_000, total: 50_000 }).label).toBe('Elk record controleren · 12.000 van 50.000 (24 %)');
    } finally {
      await setLocale('en');
    }
  });
});
