// Reading and writing a transfer's files a chunk at a time: nothing holds a whole file.
import { createWriteStream, type WriteStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { once } from 'node:events';
import { TRANSFER_CHUNK_BYTES, type TransferChunk } from '../contract/index.js';
import { DomainError } from '../errors.js';

/** Bytes [offset, offset + 512 KiB) of a file, base64, and where the next chunk starts. */
export async function readChunk(path: string, offset: number): Promise<TransferChunk> {
  const size = (await stat(path)).size;
  if (offset > size) throw new DomainError('invalid', { code: 'transfer.nothingAt', params: { size, offset } });
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(Math.min(TRANSFER_CHUNK_BYTES, size - offset));
    const { bytesRead } = await fh.read(buf, 0, buf.length, offset);
    const end = offset + bytesRead;
    return { data: buf.subarray(0, bytesRead).toString('base64'), next: end < size ? end : null, bytes: size };
  } finally {
    await fh.close();
  }
}

/** Appends a chunk where the file ends; a chunk sent twice or out of order is refused. */
export async function appendChunk(path: string, offset: number, data: Buffer, limit: number): Promise<number> {
  const fh = await open(path, 'a');
  try {
    const size = (await fh.stat()).size;
    if (offset !== size) throw new DomainError('conflict', { code: 'transfer.wrongOffset', params: { size, offset } });
    if (size + data.length > limit) throw new DomainError('invalid', { code: 'transfer.tooLong', params: { limit } });
    await fh.write(data, 0, data.length, size);
    return size + data.length;
  } finally {
    await fh.close();
  }
}

/** A text file written piece by piece, waiting whenever the disk is behind. */
export class TextSink {
  private readonly out: WriteStream;
  bytes = 0;

  constructor(path: string) {
    this.out = createWriteStream(path, { mode: 0o600 });
  }

  async write(text: string): Promise<void> {
    this.bytes += Buffer.byteLength(text);
    if (!this.out.write(text)) await once(this.out, 'drain');
  }

  async close(): Promise<void> {
    this.out.end();
    await once(this.out, 'finish');
  }

  destroy(): void {
    this.out.destroy();
  }
}
