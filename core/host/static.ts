import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.geojson': 'application/geo+json',
  '.pbf': 'application/x-protobuf',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
};

/** Resolves a URL path inside `root`; undefined for anything that escapes it. */
export function safeJoin(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const full = normalize(join(root, decoded));
  return full === root || full.startsWith(root.endsWith(sep) ? root : root + sep) ? full : undefined;
}

/** Whether `file`, once every symbolic link in its path is resolved, is still inside `root`. */
export async function staysInside(root: string, file: string): Promise<boolean> {
  const [realRoot, real] = await Promise.all([realpath(root).catch(() => null), realpath(file).catch(() => null)]);
  if (!realRoot || !real) return false;
  return real === realRoot || real.startsWith(realRoot.endsWith(sep) ? realRoot : realRoot + sep);
}

/**
 * Sends a file of `root`; false when there is none, so the caller can answer 404.
 * A symbolic link leading out of `root` counts as none: a link planted in a served
 * folder must not hand out the user's other files.
 */
/**
 * How long a browser keeps a file: `immutable` for the build's hashed assets; `stale-ok` for the
 * shipped map, which a browser draws from its cache at once and checks in the background (a
 * restarted console draws its map before its busy first seconds are over); `no-cache` otherwise.
 */
const CACHE = {
  immutable: 'public, max-age=31536000, immutable',
  'stale-ok': 'max-age=0, stale-while-revalidate=604800',
  'no-cache': 'no-cache',
} as const;

export async function sendFile(res: ServerResponse, root: string, file: string, cache: keyof typeof CACHE): Promise<boolean> {
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile() || !(await staysInside(root, file))) return false;
  res.writeHead(200, {
    'Content-Type': types[extname(file)] ?? 'application/octet-stream',
    'Content-Length': info.size,
    'Cache-Control': CACHE[cache],
    'X-Content-Type-Options': 'nosniff',
  });
  await new Promise<void>((resolve, reject) => {
    createReadStream(file).on('error', reject).on('end', resolve).pipe(res);
  });
  return true;
}
