// Pure: a state message's error and information entries as keys, and which episodes
// they open, keep going or end.
import type { EpisodeView } from '../contract/index.js';

interface VdaRef { referenceKey: string; referenceValue: unknown }
/** The error and information lists of a VDA 5050 2.0 state message. */
export interface VdaEntries {
  errors?: Array<{ errorType: string; errorLevel: string; errorDescription?: string; errorReferences?: VdaRef[] }>;
  information?: Array<{ infoType: string; infoLevel: string; infoDescription?: string; infoReferences?: VdaRef[] }>;
}

export interface Entry {
  kind: EpisodeView['kind'];
  type: string;
  level: EpisodeView['level'];
  description: string | null;
  references: Array<{ key: string; value: string }>;
  /** Same kind, type, level and references: the same episode (the description may change wording). */
  key: string;
}

const refs = (r: VdaRef[] | undefined) =>
  (r ?? []).map((x) => ({ key: x.referenceKey, value: String(x.referenceValue) })).sort((a, b) => a.key.localeCompare(b.key) || a.value.localeCompare(b.value));

function entry(kind: Entry['kind'], type: string, level: string, description: string | undefined, references: Entry['references']): Entry {
  const key = `${kind}|${type}|${level}|${references.map((r) => `${r.key}=${r.value}`).join('&')}`.slice(0, 3000);
  return { kind, type: type.slice(0, 200), level: level as Entry['level'], description: description?.slice(0, 2000) ?? null, references, key };
}

/** Every entry of a state, once per key. */
export function entriesOf(s: VdaEntries): Entry[] {
  const all = [
    ...(s.errors ?? []).map((e) => entry('error', e.errorType, e.errorLevel, e.errorDescription, refs(e.errorReferences))),
    ...(s.information ?? []).map((i) => entry('information', i.infoType, i.infoLevel, i.infoDescription, refs(i.infoReferences))),
  ];
  return [...new Map(all.map((e) => [e.key, e])).values()];
}

/** Which of the open keys ended and which entries are new. */
export function diffEntries(open: ReadonlySet<string>, now: Entry[]): { opened: Entry[]; ended: string[]; continuing: string[] } {
  const keys = new Set(now.map((e) => e.key));
  return {
    opened: now.filter((e) => !open.has(e.key)),
    ended: [...open].filter((k) => !keys.has(k)),
    continuing: [...open].filter((k) => keys.has(k)),
  };
}

/** Seconds from first seen to the end (or, while open, to the last sighting). */
export const durationS = (firstSeen: Date, lastSeen: Date, endedAt: Date | null) =>
  Math.max(0, Math.round(((endedAt ?? lastSeen).getTime() - firstSeen.getTime()) / 100) / 10);
