// A client's side of a transfer, as the renderer does it: files sent in chunks, progress
// polled, files read back a chunk at a time.
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { TRANSFER_CHUNK_BYTES, type TransferStatus } from '../../core/contract/index.js';
import type { Core } from '../../core/index.js';

type Api = ReturnType<Core['caller']>;

export async function settled(api: Api, id: string, timeoutMs = 600_000, seen?: (s: TransferStatus) => void): Promise<TransferStatus> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const s = await api.transfer.status({ id });
    seen?.(s);
    if (s.state !== 'running') return s;
    if (Date.now() > until) throw new Error(`transfer still ${s.phase} after ${timeoutMs} ms (${s.done}/${s.total})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Uploads files from disk in 512 KiB chunks; returns the transfer once core has previewed them. */
export async function uploadFiles(api: Api, siteId: string, files: Array<{ name: string; path: string; bytes: number }>, timeoutMs?: number) {
  const start = await api.transfer.open311Upload({ siteId, files: files.map(({ name, bytes }) => ({ name, bytes })) });
  for (const [i, f] of files.entries()) {
    let offset = 0;
    for await (const chunk of createReadStream(f.path, { highWaterMark: TRANSFER_CHUNK_BYTES })) {
      await api.transfer.open311Chunk({ id: start.id, file: i, offset, data: (chunk as Buffer).toString('base64') });
      offset += (chunk as Buffer).length;
    }
  }
  return settled(api, start.id, timeoutMs);
}

/** Reads a finished transfer's file to `path`, chunk by chunk; returns the bytes written. */
export async function downloadTo(api: Api, id: string, file: number, path: string): Promise<number> {
  const out = createWriteStream(path);
  let offset: number | null = 0;
  let bytes = 0;
  while (offset !== null) {
    const chunk = await api.transfer.read({ id, file, offset });
    const buf = Buffer.from(chunk.data, 'base64');
    bytes += buf.length;
    if (!out.write(buf)) await once(out, 'drain');
    offset = chunk.next;
  }
  out.end();
  await once(out, 'finish');
  return bytes;
}

/** `n` GeoReport v2 requests near the demo site, as a JSON or XML file written line by line. */
export async function writeRequestsFile(path: string, n: number, format: 'json' | 'xml', bad?: (i: number) => Record<string, unknown> | null, prefix = 'BULK'): Promise<number> {
  const out = createWriteStream(path);
  const put = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  await put(format === 'json' ? '[\n' : '<?xml version="1.0" encoding="utf-8"?>\n<service_requests>\n');
  for (let i = 0; i < n; i++) {
    const rec: Record<string, unknown> = bad?.(i) ?? {
      service_request_id: `${prefix}-${i}`, status: i % 3 ? 'open' : 'closed', service_name: 'Pothole', service_code: 'pothole',
      description: `Pothole number ${i} near the gate`, requested_datetime: new Date(Date.UTC(2026, 9, 1) + i * 60_000).toISOString().replace('.000', ''),
      address: `Dr. Cuyperslaan ${i % 200}, Eindhoven`, lat: 51.44 + (i % 100) / 10_000, long: 5.47 + Math.floor(i / 100) / 100_000,
    };
    if (format === 'json') await put((i ? ',\n' : '') + JSON.stringify(rec));
    else await put(`  <request>${Object.entries(rec).map(([k, v]) => `<${k}>${String(v).replace(/&/g, '&amp;').replace(/</g, '&lt;')}</${k}>`).join('')}</request>\n`);
  }
  await put(format === 'json' ? '\n]\n' : '</service_requests>\n');
  out.end();
  await once(out, 'finish');
  return out.bytesWritten;
}
