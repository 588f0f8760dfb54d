// One console in a process of its own (as on another machine), for the cluster test and bench.
// Run as a script with BROKER_URL and DATABASE_URL set, it prints "ready", then "ingest" once it
// holds the ingest duty (and "standby" when it gives it up); it stops on SIGTERM (and dies on
// SIGKILL, as a crashed console would). DATA_DIR and CLIENT_ID give it a data folder (for its
// outbox) and a broker client id that stay the same across restarts.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Starts one; resolves once it has started. `nice`: at the lowest CPU priority; `cpu`: on that CPU only. Either stands in for a machine of
 * its own (the benchmark's consoles share two cores).
 */
export async function consoleProcess(brokerUrl: string, databaseUrl: string, keep: { dataDir?: string; clientId?: string; nice?: boolean; cpu?: number } = {}): Promise<ChildProcess & { output: string[] }> {
  const node = [process.execPath, '--import', 'tsx', fileURLToPath(import.meta.url)];
  const pinned = keep.cpu === undefined ? node : ['taskset', '-c', String(keep.cpu), ...node];
  const [cmd, ...args] = keep.nice ? ['nice', '-n', '19', ...pinned] : pinned;
  const p = spawn(cmd!, args, {
    env: { ...process.env, BROKER_URL: brokerUrl, DATABASE_URL: databaseUrl, DATA_DIR: keep.dataDir ?? '', CLIENT_ID: keep.clientId ?? '' }, stdio: ['ignore', 'pipe', 'inherit'],
  }) as ChildProcess & { output: string[] };
  p.output = [];
  await new Promise<void>((ok, fail) => {
    p.stdout!.on('data', (d: Buffer) => (p.output.push(d.toString()), d.toString().includes('ready') && ok()));
    p.once('exit', (code) => fail(new Error(`a console process exited with ${code}`)));
  });
  return p;
}

if (process.env.BROKER_URL && process.argv[1] === fileURLToPath(import.meta.url)) {
  const { openPostgres } = await import('../../db/index.js');
  const { startConsole } = await import('./console.js');
  const dataDir = process.env.DATA_DIR || undefined;
  const c = await startConsole(process.env.BROKER_URL, dataDir ? { dataDir } : {}, await openPostgres(process.env.DATABASE_URL!), undefined, process.env.CLIENT_ID || undefined);
  process.stdout.write('ready\n');
  c.core.duties.onChange((duty, held) => void (duty === 'ingest' && process.stdout.write(held ? 'ingest\n' : 'standby\n')));
  if (c.core.duties.holds('ingest')) process.stdout.write('ingest\n');
  process.on('SIGTERM', () => void c.stop().finally(() => process.exit(0)));
}
