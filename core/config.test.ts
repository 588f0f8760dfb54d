import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDataDir, loadConfig } from './config.js';

const dir = () => mkdtempSync(join(tmpdir(), 'wf-config-'));

describe('loadConfig', () => {
  it('uses defaults: embedded database in the data folder, port 4780', () => {
    const c = loadConfig({ WATCHFLOOR_DATA_DIR: dir() });
    expect(c).toMatchObject({ port: 4780, logLevel: 'info', openBrowser: true, liveFeedMs: 50 });
    expect(c.databaseUrl).toBeUndefined();
  });
  it('lets the environment override the config file, which overrides defaults', () => {
    const d = dir();
    writeFileSync(join(d, 'watchfloor.json'), JSON.stringify({ port: 5000, logLevel: 'debug' }));
    const c = loadConfig({ WATCHFLOOR_DATA_DIR: d, WATCHFLOOR_PORT: '6000', WATCHFLOOR_OPEN_BROWSER: 'false' });
    expect(c).toMatchObject({ port: 6000, logLevel: 'debug', openBrowser: false });
  });
  it('takes the field vehicle as manufacturer/serialNumber and refuses anything else, saying so', () => {
    expect(loadConfig({ WATCHFLOOR_DATA_DIR: dir(), WATCHFLOOR_FIELD: 'true', WATCHFLOOR_FIELD_VEHICLE: 'Acme/r-7' }).fieldVehicle).toBe('Acme/r-7');
    for (const bad of ['r-7', 'Acme/r-7/x', 'Acme/+', '/r-7']) {
      expect(() => loadConfig({ WATCHFLOOR_DATA_DIR: dir(), WATCHFLOOR_FIELD: 'true', WATCHFLOOR_FIELD_VEHICLE: bad })).toThrow(/fieldVehicle: must be manufacturer\/serialNumber/);
    }
  });
  it('reads DATABASE_URL as the central database', () => {
    expect(loadConfig({ WATCHFLOOR_DATA_DIR: dir(), DATABASE_URL: 'postgres://db.local/wf' }).databaseUrl).toBe('postgres://db.local/wf');
  });
  it('names the bad setting and where it came from', () => {
    expect(() => loadConfig({ WATCHFLOOR_DATA_DIR: dir(), WATCHFLOOR_PORT: '99999' })).toThrow(/port:/);
    expect(() => loadConfig({ WATCHFLOOR_DATA_DIR: dir(), WATCHFLOOR_LIVE_FEED_MS: '5' })).toThrow(/liveFeedMs:/);
    expect(loadConfig({ WATCHFLOOR_DATA_DIR: dir(), WATCHFLOOR_LIVE_FEED_MS: '100' }).liveFeedMs).toBe(100);
    const d = dir();
    writeFileSync(join(d, 'watchfloor.json'), '{ not json');
    expect(() => loadConfig({ WATCHFLOOR_DATA_DIR: d })).toThrow(/watchfloor.json is not valid JSON/);
    writeFileSync(join(d, 'watchfloor.json'), JSON.stringify({ prot: 1 }));
    expect(() => loadConfig({ WATCHFLOOR_DATA_DIR: d })).toThrow(/prot/);
    expect(() => loadConfig({ WATCHFLOOR_DATA_DIR: d, WATCHFLOOR_CONFIG: join(d, 'missing.json') })).toThrow(/does not exist/);
  });
  it('reads boolean settings strictly: true/false, 1/0, yes/no, and refuses anything else by name', () => {
    const d = dir();
    for (const [text, value] of [['true', true], ['1', true], ['yes', true], ['YES', true], ['false', false], ['0', false], ['no', false]] as const) {
      expect(loadConfig({ WATCHFLOOR_DATA_DIR: d, WATCHFLOOR_DEMO: text, WATCHFLOOR_OPEN_BROWSER: text })).toMatchObject({ demo: value, openBrowser: value });
    }
    for (const text of ['disabled', 'n', 'off', 'nope', 'tru']) {
      expect(() => loadConfig({ WATCHFLOOR_DATA_DIR: d, WATCHFLOOR_DEMO: text })).toThrow(`demo: must be true/false, 1/0 or yes/no, not "${text}" (set by WATCHFLOOR_DEMO)`);
      expect(() => loadConfig({ WATCHFLOOR_DATA_DIR: d, WATCHFLOOR_OPEN_BROWSER: text })).toThrow(/openBrowser: must be true\/false/);
    }
    // JSON: a string "false" means false (it used to switch demo mode on); other strings and numbers are refused.
    writeFileSync(join(d, 'watchfloor.json'), JSON.stringify({ demo: 'false' }));
    expect(loadConfig({ WATCHFLOOR_DATA_DIR: d }).demo).toBe(false);
    writeFileSync(join(d, 'watchfloor.json'), JSON.stringify({ demo: false, openBrowser: 0 }));
    expect(loadConfig({ WATCHFLOOR_DATA_DIR: d })).toMatchObject({ demo: false, openBrowser: false });
    for (const bad of ['disabled', 2, null, {}]) {
      writeFileSync(join(d, 'watchfloor.json'), JSON.stringify({ demo: bad }));
      expect(() => loadConfig({ WATCHFLOOR_DATA_DIR: d })).toThrow(/demo: /);
    }
    // Unset, demo mode is left for boot to decide (core/demo-mode.ts).
    expect(loadConfig({ WATCHFLOOR_DATA_DIR: dir() }).demo).toBeUndefined();
  });
  it('puts data where each platform keeps application data', () => {
    expect(defaultDataDir({ XDG_DATA_HOME: '/x' }, 'linux')).toBe(join('/x', 'watchfloor'));
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32')).toMatch(/Watchfloor$/);
    expect(defaultDataDir({}, 'darwin')).toMatch(/Library\/Application Support\/Watchfloor$/);
  });
});
