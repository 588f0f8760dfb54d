import { describe, expect, it } from 'vitest';
import { safeJoin } from './static.js';

describe('safeJoin', () => {
  it('resolves paths inside the root', () => {
    expect(safeJoin('/srv/app', '/assets/a.js')).toBe('/srv/app/assets/a.js');
    expect(safeJoin('/srv/app', 'glyphs/Noto%20Sans%20Bold/0-255.pbf')).toBe('/srv/app/glyphs/Noto Sans Bold/0-255.pbf');
  });
  it('refuses anything that escapes it', () => {
    expect(safeJoin('/srv/app', '/../etc/passwd')).toBeUndefined();
    expect(safeJoin('/srv/app', '/%2e%2e/%2e%2e/etc/passwd')).toBeUndefined();
    expect(safeJoin('/srv/app', '/../app-other/x')).toBeUndefined();
    expect(safeJoin('/srv/app', '/a%00b')).toBeUndefined();
    expect(safeJoin('/srv/app', '/%E0%A4%A')).toBeUndefined();
  });
});
