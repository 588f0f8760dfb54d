import { createRequire } from 'node:module';
import { join } from 'node:path';
import { cruise, type ICruiseResult, type IConfiguration } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';

const rules = createRequire(import.meta.url)('../layering.cjs') as IConfiguration;
const fixture = join(import.meta.dirname, 'fixture');

/** The same rules `npm run layers` applies to the repository, run on a small tree that breaks each of them. */
describe('layering check', () => {
  it('flags every import that crosses a layer the wrong way, and nothing else', async () => {
    const { output } = await cruise(['core', 'db', 'renderer'], { ruleSet: rules, baseDir: fixture, ...rules.options, validate: true });
    const found = (output as ICruiseResult).summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
    expect(found).toEqual([
      'contract-is-pure: core/contract/bad.ts → core/boot.ts',
      'contract-is-pure: core/contract/bad.ts → fs',
      'core-no-import-circle: core/circle-a.ts → core/circle-b.ts',
      'core-not-electron-or-renderer: core/bad.ts → electron',
      'core-not-electron-or-renderer: core/bad.ts → renderer/ok.ts',
      'core-uses-db-index-only: core/bad.ts → db/migrate.ts',
      'db-imports-nothing-of-ours: db/migrate.ts → core/boot.ts',
      'renderer-no-node: renderer/bad.ts → path',
      'renderer-only-contract-and-types: renderer/bad.ts → core/boot.ts',
      'simulator-talks-mqtt-only: core/simulator/bad.ts → core/boot.ts',
    ]);
  });
});
