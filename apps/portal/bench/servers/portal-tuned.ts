/**
 * What-if: the portal exactly as bench/servers/portal.ts runs it, except that the database is
 * opened with bench/lib/tuned-sqlite.ts (the proposed change to `openDatabase`). Built the way
 * `openRuntime` builds a runtime (keep in step with src/deps.ts and src/db/dialect.ts); the
 * database is already migrated. BENCH_ROWS=arrays|objects.
 */
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { loadOrCreateKeys } from '../../src/auth/keys';
import { loadConfig } from '../../src/config';
import type { Database } from '../../src/db/database';
import type { Runtime } from '../../src/deps';
import { systemClock } from '../../src/http/clock';
import { jsonLogger } from '../../src/logger';
import { startServer } from '../../src/server';
import { CalendarStore } from '../../src/sla/calendar-store';
import { type RowMode, tunedDatabase } from '../lib/tuned-sqlite';
import { announce } from './ipc';

const config = loadConfig(process.env);
const sqlite = new SQLite(config.databaseUrl.slice('sqlite:'.length));
sqlite.pragma('journal_mode = WAL');
sqlite.pragma('synchronous = NORMAL');
sqlite.pragma('foreign_keys = ON');
sqlite.pragma('busy_timeout = 5000');
const rows = (process.env.BENCH_ROWS ?? 'arrays') as RowMode;
const db = new Kysely<Database>({
  dialect: new SqliteDialect({ database: tunedDatabase(sqlite, { rows }) }),
});
const runtime: Runtime = {
  db,
  dialect: 'sqlite',
  keys: await loadOrCreateKeys(config.dataDir),
  clock: systemClock,
  config,
  log: jsonLogger(),
  calendars: new CalendarStore(db),
  close: () => db.destroy(),
};
const server = await startServer(runtime, { port: 0, hostname: '127.0.0.1' });
announce(server.port, async () => {
  await server.close();
  await runtime.close();
});
