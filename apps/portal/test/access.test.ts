import { describe, expect, it } from 'vitest';
import { createApp } from '../src/app';
import { AccessCache } from '../src/auth/access-cache';
import { expectProblem, type TestWorld, testWorld } from './harness';

/**
 * Access that is taken away is gone at once: revoked clients, disabled users, changed roles and
 * reset passwords, on the next request. People are removed by their admins, never the last one.
 */

type Caller = Parameters<TestWorld['call']>[0];

/** A cookie-authenticated write, sent as the portal's own pages send it (same origin). */
const samePage = { Origin: 'http://localhost', 'Sec-Fetch-Site': 'same-origin' };

async function act(w: TestWorld, who: Caller, method: string, path: string, body?: unknown) {
  return w.call(who, method, path, body, who && 'cookie' in who ? samePage : {});
}

async function signIn(w: TestWorld, email: string, password: string) {
  const res = await w.app.request('/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  return { status: res.status, cookie: res.headers.get('Set-Cookie')?.split(';')[0] };
}

describe('a revoked API client', () => {
  it('is refused (401) on its very next request, and can no longer create clients or users', async () => {
    const w = await testWorld();
    const crm = await w.client('merchant', { merchantId: w.merchantA.id });
    expect((await w.call(crm, 'GET', '/api/v1/merchant')).status).toBe(200);
    const del = await w.call(w.actors.merchantA, 'DELETE', `/api/v1/api-clients/${crm.id}`);
    expect(del.status).toBe(204);
    expectProblem(await w.call(crm, 'GET', '/api/v1/merchant'), 401, 'read after revoke');
    const before = (await w.runtime.db.selectFrom('api_clients').select('id').execute()).length;
    expectProblem(
      await w.call(crm, 'POST', '/api/v1/api-clients', { name: 'backdoor' }),
      401,
      'new client after revoke',
    );
    expectProblem(
      await w.call(crm, 'POST', '/api/v1/users', {
        email: 'backdoor@example.cn',
        password: 'long enough password',
        role: 'merchant_admin',
      }),
      401,
      'new user after revoke',
    );
    expect((await w.runtime.db.selectFrom('api_clients').select('id').execute()).length).toBe(before);
    expect(
      await w.runtime.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', 'backdoor@example.cn')
        .executeTakeFirst(),
    ).toBeUndefined();
    // The other clients of the merchant are untouched.
    expect((await w.call(w.actors.merchantA, 'GET', '/api/v1/merchant')).status).toBe(200);
  });

  it('is refused by another app on the same database within the check interval', async () => {
    const w = await testWorld();
    // A second app over the same database, as another process would be: its own cache.
    let now = 0;
    const other = createApp({ ...w.runtime, access: new AccessCache({ ttlMs: 500, now: () => now }) });
    const crm = await w.client('merchant', { merchantId: w.merchantA.id });
    const get = () =>
      other.request('/api/v1/merchant', { headers: { Authorization: `Bearer ${crm.token}` } });
    expect((await get()).status).toBe(200); // remembered as live at t=0
    expect((await w.call(w.actors.merchantA, 'DELETE', `/api/v1/api-clients/${crm.id}`)).status).toBe(204);
    now = 499;
    expect((await get()).status).toBe(200); // trusted for at most 500 ms
    now = 500;
    expect((await get()).status).toBe(401);
    now = 100_000;
    expect((await get()).status).toBe(401);
  });
});

describe('sessions end when access changes', () => {
  it('a disabled user is refused at once, cannot sign in, and can be enabled again', async () => {
    const w = await testWorld();
    const agent = await w.user('merchant_agent', { merchantId: w.merchantA.id });
    expect((await w.call(agent, 'GET', '/api/v1/merchant')).status).toBe(200);
    const off = await act(w, w.admin, 'POST', `/api/v1/users/${agent.id}/disable`);
    expect(off.status).toBe(200);
    expect(off.body.disabledAt).toEqual(expect.any(String));
    expectProblem(await w.call(agent, 'GET', '/api/v1/merchant'), 401, 'session after disable');
    expect((await signIn(w, agent.email, agent.password)).status).toBe(401);
    // Disabling twice changes nothing.
    expect((await act(w, w.admin, 'POST', `/api/v1/users/${agent.id}/disable`)).body.disabledAt).toBe(
      off.body.disabledAt,
    );
    const on = await act(w, w.admin, 'POST', `/api/v1/users/${agent.id}/enable`);
    expect(on.status).toBe(200);
    expect(on.body.disabledAt).toBeNull();
    // The old session stays ended; a new sign-in works.
    expect((await w.call(agent, 'GET', '/api/v1/merchant')).status).toBe(401);
    const again = await signIn(w, agent.email, agent.password);
    expect(again.status).toBe(200);
    expect((await w.call({ cookie: again.cookie! }, 'GET', '/api/v1/merchant')).status).toBe(200);
  });

  it('a changed role ends the session; signing in again gives the new role', async () => {
    const w = await testWorld();
    const boss = await w.user('merchant_admin', { merchantId: w.merchantA.id });
    const agent = await w.user('merchant_agent', { merchantId: w.merchantA.id });
    expect((await w.call(boss, 'GET', '/api/v1/users')).status).toBe(200);
    // The merchant admin promotes the agent, then is demoted by the agent.
    const up = await act(w, boss, 'PUT', `/api/v1/users/${agent.id}/role`, { role: 'merchant_admin' });
    expect(up.status).toBe(200);
    expect(up.body.role).toBe('merchant_admin');
    expect((await w.call(agent, 'GET', '/api/v1/merchant')).status).toBe(401);
    const promoted = { cookie: (await signIn(w, agent.email, agent.password)).cookie! };
    expect((await w.call(promoted, 'GET', '/api/v1/users')).status).toBe(200);
    const down = await act(w, promoted, 'PUT', `/api/v1/users/${boss.id}/role`, { role: 'merchant_agent' });
    expect(down.status).toBe(200);
    expectProblem(await w.call(boss, 'GET', '/api/v1/users'), 401, 'demoted session');
    const demoted = { cookie: (await signIn(w, boss.email, boss.password)).cookie! };
    expectProblem(await w.call(demoted, 'GET', '/api/v1/users'), 403, 'demoted role');
    // The same role again is no change, and ends nothing.
    const same = await act(w, promoted, 'PUT', `/api/v1/users/${boss.id}/role`, { role: 'merchant_agent' });
    expect(same.status).toBe(200);
    expect((await w.call(demoted, 'GET', '/api/v1/merchant')).status).toBe(200);
  });

  it('a commission admin moves a user to another merchant; the old session is refused', async () => {
    const w = await testWorld();
    const agent = await w.user('merchant_agent', { merchantId: w.merchantA.id });
    const moved = await act(w, w.admin, 'PUT', `/api/v1/users/${agent.id}/role`, {
      role: 'merchant_agent',
      merchantId: w.merchantB.id,
    });
    expect(moved.status).toBe(200);
    expect(moved.body.merchantId).toBe(w.merchantB.id);
    expect((await w.call(agent, 'GET', '/api/v1/merchant')).status).toBe(401);
    const fresh = { cookie: (await signIn(w, agent.email, agent.password)).cookie! };
    expect((await w.call(fresh, 'GET', '/api/v1/merchant')).body.id).toBe(w.merchantB.id);
    // A station operator needs a station, and an unknown merchant is refused.
    const noStation = await act(w, w.admin, 'PUT', `/api/v1/users/${agent.id}/role`, {
      role: 'station_operator',
    });
    expectProblem(noStation, 422, 'station operator without station');
    const unknown = await act(w, w.admin, 'PUT', `/api/v1/users/${agent.id}/role`, {
      role: 'merchant_agent',
      merchantId: 'mer_01JD3Z6Y8G5C4F0QK3W2A1B9XE',
    });
    expectProblem(unknown, 422, 'unknown merchant');
    expect((await w.call(fresh, 'GET', '/api/v1/merchant')).status).toBe(200);
  });

  it('a password reset ends the session and replaces the password', async () => {
    const w = await testWorld();
    const boss = await w.user('merchant_admin', { merchantId: w.merchantA.id });
    const agent = await w.user('merchant_agent', { merchantId: w.merchantA.id });
    const reset = await act(w, boss, 'POST', `/api/v1/users/${agent.id}/reset-password`, {
      password: 'a brand new secret',
    });
    expect(reset.status).toBe(200);
    expect(reset.body).not.toHaveProperty('password');
    expect((await w.call(agent, 'GET', '/api/v1/merchant')).status).toBe(401);
    expect((await signIn(w, agent.email, agent.password)).status).toBe(401);
    expect((await signIn(w, agent.email, 'a brand new secret')).status).toBe(200);
    const short = await act(w, boss, 'POST', `/api/v1/users/${agent.id}/reset-password`, {
      password: 'short',
    });
    expectProblem(short, 422, 'short password');
    expect((await signIn(w, agent.email, 'a brand new secret')).status).toBe(200);
  });
});

describe('who may remove whom', () => {
  it('a merchant admin manages only its own merchant’s users; another merchant’s user is 404', async () => {
    const w = await testWorld();
    const bossA = await w.user('merchant_admin', { merchantId: w.merchantA.id });
    const agentB = await w.user('merchant_agent', { merchantId: w.merchantB.id });
    const agentA = await w.user('merchant_agent', { merchantId: w.merchantA.id });
    for (const [method, path, body] of [
      ['GET', `/api/v1/users/${agentB.id}`],
      ['POST', `/api/v1/users/${agentB.id}/disable`],
      ['POST', `/api/v1/users/${agentB.id}/enable`],
      ['PUT', `/api/v1/users/${agentB.id}/role`, { role: 'merchant_admin' }],
      ['POST', `/api/v1/users/${agentB.id}/reset-password`, { password: 'another long one' }],
      ['POST', `/api/v1/users/${w.admin.id}/disable`],
    ] as [string, string, unknown?][]) {
      expectProblem(await act(w, bossA, method, path, body), 404, `${method} ${path}`);
    }
    // Merchant A's client (it acts as its merchant admin) is just as bound.
    expectProblem(await w.call(w.actors.merchantA, 'POST', `/api/v1/users/${agentB.id}/disable`), 404);
    expect((await w.call(agentB, 'GET', '/api/v1/merchant')).status).toBe(200);
    // Only merchant roles, in its own merchant.
    const promote = await act(w, bossA, 'PUT', `/api/v1/users/${agentA.id}/role`, {
      role: 'commission_admin',
    });
    expectProblem(promote, 403, 'merchant admin makes a commission admin');
    // Agents, staff and stations manage nobody.
    const staff = await w.user('commission_staff');
    for (const who of [agentA, staff]) {
      expectProblem(await act(w, who, 'POST', `/api/v1/users/${agentB.id}/disable`), 403, 'not an admin');
    }
    expectProblem(await w.call(w.actors.stationA, 'GET', `/api/v1/users/${agentA.id}`), 403);
    // The list shows disabled users too, so that they can be enabled again.
    await act(w, bossA, 'POST', `/api/v1/users/${agentA.id}/disable`);
    const list = await w.call(bossA, 'GET', '/api/v1/users');
    expect(list.body.data.map((u: { id: string }) => u.id).sort()).toEqual([agentA.id, bossA.id].sort());
    expect(list.body.data.find((u: { id: string }) => u.id === agentA.id).disabledAt).toEqual(
      expect.any(String),
    );
  });

  it('nobody can disable or demote the last active admin of the commission or of a merchant (409)', async () => {
    const w = await testWorld();
    const boss = await w.user('merchant_admin', { merchantId: w.merchantA.id });
    for (const [method, path, body] of [
      ['POST', `/api/v1/users/${boss.id}/disable`],
      ['PUT', `/api/v1/users/${boss.id}/role`, { role: 'merchant_agent' }],
      ['PUT', `/api/v1/users/${boss.id}/role`, { role: 'merchant_admin', merchantId: w.merchantB.id }],
      ['POST', `/api/v1/users/${w.admin.id}/disable`],
      ['PUT', `/api/v1/users/${w.admin.id}/role`, { role: 'commission_staff' }],
    ] as [string, string, unknown?][]) {
      const res = await act(w, w.admin, method, path, body);
      expectProblem(res, 409, `${method} ${path}`);
      expect(res.body.detail).toMatch(/last active/);
    }
    expectProblem(await act(w, boss, 'POST', `/api/v1/users/${boss.id}/disable`), 409, 'self');
    expect((await w.call(boss, 'GET', '/api/v1/users')).status).toBe(200);
    expect((await w.call(w.admin, 'GET', '/api/v1/users')).status).toBe(200);
    // With a second admin, the first may go; then the second is the last.
    const second = await w.user('commission_admin');
    expect((await act(w, second, 'POST', `/api/v1/users/${w.admin.id}/disable`)).status).toBe(200);
    expectProblem(await act(w, second, 'POST', `/api/v1/users/${second.id}/disable`), 409, 'now last');
  });

  it('two admins disabling each other at once leave one of them', async () => {
    const w = await testWorld();
    const one = await w.user('merchant_admin', { merchantId: w.merchantA.id });
    const two = await w.user('merchant_admin', { merchantId: w.merchantA.id });
    const results = await Promise.all([
      act(w, one, 'POST', `/api/v1/users/${two.id}/disable`),
      act(w, two, 'POST', `/api/v1/users/${one.id}/disable`),
    ]);
    // One wins; the other is refused: 409 (the last admin) or 401 (its session just ended).
    const statuses = results.map((r) => r.status).sort();
    expect(statuses[0]).toBe(200);
    expect([401, 409]).toContain(statuses[1]);
    const active = await w.runtime.db
      .selectFrom('users')
      .select('id')
      .where('merchant_id', '=', w.merchantA.id)
      .where('role', '=', 'merchant_admin')
      .where('disabled_at', 'is', null)
      .execute();
    expect(active).toHaveLength(1);
  });

  it('validates ids and bodies (422); an unknown user is 404', async () => {
    const w = await testWorld();
    const agent = await w.user('merchant_agent', { merchantId: w.merchantA.id });
    expectProblem(await act(w, w.admin, 'POST', '/api/v1/users/usr_nope/disable'), 422, 'bad id');
    expectProblem(
      await act(w, w.admin, 'PUT', `/api/v1/users/${agent.id}/role`, { role: 'emperor' }),
      422,
      'bad role',
    );
    expectProblem(
      await act(w, w.admin, 'POST', `/api/v1/users/${agent.id}/reset-password`, { password: 'x', extra: 1 }),
      422,
      'bad password body',
    );
    expectProblem(
      await act(w, w.admin, 'POST', '/api/v1/users/usr_01JD3Z6Y8G5C4F0QK3W2A1B9XE/disable'),
      404,
      'unknown user',
    );
    expect((await w.call(agent, 'GET', '/api/v1/merchant')).status).toBe(200);
  });
});
