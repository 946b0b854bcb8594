import { hash as digest } from 'node:crypto';
import { Invalid } from '@redress/core';
import type { MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Kysely } from 'kysely';
import type { AppDeps } from '../context';
import type { Database } from '../db/database';
import type { DialectName } from '../db/dialect';
import { statement } from '../db/statement';
import type { Transact } from '../db/transact';
import type { AuthVariables } from '../http/env';

/** How long a key is remembered (API.md: 24 hours). */
export const IDEMPOTENCY_TTL_MS = 24 * 3600_000;
const WAIT_STEP_MS = 20;
const WAIT_LIMIT_MS = 15_000;

/**
 * A kept answer, as JSON in `idempotency_keys.body`: a JSON answer as `json` (its text put in
 * as it was sent, so keeping it costs no second encoding), any other as the text `body`.
 */
interface Stored {
  status: number;
  contentType: string;
  body?: string;
  json?: unknown;
}

// The statements of every keyed POST, kept as text (db/statement.ts).
const FIND = statement<{ request_hash: string; status: number | null; created_at: number }>(
  'select request_hash, status, created_at from idempotency_keys where principal = ? and key = ?',
);
const CLAIM = statement(
  `insert into idempotency_keys (principal, key, request_hash, status, body, created_at)
   values (?, ?, ?, null, null, ?)
   on conflict (principal, key) do update
   set request_hash = ?, status = null, body = null, created_at = ?
   where idempotency_keys.created_at < ?`,
);
const RECORD = statement('update idempotency_keys set status = ?, body = ? where principal = ? and key = ?');
const ANSWERED = statement(
  `insert into idempotency_keys (principal, key, request_hash, status, body, created_at)
   values (?, ?, ?, ?, ?, ?)
   on conflict (principal, key) do update
   set request_hash = ?, status = ?, body = ?, created_at = ?
   where idempotency_keys.created_at < ?`,
);

interface Answer {
  /** The JSON text of the answer's body. */
  text: string;
  response: Response;
}

/**
 * One keyed request, from the middleware to the first transaction the route makes.
 * `state`: `open` until the route's first `transact`; `acting` while that transaction runs;
 * `recorded` when the answer was written in it; `unanswered` when the action committed before
 * the route answered (the answer is written after, in a second commit); `taken` when another
 * request holds the key; `failed` when the action's transaction threw (nothing of it stays).
 */
interface Keyed {
  readonly dialect: DialectName;
  readonly principal: string;
  readonly key: string;
  readonly hash: string;
  readonly now: number;
  state: 'open' | 'acting' | 'recorded' | 'unanswered' | 'taken' | 'failed';
  answer?: Answer;
  answered?: (answer: Answer) => void;
  /** Whether the route was given the action's value before the commit. */
  handed?: boolean;
  /** Settles once the action's transaction has committed (or failed). */
  committed?: Promise<unknown>;
}

/** Thrown inside the action's transaction when another request holds the key: the transaction is undone. */
class KeyTaken extends HTTPException {
  constructor() {
    super(409, { message: 'the first request with this Idempotency-Key is still running' });
  }
}

/**
 * Claims the key inside the given transaction, as its first statement: a new key is inserted,
 * an expired one taken over, a live one left alone (no row changed: another request has it; on
 * PostgreSQL the insert waits for that request's transaction to end first).
 */
async function claim(trx: Kysely<Database>, k: Keyed): Promise<boolean> {
  const claimed = await trx.executeQuery(
    CLAIM(k.dialect, [k.principal, k.key, k.hash, k.now, k.hash, k.now, k.now - IDEMPOTENCY_TTL_MS]),
  );
  return Number(claimed.numAffectedRows ?? 0) > 0;
}

/** `Stored` as JSON; `json` is the text of a JSON body, put in as it is. */
function storedOf(
  status: number,
  contentType: string | null,
  answer: { json: string } | { body: string },
): string {
  const head = `{"status":${status},"contentType":${JSON.stringify(contentType ?? 'application/json')}`;
  return 'json' in answer
    ? `${head},"json":${answer.json}}`
    : `${head},"body":${JSON.stringify(answer.body)}}`;
}

async function record(db: Kysely<Database>, k: Keyed, stored: string, status: number): Promise<void> {
  await db.executeQuery(RECORD(k.dialect, [status, stored, k.principal, k.key]));
}

/**
 * The `transact` a keyed request's services are given (the middleware sets it on the request,
 * `contextOf` hands it on): the request's first transaction carries its key.
 * It claims the key as its first statement, runs the action, hands the action's value to the
 * route and, while the transaction is still open, writes the route's answer beside the action:
 * one commit holds both, so after a crash either both are there (a retry answers the stored
 * result) or neither (the key is free and a retry acts, once). The route must answer with what
 * its action gave, in the same turn (`c.json(await action())`); one that goes on to other work
 * first (more database calls) is answered after the commit and recorded by a second one.
 */
function keyedTransact(transact: Transact, k: Keyed): Transact {
  return <T>(fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> => {
    if (k.state !== 'open') return transact(fn);
    k.state = 'acting';
    return new Promise<T>((resolve, reject) => {
      const answered = new Promise<Answer | undefined>((done) => {
        k.answered = done;
      });
      const committed = transact(async (trx) => {
        if (!(await claim(trx, k))) {
          k.state = 'taken';
          throw new KeyTaken();
        }
        const value = await fn(trx);
        k.handed = true;
        resolve(value);
        // The route maps the value and answers within this turn; the next turn of the event
        // loop says it went elsewhere (the action commits without its answer, as before).
        const answer = await Promise.race([
          answered,
          new Promise<undefined>((done) => setImmediate(() => done(undefined))),
        ]);
        if (answer && answer.response.status < 500) {
          await record(
            trx,
            k,
            storedOf(answer.response.status, answer.response.headers.get('Content-Type'), {
              json: answer.text,
            }),
            answer.response.status,
          );
          k.state = 'recorded';
        } else {
          k.state = 'unanswered';
        }
        return value;
      });
      k.committed = committed;
      committed.then(
        (value) => {
          if (!k.handed) resolve(value);
        },
        (err: unknown) => {
          if (k.state !== 'taken') k.state = 'failed';
          // After the hand-over the middleware sees the failure through `committed`.
          if (!k.handed) reject(err);
        },
      );
    });
  };
}

/**
 * `Idempotency-Key` on a POST: the first request with a key acts and its answer is kept; a
 * repeat with the same body gets the same status and body without acting again — also when
 * it arrives while the first is still running (it waits for the first answer). The same key
 * with another body is 422. Keys belong to the caller, so two callers never collide.
 * The answer of an action is recorded in the action's own transaction (`keyedTransact`, set
 * on the request for the route's services); a 4xx answered without an action is recorded after it; a 5xx
 * is not kept, so a retry can act.
 */
export function idempotency(deps: AppDeps): MiddlewareHandler<{ Variables: AuthVariables }> {
  return async function idempotency(c, next) {
    const key = c.req.header('Idempotency-Key');
    if (c.req.method !== 'POST' || key === undefined) return next();
    // A multipart upload (an attachment) streams its body: it is not read here to be hashed.
    // The upload is idempotent by itself: the same bytes on the same complaint are one attachment.
    if (/^multipart\/form-data/i.test(c.req.header('Content-Type') ?? '')) return next();
    if (key.length < 1 || key.length > 255) {
      throw new Invalid('Idempotency-Key must be 1 to 255 characters', [
        { path: 'Idempotency-Key', code: key.length < 1 ? 'too_short' : 'too_long', message: 'too long' },
      ]);
    }
    const p = c.get('principal');
    const principal = p ? `${p.kind}:${p.id}` : 'anonymous';
    // The body as text, the form the route acts on: hono keeps it, so the JSON validator after
    // this reads it without a second copy.
    const body = await c.req.text();
    const hash = digest('sha256', `${c.req.method} ${c.req.path}\n${body}`, 'base64url');
    const now = deps.clock.now();
    const dialect = deps.dialect;

    // A key already answered (or being answered by a process that committed its action) is
    // replayed before the route runs: its checks might no longer pass now that it has acted.
    const [existing] = (await deps.db.executeQuery(FIND(dialect, [principal, key]))).rows;
    if (existing && existing.created_at >= now - IDEMPOTENCY_TTL_MS) {
      return replay(c, await waitForFirst(deps, principal, key, hash));
    }

    const k: Keyed = { dialect, principal, key, hash, now, state: 'open' };
    // `c.json` as hono has it (the body as JSON, `Content-Type: application/json` unless the
    // headers say otherwise), keeping the text it sends: the answer is recorded from it.
    c.json = ((object: unknown, arg?: Parameters<typeof c.body>[1], headers?: Record<string, string>) => {
      const text = JSON.stringify(object);
      const response = c.body(text, arg as never, { 'Content-Type': 'application/json', ...headers });
      k.answer = { text, response };
      k.answered?.(k.answer);
      return response;
    }) as unknown as typeof c.json;

    let thrown: unknown;
    try {
      c.set('transact', keyedTransact(deps.transact, k));
      await next();
    } catch (err) {
      thrown = err;
    }
    if (k.committed) {
      try {
        await k.committed;
      } catch (err) {
        if (k.state === 'taken') return replay(c, await waitForFirst(deps, principal, key, hash));
        // The commit failed after the route was given the value: its answer is void (5xx),
        // nothing of the action stays and the key is free. Before the hand-over the route got
        // the error itself and answered it (a 4xx, kept below).
        if (k.handed) throw err;
      }
    }
    if (thrown !== undefined) throw thrown;
    if (k.state === 'taken') return replay(c, await waitForFirst(deps, principal, key, hash));
    const finalIsRoutes = k.answer !== undefined && k.answer.response === c.res;
    if (k.state === 'recorded' && finalIsRoutes) return;

    // No answer in the action's transaction: none was made (a 4xx before or from the action,
    // a route without a transaction), it came too late, or another response replaced it.
    if (c.res.status >= 500) return;
    let answer: { json: string } | { body: string };
    if (finalIsRoutes) {
      answer = { json: k.answer!.text };
    } else {
      const text = await c.res.text();
      c.res = new Response(text, c.res);
      answer = { body: text };
    }
    const stored = storedOf(c.res.status, c.res.headers.get('Content-Type'), answer);
    if (k.state === 'recorded' || k.state === 'unanswered') {
      await deps.transact((trx) => record(trx, k, stored, c.res.status));
      return;
    }
    // Nothing claimed the key: claim it with the answer, unless another request got it first
    // (then that request's answer is the one every repeat gets).
    const status = c.res.status;
    const inserted = await deps.transact((trx) =>
      trx.executeQuery(
        ANSWERED(dialect, [
          principal,
          key,
          hash,
          status,
          stored,
          now,
          hash,
          status,
          stored,
          now,
          now - IDEMPOTENCY_TTL_MS,
        ]),
      ),
    );
    if (Number(inserted.numAffectedRows ?? 0) === 0) {
      return replay(c, await waitForFirst(deps, principal, key, hash));
    }
  };
}

function replay(c: Parameters<MiddlewareHandler>[0], stored: Stored): Response {
  // A JSON answer comes back as the same text: JSON.stringify gives back what it parsed from it.
  const body = stored.body ?? JSON.stringify(stored.json);
  c.res = c.body(body, stored.status as ContentfulStatusCode, {
    'Content-Type': stored.contentType,
    'Idempotent-Replayed': 'true',
  });
  return c.res;
}

async function waitForFirst(deps: AppDeps, principal: string, key: string, hash: string): Promise<Stored> {
  for (let waited = 0; waited <= WAIT_LIMIT_MS; waited += WAIT_STEP_MS) {
    const row = await deps.db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('principal', '=', principal)
      .where('key', '=', key)
      .executeTakeFirst();
    if (!row)
      throw new HTTPException(409, {
        message: 'the first request with this Idempotency-Key failed; send it again',
      });
    if (row.request_hash !== hash) {
      throw new Invalid('this Idempotency-Key was used with another request', [
        { path: 'Idempotency-Key', code: 'reused', message: 'reused with a different body' },
      ]);
    }
    if (row.status !== null && row.body !== null) return JSON.parse(row.body) as Stored;
    await new Promise((r) => setTimeout(r, WAIT_STEP_MS));
  }
  throw new HTTPException(409, {
    message:
      'the first request with this Idempotency-Key was carried out but its answer is not recorded yet; read the resource to see its result',
  });
}
