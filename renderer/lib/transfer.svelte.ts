// One transfer followed by the renderer: upload in chunks, progress polled, files saved
// from chunks (a Blob of parts, never one string), cancel.
import type { TransferStatus } from '../../core/contract/index.js';
import { downloadBlob } from './download.js';
import { chunkStarts, fromBase64, toBase64 } from './transfer.js';
import type { Client } from './trpc.js';

const POLL_MS = 250;

export class TransferRun {
  status = $state<TransferStatus | null>(null);
  /** Set when the user cancels while chunks are still going up. */
  private stopped = false;

  constructor(private readonly client: Client) {}

  get running(): boolean {
    return this.status?.state === 'running';
  }

  reset(): void {
    this.status = null;
    this.stopped = false;
  }

  /** Follows a started transfer until it ends (done, failed or cancelled). */
  async follow(started: TransferStatus): Promise<TransferStatus> {
    let status = (this.status = started);
    while (status.state === 'running') {
      await new Promise((r) => setTimeout(r, POLL_MS));
      status = this.status = await this.client.transfer.status.query({ id: started.id });
    }
    return status;
  }

  /** Sends the files for an Open311 import and follows core reading and previewing them. */
  async uploadOpen311(siteId: string, files: File[]): Promise<TransferStatus> {
    this.stopped = false;
    let status = await this.client.transfer.open311Upload.mutate({ siteId, files: files.map((f) => ({ name: f.name, bytes: f.size })) });
    this.status = status;
    for (const [i, f] of files.entries()) {
      for (const offset of chunkStarts(f.size)) {
        if (this.stopped) return this.follow(status);
        const bytes = new Uint8Array(await f.slice(offset, offset + 512 * 1024).arrayBuffer());
        status = await this.client.transfer.open311Chunk.mutate({ id: status.id, file: i, offset, data: toBase64(bytes) });
        this.status = status;
      }
    }
    return this.follow(status);
  }

  async cancel(): Promise<void> {
    if (!this.status) return;
    this.stopped = true;
    this.status = await this.client.transfer.cancel.mutate({ id: this.status.id });
  }

  /** Saves one of a finished transfer's files through the browser's download, read a chunk at a time. */
  async save(file: number, name: string): Promise<void> {
    const s = this.status;
    if (!s || s.state !== 'done') return;
    const parts: Uint8Array<ArrayBuffer>[] = [];
    let offset: number | null = 0;
    while (offset !== null) {
      const chunk = await this.client.transfer.read.query({ id: s.id, file, offset });
      parts.push(fromBase64(chunk.data));
      offset = chunk.next;
    }
    downloadBlob(name, new Blob(parts, { type: s.files[file]?.mime ?? 'application/octet-stream' }));
  }
}
