import pg from 'pg';
import type { TestProject } from 'vitest/node';

/**
 * Finds a PostgreSQL server (DATABASE_URL, else 127.0.0.1:5432) for the
 * database tests. Each test database is created under this run's prefix and
 * every one of them is dropped at the end. Without a server the PostgreSQL
 * half of the tests is skipped and says so.
 */
export default async function setup(project: TestProject) {
  const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const prefix = `wf_test_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch (err) {
    if (process.env.DATABASE_URL) throw new Error(`DATABASE_URL is set but does not answer: ${(err as Error).message}`);
    // CI installs and starts PostgreSQL (.ci/run): there, a missing server fails the run instead of skipping half of it.
    if (process.env.CI === 'true') throw new Error(`CI=true but PostgreSQL does not answer at 127.0.0.1:5432: ${(err as Error).message}`);
    process.stderr.write(`PostgreSQL not reachable at 127.0.0.1:5432 (${(err as Error).message}): PostgreSQL tests are skipped.\n`);
    project.provide('pgAdminUrl', '');
    project.provide('pgPrefix', prefix);
    return;
  }
  project.provide('pgAdminUrl', adminUrl);
  project.provide('pgPrefix', prefix);
  return async () => {
    const { rows } = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${prefix}%`]);
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await admin.end();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgPrefix: string;
  }
}
