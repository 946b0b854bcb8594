import { afterAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../src/http/principal';
import { createUser } from '../src/users/service';
import { TEST_DB } from './harness';
import {
  clientsIn,
  freshPlace,
  openPlace,
  type Place,
  type PortalProcess,
  startPortal,
  tokenFrom,
} from './process';

/**
 * Revocation across a deployment: two real portal processes (`redress serve`) on one
 * PostgreSQL. What one process takes away, the other refuses within a second.
 */

const portals: PortalProcess[] = [];
const places: Place[] = [];
afterAll(async () => {
  for (const p of portals) {
    p.child.kill('SIGTERM');
    await p.exited;
  }
  for (const place of places) await place.drop();
});

type Who = { token: string } | { cookie: string };

async function call(base: string, who: Who, method: string, path: string, body?: unknown) {
  const headers: Record<string, string> =
    'token' in who
      ? { Authorization: `Bearer ${who.token}` }
      : { Cookie: who.cookie, Origin: base, 'Sec-Fetch-Site': 'same-origin' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  await res.arrayBuffer();
  return res.status;
}

async function signIn(base: string, email: string, password: string): Promise<{ cookie: string }> {
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const cookie = res.headers.get('Set-Cookie')?.split(';')[0];
  if (!cookie) throw new Error(`sign-in failed: ${res.status}`);
  return { cookie };
}

/** Calls until the answer is 401, returning how long that took after `since`. */
async function msUntilRefused(since: number, attempt: () => Promise<number>): Promise<number> {
  for (;;) {
    const status = await attempt();
    if (status === 401) return performance.now() - since;
    expect(status).toBe(200);
    if (performance.now() - since > 5_000) throw new Error('still accepted after 5 s');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.runIf(TEST_DB === 'postgres')('revocation across two portal processes on PostgreSQL', () => {
  it('a revoked client, a disabled user and a changed role are refused by both within a second', {
    timeout: 120_000,
  }, async () => {
    const place = await freshPlace();
    places.push(place);
    // The world, written straight to the database; the signing keys land in the shared data dir.
    const { merchantId, merchant: crm } = await clientsIn(place);
    const rt = await openPlace(place);
    const admin = { ...rt, principal: { ...SYSTEM, role: 'commission_admin' as const } };
    const password = 'correct horse battery';
    const boss = await createUser(admin, { email: 'boss@example.cn', password, role: 'commission_admin' });
    const agent = await createUser(admin, {
      email: 'agent@example.cn',
      password,
      role: 'merchant_agent',
      merchantId,
    });
    const other = await createUser(admin, {
      email: 'other@example.cn',
      password,
      role: 'merchant_agent',
      merchantId,
    });
    await rt.close();

    const env = { REDRESS_WORKERS: 'false', REDRESS_MODE: 'test' };
    const [pa, pb] = await Promise.all([startPortal(place, env), startPortal(place, env)]);
    portals.push(pa, pb);
    const [a, b] = [pa.url, pb.url];
    const token = { token: await tokenFrom(a, crm) };
    const bossOnA = await signIn(a, boss.email, password);
    const agentOnB = await signIn(b, agent.email, password);
    const otherOnB = await signIn(b, other.email, password);
    // Both processes accept all of them, and remember the client as live.
    for (const base of [a, b]) {
      expect(await call(base, token, 'GET', '/api/v1/merchant')).toBe(200);
      expect(await call(base, agentOnB, 'GET', '/api/v1/merchant')).toBe(200);
      expect(await call(base, otherOnB, 'GET', '/api/v1/merchant')).toBe(200);
    }

    // The client is revoked on A: A refuses at once, B within a second.
    expect(await call(a, bossOnA, 'DELETE', `/api/v1/api-clients/${crm.id}`)).toBe(204);
    const revokedAt = performance.now();
    expect(await call(a, token, 'GET', '/api/v1/merchant')).toBe(401);
    const clientMs = await msUntilRefused(revokedAt, () => call(b, token, 'GET', '/api/v1/merchant'));
    expect(clientMs).toBeLessThan(1_000);
    expect(await call(b, token, 'POST', '/api/v1/api-clients', { name: 'backdoor' })).toBe(401);

    // A user disabled on A: B refuses their session on the very next request.
    expect(await call(a, bossOnA, 'POST', `/api/v1/users/${agent.id}/disable`)).toBe(200);
    expect(await call(b, agentOnB, 'GET', '/api/v1/merchant')).toBe(401);

    // A role changed on A: likewise.
    expect(await call(a, bossOnA, 'PUT', `/api/v1/users/${other.id}/role`, { role: 'merchant_admin' })).toBe(
      200,
    );
    expect(await call(b, otherOnB, 'GET', '/api/v1/merchant')).toBe(401);
    const promoted = await signIn(b, other.email, password);
    expect(await call(a, promoted, 'GET', '/api/v1/users')).toBe(200);
    process.stdout.write(`revoked client refused by the other process after ${clientMs.toFixed(0)} ms\n`);
  });
});
