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
 */
export function pageCsrf(deps: AppDeps): MiddlewareHandler<PageEnv> {
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
    if (sessionId !== undefined) {
      // A streamed upload's token is in its query: its body is left for its route to stream.
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
