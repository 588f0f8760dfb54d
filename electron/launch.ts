// `npm start` / `npm run serve`: build when the sources changed, then open the
// console in Electron when its runtime is here, else in the browser host.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PACKAGE_ROOT } from '../db/index.js';
import { findElectron } from './find-electron.js';

const root = PACKAGE_ROOT;
const outputs = ['out/main/main.js', 'out/main/core.js', 'out/main/host.js', 'out/main/template.js', 'out/preload/preload.cjs', 'out/renderer/index.html'].map((f) => join(root, f));
const sources = ['renderer', 'core', 'db', 'electron', 'electron.config.ts', 'package.json'].map((f) => join(root, f));

function newestMtime(path: string): number {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

function buildIfStale(): void {
  const built = outputs.every(existsSync) ? Math.min(...outputs.map((f) => statSync(f).mtimeMs)) : 0;
  if (built >= Math.max(...sources.map(newestMtime))) return;
  process.stdout.write('Building the console (sources changed since the last build)…\n');
  const cli = join(root, 'node_modules/electron-vite/bin/electron-vite.js');
  const r = spawnSync(process.execPath, [cli, 'build', '--config', 'electron.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
  // The embedded database a first start copies (db/template.ts); remade only when the migrations changed.
  const t = spawnSync(process.execPath, [join(root, 'out/main/template.js')], { cwd: root, stdio: 'inherit' });
  if (t.status !== 0) process.exit(t.status ?? 1);
}

buildIfStale();
// `npm start -- --field[=manufacturer/serialNumber]`: a technician's laptop at one robot (README, Field mode).
const field = process.argv.find((a) => a === '--field' || a.startsWith('--field='));
if (field) Object.assign(process.env, { WATCHFLOOR_FIELD: 'true' }, field.includes('=') ? { WATCHFLOOR_FIELD_VEHICLE: field.slice('--field='.length) } : {});
const electron = process.argv.includes('--browser') ? { why: '' } : findElectron();
if ('path' in electron) {
  const child = spawn(electron.path, ['.'], { cwd: root, stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  if (electron.why) process.env.WATCHFLOOR_FALLBACK_REASON = `${electron.why} Serving the console to your browser instead.`;
  // The browser host as built (core/host/cli.ts): a start compiles no TypeScript.
  await import(pathToFileURL(join(root, 'out/main/host.js')).href);
}
