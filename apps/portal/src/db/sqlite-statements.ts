import type SQLite from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/**
 * better-sqlite3 for Kysely's `SqliteDialect`, with prepared statements kept. Kysely's SQLite
 * connection calls `prepare(sql)` for every query, so each query would be parsed and planned
 * again; here a statement is prepared once per SQL text (least recently used out past `max`).
 * Reader statements run in raw mode and their rows are built here from the column names,
 * which is cheaper than better-sqlite3 defining each property of each row through V8.
 *
 * Safe because Kysely's SQLite driver holds one connection behind a mutex: no statement is
 * ever run by two queries at once.
 */
export function cachedStatements(sqlite: SQLite.Database, max = 500): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();

  const wrap = (stmt: SQLite.Statement): SqliteStatement => {
    if (!stmt.reader) return stmt as unknown as SqliteStatement;
    const columns = stmt.columns().map((c) => c.name);
    stmt.raw(true);
    const toRow = (values: unknown[]) => {
      const row: Record<string, unknown> = {};
      for (let i = 0; i < columns.length; i++) row[columns[i]!] = values[i];
      return row;
    };
    return {
      reader: true,
      all: (parameters) => (stmt.all(parameters) as unknown[][]).map(toRow),
      run: (parameters) => stmt.run(parameters),
      *iterate(parameters) {
        for (const values of stmt.iterate(parameters) as IterableIterator<unknown[]>) yield toRow(values);
      },
    };
  };

  return {
    close: () => sqlite.close(),
    prepare(sql) {
      let stmt = cache.get(sql);
      if (stmt) {
        cache.delete(sql);
      } else {
        stmt = wrap(sqlite.prepare(sql));
        if (cache.size >= max) cache.delete(cache.keys().next().value!);
      }
      cache.set(sql, stmt);
      return stmt;
    },
  };
}
