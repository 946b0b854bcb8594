import { Forbidden, Unauthenticated } from '@redress/core';
import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AppDeps } from '../context';
import type { AuthVariables } from '../http/env';
import { type Principal, userPrincipal } from '../http/principal';
import { crossSiteRefused, isSameOrigin, isUnsafeMethod } from '../http/same-origin';
import { verifyAccessToken, verifySession } from './tokens';

export const SESSION_COOKIE = 'redress_session';

/**
 * The user behind a session cookie, if the session is live: not signed out, not expired, the
 * user not disabled, and nothing changed since sign-in that ends sessions (the credentials
 * version: disabled, role or placement changed, password reset). Read from the database on every
 * request, so every process agrees at once; the role and placement are today's, never the cookie's.
 */
export async function sessionPrincipal(
  deps: AppDeps,
  cookie: string,
): Promise<{ principal: Principal; sessionId: string } | null> {
  try {
    const { userId, sessionId } = await verifySession(deps.keys, deps.clock, cookie);
    const row = await deps.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select([
        'users.id',
        'users.role',
        'users.merchant_id',
        'users.station_id',
        'sessions.expires_at',
        'sessions.revoked_at',
        'users.disabled_at',
        'users.credentials_version',
        'sessions.credentials_version as session_version',
      ])
      .where('sessions.id', '=', sessionId)
      .where('sessions.user_id', '=', userId)
      .executeTakeFirst();
    if (
      !row ||
      row.revoked_at !== null ||
      row.disabled_at !== null ||
      row.session_version !== row.credentials_version ||
      row.expires_at <= deps.clock.now()
    )
      return null;
    return { principal: userPrincipal(row), sessionId };
  } catch {
    return null;
  }
}

/**
 * Finds who is calling: a Bearer access token (API clients), else the session cookie (the
 * portal's own pages). Sets `c.var.principal`, or leaves it undefined for `requireAuth` to refuse.
 */
export function authenticate(deps: AppDeps): MiddlewareHandler<{ Variables: AuthVariables }> {
  return async function authenticate(c, next) {
    const header = c.req.header('Authorization');
    if (header !== undefined && !(c.req.path === '/oauth/token' && /^Basic\s/i.test(header))) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match) throw new Unauthenticated('use Authorization: Bearer <access token>');
      const principal = await verifyAccessToken(deps.keys, deps.clock, match[1]!, deps.access);
      // A revoked client's tokens stop at once, not when they expire.
      if (!(await deps.access.clientLive(deps.db, principal.id!)))
        throw new Unauthenticated('the token is not valid');
      c.set('principal', principal);
    } else {
      const cookie = getCookie(c, SESSION_COOKIE);
      const session = cookie ? await sessionPrincipal(deps, cookie) : null;
      c.set('principal', session?.principal);
      c.set('sessionId', session?.sessionId);
    }
    await next();
  };
}

/** Refuses (401) a request without a principal, and (403) a write with a read-only token. */
export function requireAuth(): MiddlewareHandler<{ Variables: AuthVariables }> {
  return async function requireAuth(c, next) {
    const principal = c.get('principal');
    if (!principal) throw new Unauthenticated('sign in or send an access token');
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD' && !principal.scopes.includes('write')) {
      throw new Forbidden('this token has no write scope');
    }
    await next();
  };
}

/**
 * The session cookie is the portal's own pages' credential: a write it authenticates (POST,
 * PUT, PATCH, DELETE, whatever the body or its type) is refused (403) unless the browser says
 * it comes from this site. Bearer-token calls never carry the cookie's authority and pass.
 */
export function sessionWritesSameOrigin(deps: AppDeps): MiddlewareHandler<{ Variables: AuthVariables }> {
  const publicOrigin = new URL(deps.config.publicUrl).origin;
  return async function sessionWritesSameOrigin(c, next) {
    if (c.get('sessionId') !== undefined && isUnsafeMethod(c.req.method) && !isSameOrigin(c, publicOrigin)) {
      return crossSiteRefused(c);
    }
    await next();
  };
}
