import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkApplied, loadMigrations } from './migrate.js';

const files = loadMigrations();
const applied = (n: number) => files.slice(0, n).map(({ version, name, checksum }) => ({ version, name, checksum }));

describe('checkApplied', () => {
  it('accepts any prefix of the files, including none and all', () => {
    for (let n = 0; n <= files.length; n++) expect(() => checkApplied(applied(n), files)).not.toThrow();
  });
  it('refuses more applied migrations than files', () => {
    const extra = [...applied(files.length), { version: files.length + 1, name: 'later', checksum: 'x' }];
    expect(() => checkApplied(extra, files)).toThrow(/newer than this Watchfloor.*later/);
  });
  it('refuses an applied migration whose name or checksum differs', () => {
    expect(() => checkApplied([{ ...applied(1)[0]!, checksum: 'other' }], files)).toThrow(/not a prefix.*migration 1/);
    expect(() => checkApplied([{ ...applied(1)[0]!, name: 'renamed' }], files)).toThrow(/"renamed"/);
  });
});

describe('loadMigrations', () => {
  it('numbers the shipped files 1..n and checksums their text', () => {
    expect(files.map((f) => f.version)).toEqual(files.map((_, i) => i + 1));
    for (const f of files) expect(f.checksum).toMatch(/^[0-9a-f]{64}$/);
  });
  it('refuses a gap or a badly named file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wf-mig-'));
    writeFileSync(join(dir, '0001_a.sql'), 'SELECT 1');
    writeFileSync(join(dir, '0003_c.sql'), 'SELECT 1');
    expect(() => loadMigrations(dir)).toThrow(/0003_c.sql must be named 0002_name.sql/);
  });
});
