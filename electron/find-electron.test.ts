import { describe, expect, it } from 'vitest';
import { findElectron, type ElectronLookup } from './find-electron.js';

const pkg = '/app/node_modules/electron/package.json';
function look(files: Record<string, string>, env: NodeJS.ProcessEnv = { DISPLAY: ':0' }): ElectronLookup & { required: string[] } {
  const required: string[] = [];
  return {
    required,
    resolve: (id) => {
      required.push(id);
      if (id === 'electron/package.json' && pkg in files) return pkg;
      throw new Error(`Cannot find module '${id}'`);
    },
    exists: (p) => p in files,
    read: (p) => files[p]!,
    platform: 'linux',
    env,
  };
}

describe('findElectron', () => {
  it('finds the downloaded runtime without loading the package (which would download it)', () => {
    const l = look({ [pkg]: '{}', '/app/node_modules/electron/path.txt': 'electron', '/app/node_modules/electron/dist/electron': '' });
    expect(findElectron(l)).toEqual({ path: '/app/node_modules/electron/dist/electron' });
    expect(l.required).toEqual(['electron/package.json']);
  });
  it('says why not: no package, no runtime downloaded, no display', () => {
    expect(findElectron(look({}))).toEqual({ why: expect.stringMatching(/not installed.*Node 22.12/) });
    expect(findElectron(look({ [pkg]: '{}' }))).toEqual({ why: expect.stringMatching(/not downloaded.*npx install-electron/) });
    expect(findElectron(look({ [pkg]: '{}', '/app/node_modules/electron/path.txt': 'electron' }))).toEqual({ why: expect.stringMatching(/not downloaded/) });
    const all = { [pkg]: '{}', '/app/node_modules/electron/path.txt': 'electron', '/app/node_modules/electron/dist/electron': '' };
    expect(findElectron(look(all, {}))).toEqual({ why: expect.stringMatching(/no desktop display/) });
  });
});
