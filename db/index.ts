export type { Db, DbMode, Queryable } from './types.js';
export { DbError } from './errors.js';
export { openDb, type OpenDbOptions } from './open.js';
export { openPglite } from './pglite.js';
export { openPostgres, redactUrl } from './postgres.js';
export { migrate, migrationLevel, loadMigrations, checkApplied, type Migration } from './migrate.js';
export { faultDb } from './fault.js';
export { PACKAGE_ROOT } from './paths.js';
export { closeFolder, ownerOnlyFromNowOn, type ModeRepair } from './file-modes.js';
