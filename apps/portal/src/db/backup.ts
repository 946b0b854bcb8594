import { randomBytes } from 'node:crypto';
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import SQLite from 'better-sqlite3';

/** A backup that cannot be made: the reason, for the operator (the CLI prints it). */
export class BackupRefused extends Error {}

export interface BackupResult {
  source: string;
  file: string;
  pages: number;
  bytes: number;
}

/**
 * A consistent online copy of the SQLite database at `databaseUrl` into `file`, with SQLite's
 * backup API (better-sqlite3's `backup`), while portal processes keep reading and writing it.
 * After a first step the rest is copied in one step: one read transaction, so the copy is the
 * database as of one commit (in WAL mode, writers go on meanwhile), and a write landing during
 * the copy cannot restart it. The copy is written beside `file` and renamed into place once it
 * passes `quick_check`, so a failed backup leaves no half file; an existing `file` is never
 * overwritten. PostgreSQL is refused: pg_dump is its online backup (docs/operations.md).
 */
export async function backupSqlite(databaseUrl: string, file: string): Promise<BackupResult> {
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new BackupRefused(
      'redress backup copies a SQLite database; on PostgreSQL use pg_dump (see docs/operations.md): pg_dump --format=custom --file=redress.dump "$DATABASE_URL"',
    );
  }
  if (!databaseUrl.startsWith('sqlite:')) throw new BackupRefused('DATABASE_URL is not a SQLite database');
  const source = databaseUrl.slice('sqlite:'.length);
  if (source === ':memory:') throw new BackupRefused('an in-memory database has nothing to back up');
  if (!existsSync(source)) throw new BackupRefused(`no database at ${source}`);
  const target = resolve(file);
  if (resolve(source) === target)
    throw new BackupRefused('the backup must be another file than the database');
  if (existsSync(target)) throw new BackupRefused(`${file} exists: choose a new name, or remove it first`);
  if (!existsSync(dirname(target))) throw new BackupRefused(`no folder ${dirname(target)}`);

  const partial = join(dirname(target), `.${basename(target)}.${randomBytes(4).toString('hex')}.partial`);
  const db = new SQLite(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const progress = await db.backup(partial, { progress: () => 0x7fffffff });
    const copy = new SQLite(partial, { fileMustExist: true });
    try {
      const check = copy.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw new Error(`the copy fails quick_check: ${String(check)}`);
      // The copy is one self-contained file: no WAL of its own to carry along.
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    renameSync(partial, target);
    return { source, file: target, pages: progress.totalPages, bytes: statSync(target).size };
  } catch (err) {
    for (const leftover of [partial, `${partial}-wal`, `${partial}-shm`, `${partial}-journal`]) {
      rmSync(leftover, { force: true });
    }
    throw err;
  } finally {
    db.close();
  }
}
