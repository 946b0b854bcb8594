import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Kysely } from 'kysely';
import type { ServiceContext } from '../context';
import type { Database } from '../db/database';

/**
 * Post-redirect-get for the forms that create something (an API client, a webhook endpoint):
 * each rendered form carries a key of its own (`formKey()`), and the creation claims it in the
 * `idempotency_keys` table — the API's `Idempotency-Key` store, under a principal of the pages'
 * own (`page:…`, so an API key never meets a form's) — in the creation's transaction. The same
 * form sent again (a reload of the POST, a double click) creates nothing and goes where the
 * first went. Keys expire with the API's (housekeeping).
 */

/** A fresh key for one rendered form. */
export const formKey = (): string => randomBytes(18).toString('base64url');

const FORM_KEY = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * Runs `act` once per form key: `act` is given a context whose database and `transact` are the
 * claim's transaction (so the creation and the claim commit together or not at all), and
 * answers the address to go to. A key already used gives `{ repeated: true }` and the first
 * address (null if the first is still being made). A missing or malformed key acts unguarded.
 */
export async function oncePerForm(
  ctx: ServiceContext,
  key: string | undefined,
  act: (ctx: ServiceContext) => Promise<string>,
): Promise<{ location: string | null; repeated: boolean }> {
  if (key === undefined || !FORM_KEY.test(key)) return { location: await act(ctx), repeated: false };
  const principal = `page:${ctx.principal.kind}:${ctx.principal.id}`;
  const now = ctx.clock.now();
  return ctx.transact(async (trx: Kysely<Database>) => {
    const claimed = await trx
      .insertInto('idempotency_keys')
      .values({ principal, key, request_hash: 'form', status: null, body: null, created_at: now })
      .onConflict((oc) => oc.columns(['principal', 'key']).doNothing())
      .executeTakeFirst();
    if (Number(claimed.numInsertedOrUpdatedRows ?? 0) === 0) {
      const first = await trx
        .selectFrom('idempotency_keys')
        .select('body')
        .where('principal', '=', principal)
        .where('key', '=', key)
        .executeTakeFirst();
      const location = first?.body ? (JSON.parse(first.body) as { location?: string }).location : undefined;
      return { location: location ?? null, repeated: true };
    }
    const location = await act({ ...ctx, db: trx, transact: (fn) => fn(trx) });
    await trx
      .updateTable('idempotency_keys')
      .set({ status: 303, body: JSON.stringify({ location }) })
      .where('principal', '=', principal)
      .where('key', '=', key)
      .execute();
    return { location, repeated: false };
  });
}

const SECRET_COOKIE = 'redress_secret';

/**
 * A secret shown once after the redirect: sealed (`seal`) in a short-lived, HTTP-only cookie for
 * the page at `path`, which reads it and deletes it (`takeSecret`) — a reload shows it no more.
 */
export function keepSecretForNextPage(
  c: Context,
  seal: (plain: string) => string,
  path: string,
  of: string,
  secret: string,
): void {
  setCookie(c, SECRET_COOKIE, seal(JSON.stringify({ of, secret })), {
    path,
    httpOnly: true,
    sameSite: 'Strict',
    maxAge: 300,
    secure: c.get('cookieSecure' as never) === true,
  });
}

/** The secret kept for `of` (and forgotten now), or undefined. */
export function takeSecret(
  c: Context,
  open: (sealed: string) => string,
  path: string,
  of: string,
): string | undefined {
  const raw = getCookie(c, SECRET_COOKIE);
  if (!raw) return undefined;
  deleteCookie(c, SECRET_COOKIE, { path });
  try {
    const kept = JSON.parse(open(raw)) as { of?: unknown; secret?: unknown };
    return kept.of === of && typeof kept.secret === 'string' ? kept.secret : undefined;
  } catch {
    return undefined;
  }
}
