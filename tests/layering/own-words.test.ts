// A schema's own words for one of zod's checks go through `own` (core/contract/errors), so the
// renderer can word them in the operator's language: a literal message there would stay English.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');

describe("core's own words for bad input", () => {
  it('are made with `own` for every check in core that has some (a config file, read before any console, stays English)', () => {
    const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [join(dir, e.name)] : []);
    const literal = /\.(min|max|length|regex|email|url|datetime|int|finite|positive|nonnegative|gte|lte|refine)\((?:[^()]|\([^()]*\))*,\s*['`]|message:\s*['`]/;
    const found = files(join(root, 'core')).filter((f) => !f.endsWith('core/config.ts')).flatMap((f) =>
      readFileSync(f, 'utf8').split('\n').flatMap((line, n) => (literal.test(line) ? [`${relative(root, f)}:${n + 1}: ${line.trim()}`] : [])));
    expect(found).toEqual([]);
  });
});
