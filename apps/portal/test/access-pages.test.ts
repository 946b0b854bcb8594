import { describe, expect, it } from 'vitest';
import { type TestWorld, testWorld } from './harness';

/** Removing people and clients from the pages, through `app.request()`: without JavaScript. */

const ORIGIN = 'http://localhost';
const tokenIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

async function get(w: TestWorld, path: string, cookie: string) {
  const res = await w.app.request(path, { headers: { Accept: 'text/html', Cookie: cookie } });
  return { status: res.status, html: await res.text(), headers: res.headers };
}

/** A form sent from the page at `from`, with that page's form token. */
async function send(
  w: TestWorld,
  cookie: string,
  from: string,
  path: string,
  fields: Record<string, string> = {},
) {
  const token = tokenIn((await get(w, from, cookie)).html);
  const res = await w.app.request(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: ORIGIN, Cookie: cookie },
    body: new URLSearchParams({ _csrf: token, ...fields }).toString(),
  });
  // The flash the redirect sets, as the browser would send it with the next page.
  const flash = res.headers.get('Set-Cookie')?.split(';')[0] ?? '';
  return { status: res.status, html: await res.text(), location: res.headers.get('Location'), flash };
}

describe('the users pages', () => {
  it('disabling asks on a page of its own, then acts and redirects; the session ends', async () => {
    const w = await testWorld();
    const boss = await w.user('merchant_admin', { merchantId: w.merchantA.id });
    const agent = await w.user('merchant_agent', { merchantId: w.merchantA.id });
    const settings = await get(w, '/settings', boss.cookie);
    expect(settings.html).toContain(`href="/users/${agent.id}"`);
    const user = await get(w, `/users/${agent.id}`, boss.cookie);
    expect(user.status).toBe(200);
    // The page links to the question; nothing on it disables at once.
    expect(user.html).toContain(`href="/users/${agent.id}/disable"`);
    expect(user.html).not.toContain(`action="/users/${agent.id}/disable"`);
    const confirm = await get(w, `/users/${agent.id}/disable`, boss.cookie);
    expect(confirm.status).toBe(200);
    expect(confirm.html).toContain(agent.email);
    expect(confirm.html).toContain(`action="/users/${agent.id}/disable"`);
    expect((await w.call(agent, 'GET', '/api/v1/merchant')).status).toBe(200);
    const done = await send(w, boss.cookie, `/users/${agent.id}/disable`, `/users/${agent.id}/disable`);
    expect(done.status).toBe(303);
    expect(done.location).toBe('/settings');
    expect((await w.call(agent, 'GET', '/api/v1/merchant')).status).toBe(401);
    // Enabled again from the user's page.
    const on = await send(w, boss.cookie, `/users/${agent.id}`, `/users/${agent.id}/enable`);
    expect(on.status).toBe(303);
    expect((await get(w, `/users/${agent.id}`, boss.cookie)).html).toContain('正常');
  });

  it('shows a refused password or role beside its field; the last admin is told why', async () => {
    const w = await testWorld();
    const boss = await w.user('merchant_admin', { merchantId: w.merchantA.id });
    const short = await send(w, boss.cookie, `/users/${boss.id}`, `/users/${boss.id}/password`, {
      password: 'short',
    });
    expect(short.status).toBe(422);
    expect(short.html).toMatch(/id="password-password-error" class="field-error">[^<]+</);
    expect(short.html).not.toContain('value="short"');
    const demote = await send(w, boss.cookie, `/users/${boss.id}`, `/users/${boss.id}/role`, {
      role: 'merchant_agent',
    });
    expect(demote.status).toBe(422);
    expect(demote.html).toMatch(/id="role-role-error" class="field-error">[^<]*最后一位/);
    const off = await send(w, boss.cookie, `/users/${boss.id}`, `/users/${boss.id}/disable`);
    expect(off.status).toBe(303);
    expect(off.location).toBe(`/users/${boss.id}`);
    const told = await get(w, off.location!, `${boss.cookie}; ${off.flash}`);
    expect(told.html).toMatch(/role="alert"[^>]*>[^<]*最后一位/);
    expect((await w.call(boss, 'GET', '/api/v1/users')).status).toBe(200);
  });

  it('commission admins see everyone at /users; another merchant’s user is 404 to a merchant admin', async () => {
    const w = await testWorld();
    const bossA = await w.user('merchant_admin', { merchantId: w.merchantA.id });
    const agentB = await w.user('merchant_agent', { merchantId: w.merchantB.id });
    const list = await get(w, '/users', w.admin.cookie);
    expect(list.status).toBe(200);
    expect(list.html).toContain(agentB.email);
    expect(list.html).toContain(bossA.email);
    expect(list.html).toContain('href="/users"');
    expect((await get(w, `/users/${agentB.id}`, bossA.cookie)).status).toBe(404);
    expect((await get(w, `/users/${agentB.id}/disable`, bossA.cookie)).status).toBe(404);
    expect((await send(w, bossA.cookie, '/settings', `/users/${agentB.id}/disable`)).status).toBe(404);
    expect((await w.call(agentB, 'GET', '/api/v1/merchant')).status).toBe(200);
    expect((await get(w, '/users', bossA.cookie)).status).toBe(403);
  });

  it('revoking a client asks first; the client’s token is refused after', async () => {
    const w = await testWorld();
    const boss = await w.user('merchant_admin', { merchantId: w.merchantA.id });
    const crm = await w.client('merchant', { merchantId: w.merchantA.id });
    const settings = await get(w, '/settings', boss.cookie);
    expect(settings.html).toContain(`href="/settings/api-clients/${crm.id}/revoke"`);
    expect(settings.html).not.toContain(`action="/settings/api-clients/${crm.id}/revoke"`);
    const confirm = await get(w, `/settings/api-clients/${crm.id}/revoke`, boss.cookie);
    expect(confirm.status).toBe(200);
    expect(confirm.html).toContain(crm.id);
    expect((await w.call(crm, 'GET', '/api/v1/merchant')).status).toBe(200);
    const done = await send(w, boss.cookie, '/settings', `/settings/api-clients/${crm.id}/revoke`);
    expect(done.status).toBe(303);
    expect((await w.call(crm, 'GET', '/api/v1/merchant')).status).toBe(401);
    // Another merchant's client, or a revoked one, has no confirmation page.
    const other = await w.client('merchant', { merchantId: w.merchantB.id });
    expect((await get(w, `/settings/api-clients/${other.id}/revoke`, boss.cookie)).status).toBe(404);
    expect((await get(w, `/settings/api-clients/${crm.id}/revoke`, boss.cookie)).status).toBe(404);
  });
});
