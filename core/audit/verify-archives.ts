import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import type { Queryable } from '../../db/index.js';
import { GENESIS, problems, type ChainLink, type ChainProblem } from './chain.js';
import { archivedSegments } from './segments.js';
import { verifyFile, type VerifyResult } from './verify.js';

function firstLink(file: string): ChainLink | null {
  const fd = openSync(file, 'r');
  try {
    const b = Buffer.alloc(1 << 20);
    const n = readSync(fd, b, 0, b.length, 0);
    const line = b.subarray(0, n).toString('utf8').split('\n')[0];
    return line ? (JSON.parse(line) as ChainLink) : null;
  } finally {
    closeSync(fd);
  }
}

/**
 * The whole history: the archive files, in order, each a chain of its own that
 * must link to the one before and end where the database's record of its
 * segment (vouched for by the anchoring entry) says, then the live log from
 * there. A changed entry in an archive is named with its file.
 */
export async function verifyArchives(q: Queryable, files: string[]): Promise<VerifyResult & { archived: number }> {
  const segments = await archivedSegments(q);
  const ordered = files.map((f) => ({ f, first: firstLink(f) })).sort((a, b) => (a.first?.seq ?? 0) - (b.first?.seq ?? 0));
  let lastSeq = 0;
  let lastHash = GENESIS;
  const broken = (problem: ChainProblem) => ({ ok: false, count: lastSeq, lastSeq, lastHash, problem, archived: lastSeq });
  for (const { f, first } of ordered) {
    const name = basename(f);
    if (!first) return broken({ seq: lastSeq + 1, reason: `${name} is empty` });
    if (first.seq !== lastSeq + 1) return broken(problems.missing(lastSeq + 1, first.seq - 1));
    if (first.prevHash !== lastHash) return broken({ ...problems.unlinked(first.seq, lastSeq), reason: `${problems.unlinked(first.seq, lastSeq).reason}, in ${name}` });
    const r = await verifyFile(f);
    if (!r.ok) return broken({ seq: r.problem!.seq, reason: `${r.problem!.reason}, in ${name}` });
    const seg = segments.find((s) => s.lastSeq === r.lastSeq);
    if (!seg) return broken({ seq: r.lastSeq, reason: `${name} ends at entry ${r.lastSeq}, where no archived segment of this log ends` });
    if (seg.lastHash !== r.lastHash) return broken(problems.rewritten(r.lastSeq, `the anchored archive record (${name} was re-hashed)`));
    if (createHash('sha256').update(readFileSync(f)).digest('hex') !== seg.sha256) {
      return broken({ seq: r.lastSeq, reason: `${name} is not the file that was archived (its SHA-256 differs from the anchored one)` });
    }
    lastSeq = r.lastSeq;
    lastHash = r.lastHash;
  }
  const newest = segments[segments.length - 1];
  if (newest && lastSeq < newest.lastSeq) {
    return broken({ seq: lastSeq + 1, reason: `entries ${lastSeq + 1}–${newest.lastSeq} are archived in files not given (the newest is ${newest.file})` });
  }
  return { ok: true, count: lastSeq, lastSeq, lastHash, problem: null, archived: lastSeq };
}
