// Pure: "2 × bumper switch" lines into parts.
import { num, t } from '../../i18n/i18n.svelte.js';

export type Parts = { ok: true; parts: Array<{ name: string; quantity: number }> } | { ok: false; error: string };

export function parseParts(text: string): Parts {
  const parts: Array<{ name: string; quantity: number }> = [];
  for (const raw of text.split('\n').map((l) => l.trim()).filter(Boolean)) {
    const m = /^(\d+)\s*(?:[x×*])?\s+(.+)$/i.exec(raw);
    const [quantity, name] = m ? [Number(m[1]), m[2]!.trim()] : [1, raw];
    if (quantity < 1 || quantity > 10_000) return { ok: false, error: t('fleet.parts.quantity', { line: raw, max: num(10_000) }) };
    if (name.length > 200) return { ok: false, error: t('fleet.parts.nameLength', { line: raw.slice(0, 40) }) };
    parts.push({ name, quantity });
  }
  return parts.length > 50 ? { ok: false, error: t('fleet.parts.tooMany') } : { ok: true, parts };
}
