import { newId, Unauthenticated } from '@redress/core';
import { authenticateClient, clientRole } from '../api-clients';
import type { AppDeps } from '../context';
import { SCOPES } from '../http/principal';
import { DUMMY_HASH, verifyPassword } from './passwords';
import { signAccessToken, signSession } from './tokens';

/**
 * Signs a user in: a session row and the signed cookie value that names it. A wrong email and
 * a wrong password get the same answer, after the same work.
 */
export async function signIn(deps: AppDeps, email: string, password: string) {
  const user = await deps.db
    .selectFrom('users')
    .selectAll()
    .where('email', '=', email.trim().toLowerCase())
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
  const ok = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH);
  if (!user || !ok) throw new Unauthenticated('wrong email or password');
  const now = deps.clock.now();
  const sessionId = newId('session', now);
  const ttl = deps.config.sessionTtlSeconds;
  await deps.db
    .insertInto('sessions')
    .values({
      id: sessionId,
      user_id: user.id,
      created_at: now,
      expires_at: now + ttl * 1000,
      revoked_at: null,
      // Read with the password hash, before the slow check: a change made meanwhile ends this session too.
      credentials_version: user.credentials_version,
    })
    .execute();
  return {
    user,
    cookie: await signSession(deps.keys, deps.clock, user.id, sessionId, ttl),
    maxAge: ttl,
  };
}

export async function signOut(deps: AppDeps, sessionId: string): Promise<void> {
  await deps.db
    .updateTable('sessions')
    .set({ revoked_at: deps.clock.now() })
    .where('id', '=', sessionId)
    .execute();
}

/** OAuth 2 client credentials: a short-lived access token for an API client. */
export async function issueAccessToken(
  deps: AppDeps,
  input: { clientId: string; clientSecret: string; scope?: string | undefined },
) {
  const client = await authenticateClient(deps, input.clientId, input.clientSecret);
  const requested = input.scope ? input.scope.split(/\s+/).filter(Boolean) : [...SCOPES];
  const scopes = requested.filter((s) => (SCOPES as readonly string[]).includes(s));
  if (scopes.length === 0) throw new Unauthenticated('invalid scope');
  const ttl = deps.config.accessTokenTtlSeconds;
  const token = await signAccessToken(
    deps.keys,
    deps.clock,
    {
      clientId: client.id,
      role: clientRole(client.acts_as),
      merchantId: client.merchant_id,
      stationId: client.station_id,
      scopes,
    },
    ttl,
  );
  return { access_token: token, token_type: 'Bearer' as const, expires_in: ttl, scope: scopes.join(' ') };
}
