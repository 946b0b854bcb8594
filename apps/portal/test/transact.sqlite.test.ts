import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { startCheckpointer } from '../src/db/checkpointer';
import type { Database } from '../src/db/database';
import { openDatabase } from '../src/db/dialect';
import { MAX_GROUP, transactor } from '../src/db/transact';

/**
 * SQLite's group commit (db/transact.ts) and background checkpoints (db/checkpointer.ts), on
 * real SQLite databases: the calls gathered into one transaction, what each of them sees, and
 * what happens when one of them, or the commit itself, fails.
 */

const run = promisify(execFile);
const closers: (() => unknown)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** A SQLite database with one table, every statement it runs recorded in `statements`. */
async function logged() {
  const statements: string[] = [];
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: new SQLite(':memory:') }),
    log: (e) => {
      statements.push(e.query.sql);
    },
  });
  closers.push(() => db.destroy());
  await sql`create table notes (id integer primary key, body text not null unique)`.execute(db);
  // A deferred foreign key is checked at COMMIT: the way to make a commit fail on purpose.
  await sql`create table links (id integer primary key, note_id integer references notes(id) deferrable initially deferred)`.execute(
    db,
  );
  await sql`pragma foreign_keys = on`.execute(db);
  statements.length = 0;
  const commits = () => statements.filter((s) => s === 'commit').length;
  const bodies = async () =>
    (await sql<{ body: string }>`select body from notes order by id`.execute(db)).rows.map((r) => r.body);
  return { db, transact: transactor(db, 'sqlite'), statements, commits, bodies };
}

const insert = (trx: Kysely<Database>, body: string) =>
  sql`insert into notes (body) values (${body})`.execute(trx).then(() => body);

describe('SQLite group commit', () => {
  it('commits the calls of one turn of the event loop together, each answering its own value', async () => {
    const t = await logged();
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => t.transact((trx) => insert(trx, `note ${i}`))),
    );
    expect(answers).toEqual(Array.from({ length: 10 }, (_, i) => `note ${i}`));
    expect(t.commits()).toBe(1);
    expect(t.statements.filter((s) => s.startsWith('savepoint'))).toHaveLength(10);
    expect(await t.bodies()).toEqual(answers);
  });

  it('runs the calls one after another: each sees what the ones before it wrote', async () => {
    const t = await logged();
    const seen = await Promise.all(
      [1, 2, 3].map((n) =>
        t.transact(async (trx) => {
          await insert(trx, `note ${n}`);
          return (await sql<{ n: number }>`select count(*) as n from notes`.execute(trx)).rows[0]?.n;
        }),
      ),
    );
    expect(seen).toEqual([1, 2, 3]);
  });

  it('rolls back only the call that failed; the others commit', async () => {
    const t = await logged();
    const results = await Promise.allSettled([
      t.transact((trx) => insert(trx, 'first')),
      t.transact(async (trx) => {
        await insert(trx, 'written, then undone');
        await insert(trx, 'first'); // unique: fails
      }),
      t.transact(async (trx) => {
        await insert(trx, 'also written, then undone');
        throw new Error('the plan changed');
      }),
      t.transact((trx) => insert(trx, 'last')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/UNIQUE/);
    expect(String((results[2] as PromiseRejectedResult).reason)).toMatch(/the plan changed/);
    expect(t.commits()).toBe(1);
    expect(await t.bodies()).toEqual(['first', 'last']);
  });

  it('fails every call of the group when the commit fails, and leaves nothing written', async () => {
    const t = await logged();
    const results = await Promise.allSettled([
      t.transact((trx) => insert(trx, 'would have been fine')),
      // A dangling deferred reference: accepted by the statement, refused by COMMIT.
      t.transact((trx) => sql`insert into links (note_id) values (999)`.execute(trx).then(() => 'link')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/FOREIGN KEY/);
    expect(await t.bodies()).toEqual([]);
    // The connection is usable again: the next call commits on its own.
    await t.transact((trx) => insert(trx, 'after'));
    expect(await t.bodies()).toEqual(['after']);
  });

  it(`puts at most ${MAX_GROUP} calls in one commit`, async () => {
    const t = await logged();
    await Promise.all(
      Array.from({ length: MAX_GROUP * 2 + 1 }, (_, i) => t.transact((trx) => insert(trx, `n${i}`))),
    );
    expect(t.commits()).toBe(3);
    expect(await t.bodies()).toHaveLength(MAX_GROUP * 2 + 1);
  });

  it('keeps a read out while a group is open: it waits and sees the group committed', async () => {
    const t = await logged();
    const order: string[] = [];
    const write = t.transact(async (trx) => {
      await insert(trx, 'committed');
      await new Promise((r) => setTimeout(r, 30)); // the group stays open meanwhile
      order.push('unit done');
      return 'ok';
    });
    await new Promise((r) => setTimeout(r, 5)); // the group has begun
    const read = t.bodies().then((b) => {
      order.push('read');
      return b;
    });
    expect(await read).toEqual(['committed']);
    expect(await write).toBe('ok');
    expect(order).toEqual(['unit done', 'read']);
  });
});

describe('SQLite background checkpoints', () => {
  const folder = () => {
    const dir = mkdtempSync(join(tmpdir(), 'redress-ckpt-'));
    closers.push(() => rmSync(dir, { recursive: true, force: true }));
    return dir;
  };

  it('copy the WAL back into the database from another thread; the serving connection never does', async () => {
    const path = join(folder(), 'r.db');
    const database = openDatabase(`sqlite:${path}`, { backgroundCheckpoints: true });
    closers.push(() => database.close());
    const { rows } = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(
      database.db,
    );
    expect(rows[0]?.wal_autocheckpoint).toBe(0);
    await sql`create table big (id integer primary key, body text)`.execute(database.db);
    // ~8 MB: past the 1,000 pages at which SQLite would otherwise checkpoint inline.
    for (let i = 0; i < 40; i++) {
      await database.transact((trx) =>
        sql`insert into big (body) select ${'x'.repeat(50_000)} from (select 1 union all select 2 union all select 3 union all select 4)`.execute(
          trx,
        ),
      );
    }
    const checkpointer = database.checkpointer;
    expect(checkpointer).not.toBeNull();
    await expect
      .poll(() => checkpointer?.last?.checkpointed ?? 0, { timeout: 5_000, interval: 50 })
      .toBeGreaterThan(1_000);
    // Another connection reads everything from the database file once the WAL is copied back.
    const other = new SQLite(path, { readonly: true });
    closers.push(() => other.close());
    expect((other.prepare('select count(*) as n from big').get() as { n: number }).n).toBe(160);
  });

  it('stop with the database, even when nothing else keeps the process alive', async () => {
    const path = join(folder(), 'r.db');
    // A process of its own: in the test runner something always keeps the event loop busy.
    const script = `
      import { openDatabase } from ${JSON.stringify(join(import.meta.dirname, '..', 'src', 'db', 'dialect.ts'))};
      const database = openDatabase(${JSON.stringify(`sqlite:${path}`)}, { backgroundCheckpoints: true });
      await database.transact((trx) => trx.schema.createTable('t').addColumn('x', 'integer').execute());
      await database.close();
      console.log('closed');
    `;
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: join(import.meta.dirname, '..'),
    });
    expect(stdout.trim()).toBe('closed');
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  it('hand checkpoints back to the connection when the thread cannot work', async () => {
    const sqlite = new SQLite(':memory:');
    closers.push(() => sqlite.close());
    sqlite.pragma('wal_autocheckpoint = 500');
    const failures: string[] = [];
    // The thread opens its own connection: to a file that does not exist, it fails at once.
    const checkpointer = startCheckpointer(sqlite, join(folder(), 'missing.db'), (m) => failures.push(m));
    closers.push(() => checkpointer.stop());
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    await expect.poll(() => failures.length, { timeout: 5_000, interval: 20 }).toBe(1);
    expect(failures[0]).toMatch(/unable to open|does not exist|SQLITE_CANTOPEN/i);
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  });
});
