import { actorOf, ROLES, type Role, Unauthenticated } from '@redress/core';
import { jwtVerify, SignJWT } from 'jose';
import type { Clock } from '../http/clock';
import type { Principal } from '../http/principal';
import type { AccessCache } from './access-cache';
import { type KeyStore, SIGNING_ALG } from './keys';

export const ISSUER = 'redress';
export const AUDIENCES = {
  api: 'redress-api',
  session: 'redress-session',
  consumer: 'redress-consumer',
} as const;

async function sign(
  keys: KeyStore,
  clock: Clock,
  claims: Record<string, unknown>,
  subject: string,
  audience: string,
  ttlSeconds: number,
) {
  const iat = Math.floor(clock.now() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: SIGNING_ALG, kid: keys.kid, typ: 'JWT' })
    .setIssuer(ISSUER)
    .setAudience(audience)
    .setSubject(subject)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttlSeconds)
    .sign(keys.privateKey);
}

async function verify(keys: KeyStore, clock: Clock, token: string, audience: string) {
  try {
    const { payload } = await jwtVerify(token, keys.verifyKey, {
      issuer: ISSUER,
      audience,
      algorithms: [SIGNING_ALG],
      currentDate: new Date(clock.now()),
    });
    return payload;
  } catch {
    // Expired, tampered, wrong audience, `alg: none`: one answer, never which.
    throw new Unauthenticated('the token is not valid');
  }
}

export interface AccessClaims {
  clientId: string;
  role: Role;
  merchantId: string | null;
  stationId: string | null;
  scopes: string[];
}

/** A short-lived access token for an API client (OAuth 2 client credentials). */
export function signAccessToken(
  keys: KeyStore,
  clock: Clock,
  claims: AccessClaims,
  ttlSeconds: number,
): Promise<string> {
  return sign(
    keys,
    clock,
    { role: claims.role, mer: claims.merchantId, sta: claims.stationId, scope: claims.scopes.join(' ') },
    claims.clientId,
    AUDIENCES.api,
    ttlSeconds,
  );
}

/**
 * The principal of an access token: its signature, audience and expiry checked, or remembered
 * from an earlier check of the same text (`cache`). Whether its client is still live is the
 * caller's second question (`AccessCache.clientLive`).
 */
export async function verifyAccessToken(
  keys: KeyStore,
  clock: Clock,
  token: string,
  cache: AccessCache,
): Promise<Principal> {
  const hit = cache.verifiedToken(token, clock.now());
  if (hit) return hit;
  const payload = await verify(keys, clock, token, AUDIENCES.api);
  const role = payload.role as Role;
  if (!ROLES.includes(role) || typeof payload.sub !== 'string')
    throw new Unauthenticated('the token is not valid');
  const principal: Principal = {
    kind: 'client',
    id: payload.sub,
    role,
    actor: actorOf(role),
    merchantId: typeof payload.mer === 'string' ? payload.mer : null,
    stationId: typeof payload.sta === 'string' ? payload.sta : null,
    scopes: typeof payload.scope === 'string' ? payload.scope.split(' ') : [],
  };
  cache.rememberToken(token, principal, (payload.exp ?? 0) * 1000);
  return principal;
}

/** The session cookie's content: a signed reference to a row in `sessions` (so sign-out is real). */
export function signSession(
  keys: KeyStore,
  clock: Clock,
  userId: string,
  sessionId: string,
  ttlSeconds: number,
) {
  return sign(keys, clock, { sid: sessionId }, userId, AUDIENCES.session, ttlSeconds);
}

export async function verifySession(
  keys: KeyStore,
  clock: Clock,
  token: string,
): Promise<{ userId: string; sessionId: string }> {
  const payload = await verify(keys, clock, token, AUDIENCES.session);
  if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string')
    throw new Unauthenticated('the session is not valid');
  return { userId: payload.sub, sessionId: payload.sid };
}

/** The consumer's link to one complaint: no account, expires, works only for that complaint. */
export function signConsumerLink(keys: KeyStore, clock: Clock, complaintId: string, ttlSeconds: number) {
  return sign(keys, clock, {}, complaintId, AUDIENCES.consumer, ttlSeconds);
}

export async function verifyConsumerLink(keys: KeyStore, clock: Clock, token: string): Promise<string> {
  const payload = await verify(keys, clock, token, AUDIENCES.consumer);
  if (typeof payload.sub !== 'string') throw new Unauthenticated('the link is not valid');
  return payload.sub;
}
