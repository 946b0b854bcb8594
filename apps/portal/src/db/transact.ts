import { CompiledQuery, type ControlledTransaction, type Kysely } from 'kysely';
import type { Database } from './database';
import type { DialectName } from './dialect';

/**
 * Runs `fn` in a transaction and answers once it is committed. Every write that must be atomic
 * goes through this. Inside `fn`, use only the given `trx` (on SQLite the one connection is
 * held until the commit), never call `transact` again (it would wait for the group it is in),
 * and wait on nothing but the database (every call grouped with it waits too).
 * A keyed POST's services are given this wrapped (idempotency/middleware.ts, through
 * `contextOf`): the request's first transaction also claims its key and records its answer.
 */
export type Transact = <T>(fn: (trx: Kysely<Database>) => Promise<T>) => Promise<T>;

/** Most units one SQLite commit carries: bounds how long the first of them waits. */
export const MAX_GROUP = 64;

// Kept compiled: each call takes a savepoint and releases it, and building the statement again
// for every call would cost more than running it.
const SAVEPOINT = CompiledQuery.raw('savepoint unit');
const RELEASE = CompiledQuery.raw('release unit');
const ROLLBACK_TO = CompiledQuery.raw('rollback to unit');

interface Unit {
  fn: (trx: Kysely<Database>) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

/**
 * PostgreSQL: one transaction per call, from the pool.
 * SQLite: group commit. SQLite writes through one connection, and a commit costs far more than
 * the statements of a typical action (each commit writes every page it touched to the WAL:
 * ~20 pages for a message with its event, notification and idempotency record). Calls made
 * while the connection is busy or in the same turn of the event loop are gathered and run one
 * after another in one transaction, each inside its own savepoint: a call that throws is rolled
 * back alone and rejects at once; the others answer only after the one COMMIT succeeds, and
 * all of them fail if it does not. Each call sees the changes of the calls before it, exactly
 * as if they had run one by one, so the result is what serial transactions would give.
 */
export function transactor(db: Kysely<Database>, dialect: DialectName): Transact {
  if (dialect === 'postgres') return (fn) => db.transaction().execute(fn);

  const queue: Unit[] = [];
  let running = false;

  const schedule = () => {
    if (running || queue.length === 0) return;
    running = true;
    // setImmediate runs after the I/O of this turn: every request read in it joins the group.
    setImmediate(() => {
      runGroup(queue.splice(0, MAX_GROUP)).finally(() => {
        running = false;
        schedule();
      });
    });
  };

  async function runGroup(units: Unit[]): Promise<void> {
    const done: (() => void)[] = [];
    let trx: ControlledTransaction<Database> | undefined;
    try {
      trx = await db.startTransaction().execute();
      for (const unit of units) {
        await trx.executeQuery(SAVEPOINT);
        let value: unknown;
        try {
          value = await unit.fn(trx);
        } catch (err) {
          // Undo this call only; if even that fails the transaction is gone (SQLite rolls back
          // the whole of it on some I/O errors): the group fails below.
          await trx.executeQuery(ROLLBACK_TO);
          await trx.executeQuery(RELEASE);
          unit.reject(err);
          continue;
        }
        await trx.executeQuery(RELEASE);
        done.push(() => unit.resolve(value));
      }
      await trx.commit().execute();
      trx = undefined;
      for (const answer of done) answer();
    } catch (err) {
      if (trx)
        await trx
          .rollback()
          .execute()
          .catch(() => undefined);
      // Nothing of this group was committed: every call fails (one that already failed on its
      // own keeps its first answer).
      for (const unit of units) unit.reject(err);
    }
  }

  return <T>(fn: (trx: Kysely<Database>) => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      queue.push({ fn, resolve: resolve as (value: unknown) => void, reject });
      schedule();
    });
}
