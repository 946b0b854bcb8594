import { decodeJwt, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { createApiClient } from '../src/api-clients/service';
import { memoryKeys } from '../src/auth/keys';
import { AUDIENCES, signAccessToken, signConsumerLink, signSession } from '../src/auth/tokens';
import { SYSTEM } from '../src/http/principal';
import { expectProblem, type TestWorld, testWorld } from './harness';

/** Access tokens, client credentials, the JWKS, and sign-in sessions. */

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Replaces one character in the middle of a token part (never the last, whose low bits may not count). */
function flip(part: string): string {
  const i = Math.floor(part.length / 2);
  const ch = part[i] === 'A' ? 'B' : 'A';
  return part.slice(0, i) + ch + part.slice(i + 1);
}

async function bearer(w: TestWorld, token: string, path = '/api/v1/complaints') {
  return w.call({ token, id: 'x', merchantId: null, stationId: null }, 'GET', path);
}

function expectUnauthenticated(res: Awaited<ReturnType<typeof bearer>>, label: string) {
  expectProblem(res, 401, label);
  expect(res.headers.get('WWW-Authenticate'), label).toMatch(/^Bearer/);
}

async function credentials(w: TestWorld) {
  const client = await createApiClient(
    { ...w.runtime, principal: SYSTEM },
    { name: 'crm', actsAs: 'merchant', merchantId: w.merchantA.id },
  );
  return { id: client.id, secret: client.secret! };
}

async function requestToken(w: TestWorld, body: string, headers: Record<string, string>) {
  const res = await w.app.request('/oauth/token', { method: 'POST', headers, body });
  return { status: res.status, headers: res.headers, body: (await res.json()) as any };
}

describe('access tokens', () => {
  it('work when valid, and are refused (401) when missing or malformed', async () => {
    const w = await testWorld();
    expect((await bearer(w, w.actors.merchantA.token)).status).toBe(200);
    expectUnauthenticated(await w.call(null, 'GET', '/api/v1/complaints'), 'missing');
    expectUnauthenticated(await bearer(w, 'not-a-jwt'), 'garbage');
    const basic = await w.call(null, 'GET', '/api/v1/complaints', undefined, { Authorization: 'Basic dTpw' });
    expectUnauthenticated(basic, 'basic scheme');
    // Refused on writes too, before anything is written.
    const post = await w.call(null, 'POST', '/api/v1/complaints', {});
    expectUnauthenticated(post, 'missing on POST');
  });

  it('expire after their lifetime (900 s)', async () => {
    const w = await testWorld();
    const { token } = w.actors.merchantA;
    expect(decodeJwt(token).exp! - decodeJwt(token).iat!).toBe(900);
    w.clock.advance(899_000);
    expect((await bearer(w, token)).status).toBe(200); // also warms any cache of verified tokens
    w.clock.advance(2_000);
    expectUnauthenticated(await bearer(w, token), 'expired');
  });

  it('are refused when tampered with, in the payload or the signature', async () => {
    const w = await testWorld();
    const [header, payload, signature] = w.actors.merchantA.token.split('.') as [string, string, string];
    expectUnauthenticated(await bearer(w, `${header}.${flip(payload)}.${signature}`), 'payload flipped');
    expectUnauthenticated(await bearer(w, `${header}.${payload}.${flip(signature)}`), 'signature flipped');
    // A payload rewritten to another merchant, with the original signature.
    const claims = decodeJwt(w.actors.merchantA.token);
    const forged = b64({ ...claims, mer: w.merchantB.id });
    expectUnauthenticated(await bearer(w, `${header}.${forged}.${signature}`), 'merchant swapped');
    expectUnauthenticated(await bearer(w, `${header}.${payload}.`), 'signature removed');
  });

  it('are refused when meant for another audience: a session or a consumer link', async () => {
    const w = await testWorld();
    const { keys } = w.runtime;
    const session = await signSession(keys, w.clock, w.admin.id, 'ses_01JD3Z6Y8G5C4F0QK3W2A1B9XE', 3600);
    expectUnauthenticated(await bearer(w, session), 'session as bearer');
    const c = await w.intake();
    const link = await signConsumerLink(keys, w.clock, c.id, 3600);
    expectUnauthenticated(await bearer(w, link), 'consumer link as bearer');
    expectUnauthenticated(
      await bearer(w, link, `/api/v1/complaints/${c.id}`),
      'consumer link on its complaint',
    );
    // The same claims for the API audience would have worked: the audience is what is refused.
    const api = await signAccessToken(
      keys,
      w.clock,
      {
        clientId: w.actors.staff.id,
        role: 'commission_staff',
        merchantId: null,
        stationId: null,
        scopes: ['read'],
      },
      60,
    );
    expect(decodeJwt(api).aud).toBe(AUDIENCES.api);
    expect((await bearer(w, api)).status).toBe(200);
  });

  it('are refused with alg "none"', async () => {
    const w = await testWorld();
    const claims = decodeJwt(w.actors.staff.token);
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
    expectUnauthenticated(await bearer(w, unsigned), 'alg none');
    const noneWithKid = `${b64({ alg: 'none', kid: w.runtime.keys.kid })}.${b64(claims)}.`;
    expectUnauthenticated(await bearer(w, noneWithKid), 'alg none with kid');
    const hs256 = `${b64({ alg: 'HS256', kid: w.runtime.keys.kid })}.${b64(claims)}.${flip('c2lnbmF0dXJl')}`;
    expectUnauthenticated(await bearer(w, hs256), 'alg HS256');
  });

  it('are refused when signed by another key set, even one claiming our kid', async () => {
    const w = await testWorld();
    const other = await memoryKeys();
    const claims = {
      clientId: w.actors.staff.id,
      role: 'commission_staff' as const,
      merchantId: null,
      stationId: null,
      scopes: ['read', 'write'],
    };
    expectUnauthenticated(await bearer(w, await signAccessToken(other, w.clock, claims, 900)), 'other keys');
    const impostor = { ...other, kid: w.runtime.keys.kid };
    const token = await signAccessToken(impostor, w.clock, claims, 900);
    expect(decodeProtectedHeader(token).kid).toBe(w.runtime.keys.kid);
    expectUnauthenticated(await bearer(w, token), 'other key, our kid');
  });
});

describe('POST /oauth/token', () => {
  it('issues a working token from a form, from JSON, and with HTTP Basic', async () => {
    const w = await testWorld();
    const { id, secret } = await credentials(w);
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: id,
      client_secret: secret,
    });
    const basic = Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64');
    const answers = [
      await requestToken(w, form.toString(), { 'Content-Type': 'application/x-www-form-urlencoded' }),
      await requestToken(
        w,
        JSON.stringify({ grant_type: 'client_credentials', client_id: id, client_secret: secret }),
        {
          'Content-Type': 'application/json',
        },
      ),
      await requestToken(w, 'grant_type=client_credentials', {
        'Content-Type': 'application/x-www-form-urlencoded',
        Authorization: `Basic ${basic}`,
      }),
    ];
    for (const res of answers) {
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.headers.get('Cache-Control')).toBe('no-store');
      expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 900, scope: 'read write' });
      const claims = decodeJwt(res.body.access_token);
      expect(claims).toMatchObject({
        sub: id,
        aud: AUDIENCES.api,
        mer: w.merchantA.id,
        role: 'merchant_admin',
      });
      const list = await bearer(w, res.body.access_token);
      expect(list.status).toBe(200);
    }
  });

  it('answers a wrong secret and an unknown client alike (401), and a bad grant with 400', async () => {
    const w = await testWorld();
    const { id, secret } = await credentials(w);
    const ask = (client_id: string, client_secret: string) =>
      requestToken(w, JSON.stringify({ grant_type: 'client_credentials', client_id, client_secret }), {
        'Content-Type': 'application/json',
      });
    const wrong = await ask(id, `${secret}x`);
    const unknown = await ask('cli_01JD3Z6Y8G5C4F0QK3W2A1B9XE', secret);
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(res.headers.get('Content-Type')).toMatch(/^application\/problem\+json/);
      expect(res.body.access_token).toBeUndefined();
    }
    expect({ ...wrong.body, requestId: null }).toEqual({ ...unknown.body, requestId: null });
    expect(wrong.body.requestId).not.toBe(unknown.body.requestId);

    const grant = await requestToken(
      w,
      JSON.stringify({ grant_type: 'password', client_id: id, client_secret: secret }),
      { 'Content-Type': 'application/json' },
    );
    expect(grant.status).toBe(400);
    expect(grant.body.error).toBe('invalid_request');
    const scope = await requestToken(
      w,
      JSON.stringify({
        grant_type: 'client_credentials',
        client_id: id,
        client_secret: secret,
        scope: 'admin',
      }),
      { 'Content-Type': 'application/json' },
    );
    expect(scope.status).toBeGreaterThanOrEqual(400);
    expect(scope.status).toBeLessThan(500);
    expect(scope.body.access_token).toBeUndefined();
  });

  it('refuses a revoked client', async () => {
    const w = await testWorld();
    const { id, secret } = await credentials(w);
    const del = await w.call(w.admin, 'DELETE', `/api/v1/api-clients/${id}`);
    expect(del.status).toBe(204);
    const res = await requestToken(
      w,
      JSON.stringify({ grant_type: 'client_credentials', client_id: id, client_secret: secret }),
      { 'Content-Type': 'application/json' },
    );
    expect(res.status).toBe(401);
  });
});

describe('GET /.well-known/jwks.json', () => {
  it('lists the public Ed25519 key that signs the tokens, and nothing private', async () => {
    const w = await testWorld();
    const res = await w.call(null, 'GET', '/.well-known/jwks.json');
    expect(res.status).toBe(200);
    const keys = res.body.keys as Record<string, unknown>[];
    expect(keys.length).toBeGreaterThanOrEqual(1);
    const kid = decodeProtectedHeader(w.actors.staff.token).kid;
    const key = keys.find((k) => k.kid === kid);
    expect(key).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA' });
    expect(typeof key?.x).toBe('string');
    for (const k of keys) expect(k).not.toHaveProperty('d');
  });
});

describe('sign-in sessions', () => {
  const login = (w: TestWorld, email: string, password: string) =>
    w.call(null, 'POST', '/login', { email, password });

  it('answers a wrong password and an unknown email alike (401)', async () => {
    const w = await testWorld();
    const u = await w.user('merchant_agent', { merchantId: w.merchantA.id });
    const wrong = await login(w, u.email, 'not the password');
    const unknown = await login(w, 'nobody@example.cn', 'not the password');
    expectProblem(wrong, 401, 'wrong password');
    expectProblem(unknown, 401, 'unknown email');
    expect(wrong.body.detail).toBe(unknown.body.detail);
    expect({ ...wrong.body, requestId: null }).toEqual({ ...unknown.body, requestId: null });
    expect(wrong.headers.get('Set-Cookie')).toBeNull();
    const ok = await login(w, u.email.toUpperCase(), u.password);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('Set-Cookie')).toMatch(/HttpOnly/i);
    expect(ok.headers.get('Set-Cookie')).toMatch(/SameSite=Lax/i);
  });

  it('ends on logout: the cookie no longer works', async () => {
    const w = await testWorld();
    const u = await w.user('commission_staff');
    expect((await w.call(u, 'GET', '/api/v1/complaints')).status).toBe(200);
    const out = await w.call(u, 'POST', '/logout', undefined, { Accept: 'application/json' });
    expect(out.status).toBe(204);
    expect(out.headers.get('Set-Cookie')).toMatch(/redress_session=;/);
    expectUnauthenticated(await w.call(u, 'GET', '/api/v1/complaints'), 'after logout');
    // Another session of the same user is untouched.
    const again = await login(w, u.email, u.password);
    const cookie = again.headers.get('Set-Cookie')!.split(';')[0]!;
    expect((await w.call({ cookie }, 'GET', '/api/v1/complaints')).status).toBe(200);
  });

  it('expires after the session lifetime', async () => {
    const w = await testWorld();
    const u = await w.user('commission_staff');
    const ttl = w.runtime.config.sessionTtlSeconds * 1000;
    w.clock.advance(ttl - 60_000);
    expect((await w.call(u, 'GET', '/api/v1/complaints')).status).toBe(200);
    w.clock.advance(120_000);
    expectUnauthenticated(await w.call(u, 'GET', '/api/v1/complaints'), 'expired session');
  });

  it('is refused when the cookie is tampered with or signed by another key', async () => {
    const w = await testWorld();
    const u = await w.user('commission_admin');
    const [name, value] = u.cookie.split('=') as [string, string];
    const [h, p, s] = value.split('.') as [string, string, string];
    for (const bad of [`${h}.${flip(p)}.${s}`, `${h}.${p}.${flip(s)}`]) {
      expectUnauthenticated(await w.call({ cookie: `${name}=${bad}` }, 'GET', '/api/v1/complaints'), bad);
    }
    const claims = decodeJwt(value);
    const foreign = await signSession(await memoryKeys(), w.clock, u.id, String(claims.sid), 3600);
    expectUnauthenticated(
      await w.call({ cookie: `${name}=${foreign}` }, 'GET', '/api/v1/complaints'),
      'foreign',
    );
    // An access token is not a session either.
    const asCookie = `${name}=${w.actors.staff.token}`;
    expectUnauthenticated(await w.call({ cookie: asCookie }, 'GET', '/api/v1/complaints'), 'token as cookie');
  });
});
