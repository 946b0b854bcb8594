import type SQLite from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/**
 * better-sqlite3 for Kysely's `SqliteDialect`, with prepared statements kept. Kysely's SQLite
 * connection calls `prepare(sql)` for every query, so each query would be parsed and planned
 * again; here a statement is prepared once per SQL text (least recently used out past `max`).
 * Reader statements run in raw mode and their rows are built here from the column names,
 * which is cheaper than better-sqlite3 defining each property of each row through V8.
 * (Duplicate column names keep the last value, as better-sqlite3's own rows do.)
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
    // One object literal per statement, made once: rows then share a V8 shape, where adding
    // the columns one by one leaves each row a slow dictionary. Names are JSON-quoted.
    const toRow = new Function(
      'v',
      `return { ${columns.map((name, i) => `${JSON.stringify(name)}: v[${i}]`).join(', ')} };`,
    ) as (values: unknown[]) => Record<string, unknown>;
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
