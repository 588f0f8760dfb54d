// Generates MapLibre SDF glyph PBFs for Noto Sans (Regular/Bold) into resources/map/glyphs/.
// Rasterises with headless Debian Chromium (playwright-core) + @mapbox/tiny-sdf, the same
// algorithm MapLibre uses for locally rendered glyphs. Run: npx tsx resources/build/glyphs.ts
// Requires /usr/bin/chromium (Debian: apt-get install -y chromium).
import { readFileSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync } from 'node:zlib';
import Pbf from 'pbf';
import { chromium } from 'playwright-core';

const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'map', 'glyphs');
const require = createRequire(import.meta.url);
const FONT_DIR = join(dirname(require.resolve('@fontsource/noto-sans/package.json')), 'files');
const TINY_SDF = require.resolve('@mapbox/tiny-sdf');

const STACKS = [
  { name: 'Noto Sans Regular', weight: 400 },
  { name: 'Noto Sans Bold', weight: 700 },
] as const;
const SUBSETS = ['latin', 'latin-ext'] as const; // tried in this order per character
const RANGES = [0, 256, 8192]; // start codepoints of 256-glyph ranges
// TinySDF parameters: these match the glyph PBF convention (24 px em, 3 px border).
const SDF = { fontSize: 24, buffer: 3, radius: 8, cutoff: 0.25 };
// Baseline offset. MapLibre's GlyphManager uses `glyphTop - 27.5` for local glyphs;
// PBF metrics are integers, so we use 27 (Math.round of the .5 case).
const TOP_ADJUSTMENT = 27;

// ---------- WOFF2 cmap reader (to know which codepoints each subset really contains)
function readBase128(buf: Buffer, pos: { p: number }): number {
  let v = 0;
  for (let i = 0; i < 5; i++) {
    const b = buf.readUInt8(pos.p++);
    v = v * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) return v;
  }
  throw new Error('bad UIntBase128');
}

function woff2Codepoints(file: Buffer): Set<number> {
  if (file.toString('latin1', 0, 4) !== 'wOF2') throw new Error('not a woff2 file');
  const numTables = file.readUInt16BE(12);
  const compressedSize = file.readUInt32BE(20);
  const pos = { p: 48 };
  let offset = 0;
  let cmap: { offset: number; length: number } | undefined;
  for (let i = 0; i < numTables; i++) {
    const flags = file.readUInt8(pos.p++);
    const tagIndex = flags & 0x3f;
    if (tagIndex === 63) pos.p += 4;
    const version = flags >> 6;
    const origLength = readBase128(file, pos);
    const transformed = tagIndex === 10 || tagIndex === 11 ? version === 0 : version !== 0; // glyf/loca
    const length = transformed ? readBase128(file, pos) : origLength;
    if (tagIndex === 0) cmap = { offset, length }; // known-tag index 0 is 'cmap'
    offset += length;
  }
  if (!cmap) throw new Error('no cmap table');
  const data = brotliDecompressSync(file.subarray(pos.p, pos.p + compressedSize));
  const t = data.subarray(cmap.offset, cmap.offset + cmap.length);
  const out = new Set<number>();
  const subtables = Array.from({ length: t.readUInt16BE(2) }, (_, i) => ({
    id: `${t.readUInt16BE(4 + i * 8)}/${t.readUInt16BE(6 + i * 8)}`,
    off: t.readUInt32BE(8 + i * 8),
  }));
  const pick = subtables.find((s) => s.id === '3/10') ?? subtables.find((s) => s.id === '3/1' || s.id === '0/3');
  if (!pick) throw new Error('no unicode cmap subtable');
  const s = t.subarray(pick.off);
  const format = s.readUInt16BE(0);
  if (format === 12) {
    for (let g = 0, n = s.readUInt32BE(12); g < n; g++) {
      const [start, end] = [s.readUInt32BE(16 + g * 12), s.readUInt32BE(20 + g * 12)];
      for (let c = start; c <= end; c++) out.add(c);
    }
  } else if (format === 4) {
    const segs = s.readUInt16BE(6) / 2;
    const [ends, starts, deltas, rangeOffs] = [14, 16 + segs * 2, 16 + segs * 4, 16 + segs * 6];
    for (let i = 0; i < segs; i++) {
      const [start, end] = [s.readUInt16BE(starts + i * 2), s.readUInt16BE(ends + i * 2)];
      const delta = s.readUInt16BE(deltas + i * 2);
      const ro = s.readUInt16BE(rangeOffs + i * 2);
      for (let c = start; c <= end && c !== 0xffff; c++) {
        const gid = ro === 0 ? (c + delta) & 0xffff : s.readUInt16BE(rangeOffs + i * 2 + ro + (c - start) * 2);
        if (gid !== 0) out.add(c);
      }
    }
  } else throw new Error(`unsupported cmap format ${format}`);
  return out;
}

// ---------- Browser side (kept as a plain JS string so tsx/esbuild helpers never leak in)
interface RawGlyph { id: number; data: string; glyphWidth: number; glyphHeight: number; glyphLeft: number; glyphTop: number; glyphAdvance: number }
interface Job { fonts: { family: string; weight: number; b64: string }[]; families: string; weight: number; sdf: typeof SDF; ids: number[] }

const BROWSER_FN = `async (job) => {
  ${readFileSync(TINY_SDF, 'utf8').replace('export default class TinySDF', 'class TinySDF')}
  for (const f of document.fonts.size === 0 ? job.fonts : []) {
    const bytes = Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0));
    const face = new FontFace(f.family, bytes, { weight: String(f.weight) });
    await face.load();
    document.fonts.add(face);
  }
  await document.fonts.ready;
  const sdf = new TinySDF({ ...job.sdf, fontFamily: job.families, fontWeight: String(job.weight) });
  return job.ids.map((id) => {
    const g = sdf.draw(String.fromCodePoint(id));
    let bin = '';
    for (const b of g.data) bin += String.fromCharCode(b);
    return { id, data: btoa(bin), glyphWidth: g.glyphWidth, glyphHeight: g.glyphHeight,
      glyphLeft: g.glyphLeft, glyphTop: g.glyphTop, glyphAdvance: g.glyphAdvance };
  });
}`;

// ---------- PBF encoding (glyphs.proto: glyphs { fontstack stacks = 1 })
function encodeRange(stack: string, start: number, glyphs: RawGlyph[]): Uint8Array {
  const pbf = new Pbf();
  pbf.writeMessage(1, (_: unknown, p: Pbf) => {
    p.writeStringField(1, stack);
    p.writeStringField(2, `${start}-${start + 255}`);
    for (const g of glyphs) {
      p.writeMessage(3, (_g: unknown, q: Pbf) => {
        q.writeVarintField(1, g.id);
        const empty = g.glyphWidth === 0 || g.glyphHeight === 0;
        if (!empty) q.writeBytesField(2, Buffer.from(g.data, 'base64'));
        q.writeVarintField(3, empty ? 0 : g.glyphWidth);
        q.writeVarintField(4, empty ? 0 : g.glyphHeight);
        q.writeSVarintField(5, empty ? 0 : g.glyphLeft);
        q.writeSVarintField(6, empty ? 0 : g.glyphTop - TOP_ADJUSTMENT);
        q.writeVarintField(7, Math.round(g.glyphAdvance));
      }, null);
    }
  }, null);
  return pbf.finish();
}

async function main(): Promise<void> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  rmSync(OUT, { recursive: true, force: true });
  try {
    for (const stack of STACKS) {
      const fonts = SUBSETS.map((subset) => {
        const buf = readFileSync(join(FONT_DIR, `noto-sans-${subset}-${stack.weight}-normal.woff2`));
        return { family: `Watchfloor Noto ${subset}`, weight: stack.weight, b64: buf.toString('base64'), cps: woff2Codepoints(buf) };
      });
      const page = await browser.newPage();
      page.on('request', (r) => console.warn(`unexpected request: ${r.url()}`));
      for (const start of RANGES) {
        // Only codepoints the font really has; skip control (Cc) and format (Cf) characters.
        const ids = Array.from({ length: 256 }, (_, i) => start + i).filter((c) =>
          fonts.some((f) => f.cps.has(c)) && !/^[\p{Cc}\p{Cf}]$/u.test(String.fromCodePoint(c)));
        const job: Job = {
          fonts: fonts.map(({ family, weight, b64 }) => ({ family, weight, b64 })),
          families: fonts.map((f) => `"${f.family}"`).join(', '),
          weight: stack.weight, sdf: SDF, ids,
        };
        const glyphs = (await page.evaluate(`(${BROWSER_FN})(${JSON.stringify(job)})`)) as RawGlyph[];
        const dir = join(OUT, stack.name);
        mkdirSync(dir, { recursive: true });
        const file = join(dir, `${start}-${start + 255}.pbf`);
        const bytes = encodeRange(stack.name, start, glyphs);
        writeFileSync(file, bytes);
        console.log(`wrote ${file} (${glyphs.length} glyphs, ${bytes.length} bytes)`);
      }
      await page.close();
    }
  } finally {
    await browser.close();
  }
}

await main();
