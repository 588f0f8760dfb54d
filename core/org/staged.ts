// Plan images and site files sent in pieces (a browser's connection carries at most 1 MiB a
// message): held in memory per user, in order, until the call that names them takes them whole.
// An upload left idle for 15 minutes is dropped; a user has at most a few under way.
import { randomUUID } from 'node:crypto';
import { DomainError } from '../errors.js';

const IDLE_MS = 15 * 60_000;
const PER_USER = 3;

interface Staged { userId: string; bytes: number; parts: Buffer[]; received: number; touched: number }

export class StagedUploads {
  readonly #uploads = new Map<string, Staged>();

  constructor(private readonly now: () => number = Date.now) {}

  begin(userId: string, bytes: number): { id: string } {
    this.#expire();
    const mine = [...this.#uploads.values()].filter((u) => u.userId === userId);
    if (mine.length >= PER_USER) throw new DomainError('conflict', { code: 'org.tooManyUploads', params: { max: PER_USER } });
    const id = randomUUID();
    this.#uploads.set(id, { userId, bytes, parts: [], received: 0, touched: this.now() });
    return { id };
  }

  /** Appends the next piece; pieces come in order. */
  chunk(userId: string, id: string, offset: number, data: Buffer): { received: number } {
    const u = this.#get(userId, id);
    if (offset !== u.received) throw new DomainError('conflict', { code: 'upload.wrongOffset', params: { received: u.received, offset } });
    if (u.received + data.length > u.bytes) throw new DomainError('invalid', { code: 'upload.tooLarge', params: { bytes: u.bytes } });
    u.parts.push(data);
    u.received += data.length;
    return { received: u.received };
  }

  cancel(userId: string, id: string): void {
    this.#get(userId, id);
    this.#uploads.delete(id);
  }

  /** The whole file, once every byte announced has come; it is no longer staged. */
  take(userId: string, id: string): Buffer {
    const u = this.#get(userId, id);
    this.#uploads.delete(id);
    if (u.received !== u.bytes) throw new DomainError('invalid', { code: 'upload.incomplete', params: { received: u.received, bytes: u.bytes } });
    return Buffer.concat(u.parts);
  }

  #get(userId: string, id: string): Staged {
    this.#expire();
    const u = this.#uploads.get(id);
    if (!u || u.userId !== userId) throw new DomainError('not_found', { code: 'upload.notUnderWay' });
    u.touched = this.now();
    return u;
  }

  #expire(): void {
    const cutoff = this.now() - IDLE_MS;
    for (const [id, u] of this.#uploads) if (u.touched < cutoff) this.#uploads.delete(id);
  }
}

/** The console's staged uploads (one per process: they live only until used). */
export const staged = new StagedUploads();
