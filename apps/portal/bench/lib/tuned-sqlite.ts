import type SQLite from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

export type RowMode = 'objects' | 'arrays' | 'generated';

/** Time spent on one SQL text: preparing it and running it. */
export interface StatementTiming {
  prepares: number;
  runs: number;
  prepareUs: number;
  runUs: number;
}

/**
 * better-sqlite3 as kysely's `SqliteDialect` database, with the two changes this bench proposes
 * for `openDatabase` in src/db/dialect.ts:
 *
 * 1. (`cache`, default on) Prepared statements are kept, least recently used out past
 *    `maxStatements`: kysely's SqliteConnection calls `prepare(sql)` for every query, so each
 *    query is parsed and planned again, and each execution leaves a native statement behind
 *    for the GC to find.
 * 2. (`rows: 'arrays'`) A reader statement is run in raw mode and its rows are built in JS from
 *    the statement's column names: better-sqlite3 defines each column of each row object through
 *    the V8 API, the largest single cost of reading 50 wide complaint rows.
 *    (`rows: 'generated'`) The same, each row built by a function made once per statement that
 *    returns an object literal of its columns: one hidden class, no keyed stores (assigning
 *    `row[name]` column by column costs ~0.2 µs per column on 33-column complaint rows).
 *
 * Safe with kysely because SQLite has one connection behind a mutex: no statement is run by two
 * queries at once (a `stream()` holds the connection until it is done).
 * With `timings`, the time of every prepare and run is added up per SQL text (a diagnostic).
 */
export function tunedDatabase(
  sqlite: SQLite.Database,
  options: {
    cache?: boolean;
    maxStatements?: number;
    rows?: RowMode;
    timings?: Map<string, StatementTiming>;
  } = {},
): SqliteDatabase {
  const max = options.maxStatements ?? 500;
  const cache = new Map<string, SqliteStatement>();
  const timings = options.timings;
  const timingOf = (sql: string): StatementTiming => {
    let t = timings?.get(sql);
    if (!t) {
      t = { prepares: 0, runs: 0, prepareUs: 0, runUs: 0 };
      timings?.set(sql, t);
    }
    return t;
  };
  const timed = <T>(sql: string, fn: () => T): T => {
    if (!timings) return fn();
    const started = performance.now();
    try {
      return fn();
    } finally {
      const t = timingOf(sql);
      t.runs++;
      t.runUs += (performance.now() - started) * 1000;
    }
  };
  const wrap = (sql: string, stmt: SQLite.Statement): SqliteStatement => {
    if (stmt.reader && (options.rows === 'arrays' || options.rows === 'generated')) {
      const columns = stmt.columns().map((c) => c.name);
      stmt.raw(true);
      const toRow =
        options.rows === 'generated'
          ? (new Function(
              'v',
              `return { ${columns.map((c, i) => `${JSON.stringify(c)}: v[${i}]`).join(', ')} };`,
            ) as (values: unknown[]) => Record<string, unknown>)
          : (values: unknown[]) => {
              const row: Record<string, unknown> = {};
              for (let i = 0; i < columns.length; i++) row[columns[i]!] = values[i];
              return row;
            };
      return {
        reader: true,
        all: (parameters) => timed(sql, () => (stmt.all(parameters) as unknown[][]).map(toRow)),
        run: (parameters) => timed(sql, () => stmt.run(parameters)),
        *iterate(parameters) {
          for (const values of stmt.iterate(parameters) as IterableIterator<unknown[]>) yield toRow(values);
        },
      };
    }
    if (!timings) return stmt as unknown as SqliteStatement;
    return {
      reader: stmt.reader,
      all: (parameters) => timed(sql, () => stmt.all(parameters)),
      run: (parameters) => timed(sql, () => stmt.run(parameters)),
      iterate: (parameters) => stmt.iterate(parameters),
    };
  };
  const prepare = (sql: string) => {
    if (!timings) return wrap(sql, sqlite.prepare(sql));
    const started = performance.now();
    const stmt = sqlite.prepare(sql);
    const t = timingOf(sql);
    t.prepares++;
    t.prepareUs += (performance.now() - started) * 1000;
    return wrap(sql, stmt);
  };
  return {
    close: () => sqlite.close(),
    prepare(sql) {
      if (options.cache === false) return prepare(sql);
      let stmt = cache.get(sql);
      if (stmt) {
        cache.delete(sql);
      } else {
        stmt = prepare(sql);
        if (cache.size >= max) cache.delete(cache.keys().next().value!);
      }
      cache.set(sql, stmt);
      return stmt;
    },
  };
}
