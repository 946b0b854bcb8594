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

  it('searches text literally: a % or _ in `q` matches only itself, and the reference is searchable', async () => {
    const w = await testWorld();
    const percent = await w.intake({ subject: '会员卡打 8% 折扣不兑现' });
    const plain = await w.intake({ subject: '会员卡余额被清零' });
    const ids = async (q: string) =>
      (
        await w.call(w.actors.merchantA, 'GET', `/api/v1/complaints?q=${encodeURIComponent(q)}`)
      ).body.data.map((c: { id: string }) => c.id);
    expect(await ids('8%')).toEqual([percent.id]);
    expect(await ids('%')).toEqual([percent.id]);
    expect(await ids('_')).toEqual([]);
    expect((await ids('会员卡')).sort()).toEqual([percent.id, plain.id].sort());
    expect(await ids(plain.reference)).toEqual([plain.id]);
    // Another merchant's search never reaches merchant A's complaints.
    const other = await w.call(w.actors.merchantB, 'GET', '/api/v1/complaints?q=%E4%BC%9A%E5%91%98%E5%8D%A1');
    expect(other.body.data).toEqual([]);
  });
});
