import { DbError } from './errors.js';
import type { Db, DbMode } from './types.js';

/**
 * Stands in for a database that could not be opened, so the console still
 * starts and shows the reason instead of a blank window. Every call fails
 * with the original error.
 */
export function faultDb(mode: DbMode, location: string, error: DbError): Db {
  const fail = () => Promise.reject(error);
  return {
    mode,
    location,
    query: fail,
    exec: fail,
    transaction: fail,
    listen: fail,
    notify: fail,
    close: () => Promise.resolve(),
  };
}
