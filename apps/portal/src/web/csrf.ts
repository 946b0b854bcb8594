import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import type { AppDeps } from '../context';
import { parseForm, streamsItsBody } from '../http/body';
import type { PageEnv } from './page-env';

/** The hidden field every page form carries. */
export const CSRF_FIELD = '_csrf';

/** A refused page POST: the 403 page says the form expired or came from elsewhere. */
export class CsrfRejected extends Error {
  override name = 'CsrfRejected';
}

const encoder = new TextEncoder();

/**
 * The form token of a session: a hash of the portal's Ed25519 signature over the session id.
 * Ed25519 signatures are deterministic, so every portal process holding the keys derives the
 * same token without storing it, and nobody without the private key can make one.
 */
export async function csrfToken(keys: AppDeps['keys'], sessionId: string): Promise<string> {
  const signature = await crypto.subtle.sign(
    { name: 'Ed25519' },
    keys.privateKey,
    encoder.encode(`redress-csrf:${sessionId}`),
  );
  return createHash('sha256').update(new Uint8Array(signature)).digest('base64url');
}

export function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Guards every page POST twice: hono's origin check (the browser's `Origin` or
 * `Sec-Fetch-Site` must say this site), and — for a signed-in session — the session's token in
 * the hidden `_csrf` field. Forms without a session (sign-in, the consumer link, whose token in
 * the path is the capability) get the origin check only.
 * `streamed`: the paths whose multipart body the route streams (an attachment's upload): the
 * body is not read here; the route checks the token as it streams (`streamedFormToken`).
 */
export function pageCsrf(
  deps: AppDeps,
  options: { streamed?: (path: string) => boolean } = {},
): MiddlewareHandler<PageEnv> {
  const publicOrigin = new URL(deps.config.publicUrl).origin;
  const originCheck = csrf({
    origin: (origin, c) => origin === new URL(c.req.url).origin || origin === publicOrigin,
  });
  return async function pageCsrf(c, next) {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    try {
      await originCheck(c, async () => {});
    } catch (err) {
      if (err instanceof HTTPException && err.status === 403) throw new CsrfRejected('origin');
      throw err;
    }
    const sessionId = c.get('sessionId');
    const streamed =
      options.streamed?.(c.req.path) === true &&
      /^multipart\/form-data/i.test(c.req.header('Content-Type') ?? '');
    if (sessionId !== undefined && !streamed) {
      // A streamed import's token is in its query: its body is left for its route to stream.
      const sent = streamsItsBody(c.req.method, c.req.path)
        ? c.req.query(CSRF_FIELD)
        : (await parseForm(c))[CSRF_FIELD];
      if (typeof sent !== 'string' || !sameToken(sent, await csrfToken(deps.keys, sessionId))) {
        throw new CsrfRejected('token');
      }
    }
    return next();
  };
}

/**
 * The form-token check of a streamed multipart form (see `pageCsrf`'s `streamed`): given the
 * `_csrf` field as it arrived (before the file), refuses a signed-in session's form without its
 * token. Without a session (the consumer's link) there is nothing to check.
 */
export function streamedFormToken(
  deps: AppDeps,
  c: { get(key: 'sessionId'): string | undefined },
): (sent: string | undefined) => Promise<void> {
  const sessionId = c.get('sessionId');
  return async (sent) => {
    if (sessionId === undefined) return;
    if (typeof sent !== 'string' || !sameToken(sent, await csrfToken(deps.keys, sessionId))) {
      throw new CsrfRejected('token');
    }
  };
}
