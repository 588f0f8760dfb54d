import pg from 'pg';
import { inject } from 'vitest';
import { migrate, openPostgres, type Db } from '../../db/index.js';
import { scratchPostgresUrl } from './engines.js';

/**
 * A scratch database migrated by its owner, and a login role granted `watchfloor_console` (see
 * 0012_audit_guard.sql) connected to it, as a console on a central database connects. `drop`
 * closes both and removes the role.
 */
export async function consoleRole(suffix: string): Promise<{ name: string; owner: Db; console: Db; drop: () => Promise<void> }> {
  const role = `${inject('pgPrefix')}_${suffix}`.toLowerCase();
  const admin = async (sql: string) => {
    const a = new pg.Client({ connectionString: inject('pgAdminUrl') });
    await a.connect();
    await a.query(sql).finally(() => a.end());
  };
  const url = await scratchPostgresUrl();
  const owner = await openPostgres(url);
  await migrate(owner);
  await admin(`CREATE ROLE "${role}" LOGIN IN ROLE watchfloor_console`);
  const asConsole = new URL(url);
  asConsole.username = role;
  asConsole.password = '';
  const console_ = await openPostgres(asConsole.toString());
  return {
    name: role,
    owner,
    console: console_,
    drop: async () => {
      await console_.close().catch(() => {});
      await owner.close();
      await admin(`DROP ROLE IF EXISTS "${role}"`);
    },
  };
}
