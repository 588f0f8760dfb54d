import { PNG } from 'pngjs';

/** Counts what a screenshot shows: distinct colours, and how many pixels are near each given colour. */
export function analyse(png: Buffer, near: Record<string, string>, tolerance = 6) {
  const img = PNG.sync.read(png);
  const targets = Object.entries(near).map(([name, hex]) => [name, [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16))] as const);
  const counts: Record<string, number> = Object.fromEntries(targets.map(([n]) => [n, 0]));
  const colours = new Set<number>();
  for (let i = 0; i < img.data.length; i += 4) {
    const [r, g, b] = [img.data[i]!, img.data[i + 1]!, img.data[i + 2]!];
    colours.add((r << 16) | (g << 8) | b);
    for (const [name, [tr, tg, tb]] of targets) {
      if (Math.abs(r - tr!) <= tolerance && Math.abs(g - tg!) <= tolerance && Math.abs(b - tb!) <= tolerance) counts[name]!++;
    }
  }
  return { width: img.width, height: img.height, distinctColours: colours.size, counts };
}
