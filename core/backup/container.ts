import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { DomainError } from '../errors.js';

/**
 * One backup is one file: a magic line, the manifest (one JSON line), the
 * sections one after another, and an end line carrying the SHA-256 of every
 * byte before it. A file cut short has no end line; a changed byte anywhere
 * fails the checksum. It is written beside its final name and renamed into
 * place only when complete, so a killed backup leaves the previous ones as
 * they were and nothing under the final name.
 */
export const MAGIC = 'WATCHFLOOR-BACKUP/1\n';
export const FORMAT_VERSION = 1;
const END = (hex: string) => `\nWATCHFLOOR-BACKUP-END sha256=${hex}\n`;
const END_BYTES = END('0'.repeat(64)).length;

export interface Section {
  name: string;
  bytes: number;
  sha256: string;
}

export interface Manifest {
  format: 'watchfloor-backup';
  formatVersion: number;
  createdAt: string;
  watchfloorVersion: string;
  engine: 'embedded' | 'central';
  /** PostgreSQL's version() of the database backed up. */
  engineVersion: string;
  /** Migrations applied: a Watchfloor knowing fewer refuses the file. */
  schemaLevel: number;
  rowCounts: Record<string, number>;
  auditTip: { seq: number; hash: string } | null;
  keysIncluded: boolean;
  sections: Section[];
}

/** A section's content: a file on disk (copied in pieces) or bytes in memory. */
export type SectionSource = { name: string; path: string } | { name: string; data: Uint8Array };

const CHUNK = 1 << 20;

function eachChunk(src: SectionSource, fn: (b: Buffer) => void): void {
  if ('data' in src) return fn(Buffer.from(src.data.buffer, src.data.byteOffset, src.data.byteLength));
  const fd = openSync(src.path, 'r');
  try {
    const buf = Buffer.alloc(CHUNK);
    for (let n; (n = readSync(fd, buf, 0, CHUNK, null)) > 0; ) fn(buf.subarray(0, n));
  } finally {
    closeSync(fd);
  }
}

function describe(src: SectionSource): Section {
  const h = createHash('sha256');
  let bytes = 0;
  eachChunk(src, (b) => {
    h.update(b);
    bytes += b.length;
  });
  return { name: src.name, bytes, sha256: h.digest('hex') };
}

/** Writes the backup file atomically (temporary name, fsync, rename); returns its size. */
export function writeBackupFile(out: string, manifest: Omit<Manifest, 'sections' | 'format' | 'formatVersion'>, sources: SectionSource[]): { bytes: number; manifest: Manifest } {
  const full: Manifest = { format: 'watchfloor-backup', formatVersion: FORMAT_VERSION, ...manifest, sections: sources.map(describe) };
  const partial = `${out}.partial`;
  const fd = openSync(partial, 'w', 0o600);
  const h = createHash('sha256');
  let bytes = 0;
  const put = (b: Buffer) => {
    h.update(b);
    for (let off = 0; off < b.length; ) off += writeSync(fd, b, off);
    bytes += b.length;
  };
  try {
    put(Buffer.from(MAGIC + JSON.stringify(full) + '\n', 'utf8'));
    for (const s of sources) eachChunk(s, put);
    const end = Buffer.from(END(h.digest('hex')), 'utf8');
    writeSync(fd, end);
    bytes += end.length;
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    rmSync(partial, { force: true });
    throw err;
  }
  closeSync(fd);
  renameSync(partial, out);
  syncDir(dirname(out));
  return { bytes, manifest: full };
}

function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some platforms cannot fsync a directory; the rename is still atomic.
  }
}

const refuse = (file: string, why: string) => new DomainError('invalid', { code: 'backup.fileRefused', params: { file, why } });

/** An opened, checked backup file: its manifest, and its sections read on demand. */
export interface BackupFile {
  path: string;
  manifest: Manifest;
  read(name: string): Buffer;
  copyTo(name: string, path: string): void;
}

/**
 * Checks the whole file before anything trusts it: the magic line, the end
 * line (missing: cut short), the checksum of every byte (changed or damaged),
 * then the manifest and the section sizes. Each refusal names what is wrong.
 */
export function openBackupFile(path: string): BackupFile {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new DomainError('not_found', { code: 'backup.fileUnreadable', params: { path } });
  }
  const fd = openSync(path, 'r');
  try {
    const at = (pos: number, len: number) => {
      const b = Buffer.alloc(Math.max(0, Math.min(len, size - pos)));
      readSync(fd, b, 0, b.length, pos);
      return b;
    };
    if (at(0, MAGIC.length).toString('latin1') !== MAGIC) throw refuse(path, 'is not a Watchfloor backup (its first line is not WATCHFLOOR-BACKUP/1).');
    const tail = size >= END_BYTES ? at(size - END_BYTES, END_BYTES).toString('latin1') : '';
    const m = /^\nWATCHFLOOR-BACKUP-END sha256=([0-9a-f]{64})\n$/.exec(tail);
    if (!m) throw refuse(path, 'is truncated: it ends before its end line (a backup that was cut short or copied in part).');
    const h = createHash('sha256');
    const buf = Buffer.alloc(CHUNK);
    for (let pos = 0; pos < size - END_BYTES; ) {
      const n = readSync(fd, buf, 0, Math.min(CHUNK, size - END_BYTES - pos), pos);
      h.update(buf.subarray(0, n));
      pos += n;
    }
    if (h.digest('hex') !== m[1]) throw refuse(path, 'fails its checksum: its content was changed or damaged after it was written.');
    const head = at(MAGIC.length, Math.min(size, 64 << 20));
    const nl = head.indexOf(10);
    const manifest = JSON.parse(head.subarray(0, nl).toString('utf8')) as Manifest;
    if (manifest.format !== 'watchfloor-backup') throw refuse(path, 'has no Watchfloor manifest.');
    if (manifest.formatVersion > FORMAT_VERSION) {
      throw refuse(path, `was written in backup format ${manifest.formatVersion} by Watchfloor ${manifest.watchfloorVersion}; this Watchfloor reads format ${FORMAT_VERSION} only. Update Watchfloor.`);
    }
    const offsets = new Map<string, { pos: number; s: Section }>();
    let pos = MAGIC.length + nl + 1;
    for (const s of manifest.sections) {
      offsets.set(s.name, { pos, s });
      pos += s.bytes;
    }
    if (pos !== size - END_BYTES) throw refuse(path, 'does not add up: its sections and its size differ.');
    const locate = (name: string) => {
      const o = offsets.get(name);
      if (!o) throw refuse(path, `has no ${name} section.`);
      return o;
    };
    return {
      path,
      manifest,
      read(name) {
        const o = locate(name);
        const f = openSync(path, 'r');
        try {
          const b = Buffer.alloc(o.s.bytes);
          for (let off = 0; off < b.length; ) off += readSync(f, b, off, b.length - off, o.pos + off);
          return b;
        } finally {
          closeSync(f);
        }
      },
      copyTo(name, dest) {
        const o = locate(name);
        const f = openSync(path, 'r');
        const w = openSync(dest, 'w', 0o600);
        try {
          const b = Buffer.alloc(CHUNK);
          for (let off = 0; off < o.s.bytes; ) {
            const n = readSync(f, b, 0, Math.min(CHUNK, o.s.bytes - off), o.pos + off);
            writeSync(w, b, 0, n);
            off += n;
          }
        } finally {
          closeSync(f);
          closeSync(w);
        }
      },
    };
  } finally {
    closeSync(fd);
  }
}
