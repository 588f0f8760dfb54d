import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError } from '../errors.js';

/**
 * PostgreSQL's own client tools: WATCHFLOOR_PG_BIN names their folder, else
 * the PATH, else Debian's /usr/lib/postgresql/<version>/bin (newest first).
 */
export function pgTool(name: 'pg_dump' | 'pg_restore' | 'psql'): string {
  const dirs = [process.env.WATCHFLOOR_PG_BIN, ...(process.env.PATH ?? '').split(':')].filter((d): d is string => Boolean(d));
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) dirs.push(...readdirSync(debian).sort((a, b) => Number(b) - Number(a)).map((v) => join(debian, v, 'bin')));
  const found = dirs.map((d) => join(d, name)).find((p) => existsSync(p));
  if (!found) throw new DomainError('unavailable', { code: 'backup.pgToolMissing', params: { name } });
  return found;
}

/** Runs a tool to completion; its stderr becomes the error's message. */
export function runTool(tool: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(tool, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (b: Buffer) => (err += b.toString('utf8')));
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${tool.split('/').pop()} failed (exit ${code}): ${err.trim().slice(0, 2000)}`))));
  });
}

/**
 * pg_restore into psql, in one transaction. The script's header empties the
 * search_path; earthdistance's ll_to_earth (used by an index) then cannot find
 * its own `earth` type (a known flaw of the extension before PostgreSQL 17), so
 * the header names `public` instead. Everything else in the script is qualified.
 */
export function restoreThroughPsql(dump: string, url: string): Promise<void> {
  const restore = spawn(pgTool('pg_restore'), ['--no-password', '--file=-', dump], { stdio: ['ignore', 'pipe', 'pipe'] });
  const psql = spawn(pgTool('psql'), ['--no-psqlrc', '--quiet', '--no-password', '--single-transaction', '-v', 'ON_ERROR_STOP=1', `--dbname=${url}`, '--file=-'], { stdio: ['pipe', 'ignore', 'pipe'] });
  let head: Buffer | null = Buffer.alloc(0);
  restore.stdout.on('data', (b: Buffer) => {
    if (!head) return void psql.stdin.write(b);
    head = Buffer.concat([head, b]);
    if (head.length < 65536) return;
    psql.stdin.write(fixHeader(head));
    head = null;
  });
  restore.stdout.on('end', () => {
    if (head) psql.stdin.write(fixHeader(head));
    psql.stdin.end();
  });
  psql.stdin.on('error', () => {}); // psql stopped at an error: its exit code says so
  const done = (p: ReturnType<typeof spawn>, name: string) =>
    new Promise<void>((resolve, reject) => {
      let err = '';
      p.stderr!.on('data', (b: Buffer) => (err += b.toString('utf8')));
      p.on('error', reject);
      p.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${name} failed (exit ${code}): ${err.trim().slice(0, 2000)}`))));
    });
  return Promise.all([done(restore, 'pg_restore'), done(psql, 'psql')]).then(() => {});
}

const fixHeader = (b: Buffer) => Buffer.from(b.toString('utf8').replaceAll("set_config('search_path', '', false)", "set_config('search_path', 'public', false)"), 'utf8');
