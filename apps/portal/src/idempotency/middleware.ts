import { createHash } from 'node:crypto';
import { Invalid } from '@redress/core';
import type { MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { sql } from 'kysely';
import type { AuthVariables } from '../auth/middleware';
import type { AppDeps } from '../context';

/** How long a key is remembered (API.md: 24 hours). */
export const IDEMPOTENCY_TTL_MS = 24 * 3600_000;
const WAIT_STEP_MS = 20;
const WAIT_LIMIT_MS = 15_000;

interface Stored {
  status: number;
  contentType: string;
  body: string;
}

/**
 * `Idempotency-Key` on a POST: the first request with a key acts and its answer is kept; a
 * repeat with the same body gets the same status and body without acting again — also when
 * it arrives while the first is still running (it waits for the first answer). The same key
 * with another body is 422. Keys belong to the caller, so two callers never collide.
 * A 5xx answer is not kept: the key is freed so a retry can act.
 */
export function idempotency(deps: AppDeps): MiddlewareHandler<{ Variables: AuthVariables }> {
  return async function idempotency(c, next) {
    const key = c.req.header('Idempotency-Key');
    if (c.req.method !== 'POST' || key === undefined) return next();
    if (key.length < 1 || key.length > 255) {
      throw new Invalid('Idempotency-Key must be 1 to 255 characters', [
        { path: 'Idempotency-Key', message: 'too long' },
      ]);
    }
    const p = c.get('principal');
    const principal = p ? `${p.kind}:${p.id}` : 'anonymous';
    // The body as text, the form the route acts on: hono keeps it, so the JSON validator after
    // this reads it without a second copy.
    const body = await c.req.text();
    const hash = createHash('sha256')
      .update(`${c.req.method} ${c.req.path}\n`)
      .update(body)
      .digest('base64url');
    const now = deps.clock.now();

    // One statement claims the key: a new key is inserted, an expired one taken over, a live
    // one left alone (no row changed: another request has it). Written as SQL (portable to
    // both databases) because it runs on every keyed POST and building it costs more than it.
    const claimed = await deps.transact((trx) =>
      sql`insert into idempotency_keys (principal, key, request_hash, status, body, created_at)
          values (${principal}, ${key}, ${hash}, null, null, ${now})
          on conflict (principal, key) do update
          set request_hash = ${hash}, status = null, body = null, created_at = ${now}
          where idempotency_keys.created_at < ${now - IDEMPOTENCY_TTL_MS}`.execute(trx),
    );

    if (Number(claimed.numAffectedRows ?? 0) === 0) {
      const stored = await waitForFirst(deps, principal, key, hash);
      return c.body(stored.body, stored.status as ContentfulStatusCode, {
        'Content-Type': stored.contentType,
        'Idempotent-Replayed': 'true',
      });
    }

    const free = () =>
      deps.transact((trx) =>
        trx
          .deleteFrom('idempotency_keys')
          .where('principal', '=', principal)
          .where('key', '=', key)
          .execute(),
      );
    // The JSON answer is kept as the route gives it: reading it back from the response would
    // turn it into a stream and copy it.
    let answered: { object: unknown; response: Response } | undefined;
    const json = c.json;
    c.json = ((
      object: unknown,
      ...rest: Parameters<typeof json> extends [unknown, ...infer R] ? R : never
    ) => {
      const response = json(object as never, ...(rest as [never]));
      answered = { object, response };
      return response;
    }) as typeof json;
    try {
      await next();
    } catch (err) {
      await free();
      throw err;
    }
    if (c.res.status >= 500) {
      await free();
      return;
    }
    let text: string;
    if (answered && answered.response === c.res) {
      text = JSON.stringify(answered.object);
    } else {
      // Not (only) the route's JSON: an error page, or a response made another way.
      text = await c.res.text();
      c.res = new Response(text, c.res);
    }
    const stored: Stored = {
      status: c.res.status,
      contentType: c.res.headers.get('Content-Type') ?? 'application/json',
      body: text,
    };
    await deps.transact((trx) =>
      sql`update idempotency_keys set status = ${stored.status}, body = ${JSON.stringify(stored)}
          where principal = ${principal} and key = ${key}`.execute(trx),
    );
  };
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
        { path: 'Idempotency-Key', message: 'reused with a different body' },
      ]);
    }
    if (row.status !== null && row.body !== null) return JSON.parse(row.body) as Stored;
    await new Promise((r) => setTimeout(r, WAIT_STEP_MS));
  }
  throw new HTTPException(409, { message: 'the first request with this Idempotency-Key is still running' });
}
