// Pure: "2 × bumper switch" lines into parts.
export type Parts = { ok: true; parts: Array<{ name: string; quantity: number }> } | { ok: false; error: string };

export function parseParts(text: string): Parts {
  const parts: Array<{ name: string; quantity: number }> = [];
  for (const raw of text.split('\n').map((l) => l.trim()).filter(Boolean)) {
    const m = /^(\d+)\s*(?:[x×*])?\s+(.+)$/i.exec(raw);
    const [quantity, name] = m ? [Number(m[1]), m[2]!.trim()] : [1, raw];
    if (quantity < 1 || quantity > 10_000) return { ok: false, error: `Parts: “${raw}” — a quantity is 1 to 10,000.` };
    if (name.length > 200) return { ok: false, error: `Parts: “${raw.slice(0, 40)}…” — a part's name is at most 200 characters.` };
    parts.push({ name, quantity });
  }
  return parts.length > 50 ? { ok: false, error: 'Parts: at most 50 lines.' } : { ok: true, parts };
}
