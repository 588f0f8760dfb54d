import pg from 'pg';
import { inject } from 'vitest';
import { openPglite, openPostgres, type Db } from '../../db/index.js';

let counter = 0;

/** A new, empty PostgreSQL database on the test server; dropped with the rest at the end of the run. */
export async function scratchPostgresUrl(): Promise<string> {
  const adminUrl = inject('pgAdminUrl');
  const name = `${inject('pgPrefix')}_${process.pid}_${++counter}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export interface Engine {
  name: 'pglite' | 'pglite-thread' | 'postgres';
  /** False when no PostgreSQL server answers: its tests show as skipped. */
  available: boolean;
  /** Opens an empty database of this engine. */
  fresh(): Promise<Db>;
}

export function engines(): Engine[] {
  return [
    { name: 'pglite', available: true, fresh: () => openPglite() },
    { name: 'postgres', available: Boolean(inject('pgAdminUrl')), fresh: async () => openPostgres(await scratchPostgresUrl()) },
  ];
}

/** PGlite on a thread of its own, as the hosts open it (db/open.ts). */
export const pgliteThread: Engine = { name: 'pglite-thread', available: true, fresh: () => openPglite(undefined, undefined, { thread: true }) };
