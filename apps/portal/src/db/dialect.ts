import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Logger } from '../logger';
import { type Checkpointer, startCheckpointer } from './checkpointer';
import type { Database } from './database';
import { cachedStatements } from './sqlite-statements';
import { type Transact, transactor } from './transact';

export type DialectName = 'sqlite' | 'postgres';

export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}

/** What the metrics need to know of the database: a pool to read, or a SQLite file. */
export interface DatabaseProbe {
  pool?: () => PoolStats;
  sqlitePath?: string;
}

export interface Db {
  readonly db: Kysely<Database>;
  readonly dialect: DialectName;
  /** A transaction (group-committed on SQLite): see `transactor`. */
  readonly transact: Transact;
  /** SQLite with `backgroundCheckpoints`: the thread that checkpoints the WAL. */
  readonly checkpointer: Checkpointer | null;
  /** What the metrics read of the database: the pool's connections, or the SQLite file. */
  readonly probe: DatabaseProbe;
  close(): Promise<void>;
}

// int8 (bigint) columns hold epoch milliseconds and counters, all far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));

/**
 * The one place a dialect is chosen from `DATABASE_URL`:
 * `sqlite:<path>` / `sqlite::memory:` (better-sqlite3, WAL, foreign keys on) or `postgres://…`.
 */
export function openDatabase(
  url: string,
  options: {
    poolSize?: number;
    /** SQLite: checkpoint the WAL from a worker thread (the long-running commands do). */
    backgroundCheckpoints?: boolean;
    log?: Logger;
  } = {},
): Db {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const sqlite = new SQLite(path);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    const checkpointer: Checkpointer | null =
      options.backgroundCheckpoints && path !== ':memory:'
        ? startCheckpointer(sqlite, path, (message) =>
            options.log?.error('background checkpoints stopped; SQLite checkpoints inline again', {
              error: message,
            }),
          )
        : null;
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: cachedStatements(sqlite) }) });
    return {
      db,
      dialect: 'sqlite',
      transact: transactor(db, 'sqlite'),
      checkpointer,
      probe: path === ':memory:' ? {} : { sqlitePath: path },
      close: async () => {
        // The checkpointer's connection first: the last one to close checkpoints the WAL away.
        await checkpointer?.stop();
        await db.destroy();
      },
    };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      dialect: 'postgres',
      transact: transactor(db, 'postgres'),
      checkpointer: null,
      probe: { pool: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }) },
      close: () => db.destroy(),
    };
  }
  throw new Error(`DATABASE_URL must start with sqlite: or postgres:// (got ${url.split(':')[0]}:…)`);
}
