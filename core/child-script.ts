// For tests: runs an ES module script in a fresh Node process (TypeScript through tsx, from the package
// root), for what one process cannot show of itself (which modules it loaded, what it holds after a GC).
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

/** The JSON the script printed last; `gc`: with `--expose-gc`. */
export async function childScriptResult<T>(script: string, opts: { gc?: boolean } = {}): Promise<T> {
  const args = [...(opts.gc ? ['--expose-gc'] : []), '--import', 'tsx', '--input-type=module', '-e', script];
  const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: resolve(import.meta.dirname, '..') });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as T;
}
