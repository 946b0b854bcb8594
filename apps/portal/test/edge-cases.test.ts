import { describe, expect, it } from 'vitest';
import { testWorld } from './harness';

describe('edge cases found in review', () => {
  it('keeps a station offline when a PATCH does not name `online`, and refuses an empty PATCH', async () => {
    const w = await testWorld();
    const off = await w.call(w.admin, 'PATCH', `/api/v1/stations/${w.stationA.id}`, { online: false });
    expect(off.body.online).toBe(false);
    const renamed = await w.call(w.admin, 'PATCH', `/api/v1/stations/${w.stationA.id}`, { host: '新东家' });
    expect(renamed.body).toMatchObject({ host: '新东家', online: false });
    const empty = await w.call(w.admin, 'PATCH', `/api/v1/stations/${w.stationA.id}`, {});
    expect(empty.status).toBe(422);
  });

  it('answers malformed JSON at /oauth/token and /login with 400', async () => {
    const w = await testWorld();
    for (const path of ['/oauth/token', '/login']) {
      const res = await w.call(null, 'POST', path, '{"grant_type":', { 'Content-Type': 'application/json' });
      expect(res.status, path).toBe(400);
      expect(res.headers.get('content-type'), path).toContain('application/problem+json');
    }
  });

  it('refuses a merchant admin inviting a user into another merchant', async () => {
    const w = await testWorld();
    const admin = await w.user('merchant_admin', { merchantId: w.merchantA.id });
    const res = await w.call(admin, 'POST', '/api/v1/users', {
      email: 'someone@example.cn',
      password: 'long enough password',
      role: 'merchant_agent',
      merchantId: w.merchantB.id,
    });
    expect(res.status).toBe(403);
    const own = await w.call(admin, 'POST', '/api/v1/users', {
      email: 'someone@example.cn',
      password: 'long enough password',
      role: 'merchant_agent',
    });
    expect(own.status).toBe(201);
    expect(own.body.merchantId).toBe(w.merchantA.id);
  });
});
