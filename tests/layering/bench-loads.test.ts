// `npm run bench` is not part of `npm test`, so nothing else notices when a bench module stops loading
// (the 'window' section's import of the renderer's client, whose words use Svelte's runes, once broke
// every section). Asked for a section that does not exist, the runner loads every section's modules,
// names the sections and runs none.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

it('loads every bench section the way npm run bench does', () => {
  const script = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.bench!;
  expect(script).toMatch(/^tsx /);
  const args = [join(root, 'node_modules/tsx/dist/cli.mjs'), ...script.split(' ').slice(1), 'no-such-section'];
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', timeout: 120_000 });
  expect(r.stderr).toContain('bench: no section no-such-section; the sections are startup, audit');
  expect(r.status).toBe(0);
  expect(JSON.parse(r.stdout)).toMatchObject({ results: {} });
}, 150_000);
