import { describe, expect, it } from 'vitest';
import { complaintIn, expectProblem, testWorld } from './harness';

/** The audit of full-phone reveals: who read a consumer's whole number, when, which complaint. */
describe('the audit of full-phone reveals', () => {
  it('lists every reveal, newest first, paged, to commission admins only (API)', async () => {
    const w = await testWorld();
    const a = await complaintIn(w, 'acknowledged');
    const b = await complaintIn(w, 'assigned');
    const agent = await w.user('merchant_agent', { merchantId: w.merchantA.id });
    const started = w.clock.now();
    // Three reads of a whole number: a merchant client, a merchant user (cookie), the client again.
    expect((await w.call(w.actors.merchantA, 'GET', `/api/v1/complaints/${a.id}`)).status).toBe(200);
    w.clock.advance(60_000);
    expect((await w.call({ cookie: agent.cookie }, 'GET', `/api/v1/complaints/${b.id}`)).status).toBe(200);
    w.clock.advance(60_000);
    expect((await w.call(w.actors.merchantA, 'GET', `/api/v1/complaints/${b.id}`)).status).toBe(200);
    // Reads that reveal nothing are not listed: a list (masked), another merchant's 404.
    await w.call(w.actors.merchantA, 'GET', '/api/v1/complaints');
    expect((await w.call(w.actors.merchantB, 'GET', `/api/v1/complaints/${a.id}`)).status).toBe(404);

    const first = await w.call({ cookie: w.admin.cookie }, 'GET', '/api/v1/audit/phone-reveals?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.data).toEqual([
      {
        id: expect.any(Number),
        revealedAt: expect.any(String),
        actor: { kind: 'client', id: w.actors.merchantA.id, name: 'test merchant', email: null, role: null },
        complaint: { id: b.id, reference: b.reference },
      },
      {
        id: expect.any(Number),
        revealedAt: expect.any(String),
        actor: {
          kind: 'user',
          id: agent.id,
          name: agent.name,
          email: agent.email,
          role: 'merchant_agent',
        },
        complaint: { id: b.id, reference: b.reference },
      },
    ]);
    expect(Date.parse(first.body.data[0].revealedAt)).toBe(started + 120_000);
    expect(Date.parse(first.body.data[1].revealedAt)).toBe(started + 60_000);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await w.call(
      { cookie: w.admin.cookie },
      'GET',
      `/api/v1/audit/phone-reveals?limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(second.body.data.map((r: any) => [r.complaint.id, Date.parse(r.revealedAt)])).toEqual([
      [a.id, started],
    ]);
    expect(second.body.nextCursor).toBeNull();
    // One complaint's reveals.
    const one = await w.call(
      { cookie: w.admin.cookie },
      'GET',
      `/api/v1/audit/phone-reveals?complaintId=${a.id}`,
    );
    expect(one.body.data.map((r: any) => r.complaint.id)).toEqual([a.id]);

    // Nobody else: staff, merchants, stations, other roles are 403; no credentials 401.
    const merchantAdmin = await w.user('merchant_admin', { merchantId: w.merchantA.id });
    for (const who of [
      w.actors.staff,
      w.actors.merchantA,
      w.actors.stationA,
      { cookie: merchantAdmin.cookie },
    ]) {
      expectProblem(await w.call(who, 'GET', '/api/v1/audit/phone-reveals'), 403);
    }
    expectProblem(await w.call(null, 'GET', '/api/v1/audit/phone-reveals'), 401);
    // Bad input is a 422 naming the parameter.
    const bad = await w.call({ cookie: w.admin.cookie }, 'GET', '/api/v1/audit/phone-reveals?cursor=abc');
    expectProblem(bad, 422);
    expect(bad.body.errors[0].path).toBe('cursor');
    expectProblem(
      await w.call({ cookie: w.admin.cookie }, 'GET', '/api/v1/audit/phone-reveals?limit=0'),
      422,
    );
    expectProblem(
      await w.call({ cookie: w.admin.cookie }, 'GET', '/api/v1/audit/phone-reveals?complaintId=x'),
      422,
    );
  });

  it('shows the reveals on a page linked from the commission admin’s navigation, to nobody else', async () => {
    const w = await testWorld();
    const c = await complaintIn(w, 'acknowledged');
    const agent = await w.user('merchant_agent', { merchantId: w.merchantA.id });
    await w.call({ cookie: agent.cookie }, 'GET', `/api/v1/complaints/${c.id}`);

    // The admin's navigation leads to 系统管理 (/admin), whose sections include the reveals.
    const home = await (await w.app.request('/staff', { headers: { Cookie: w.admin.cookie } })).text();
    expect(home).toContain('href="/admin"');
    const sections = await (await w.app.request('/admin', { headers: { Cookie: w.admin.cookie } })).text();
    expect(sections).toContain('href="/audit/phone-reveals"');
    const res = await w.app.request('/audit/phone-reveals', { headers: { Cookie: w.admin.cookie } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('号码查看记录');
    expect(html).toContain(agent.email);
    expect(html).toContain(`href="/complaints/${c.id}"`);
    expect(html).toContain(c.reference);

    const staff = await w.user('commission_staff');
    const staffHome = await (await w.app.request('/staff', { headers: { Cookie: staff.cookie } })).text();
    expect(staffHome).not.toContain('/audit/phone-reveals');
    for (const who of [staff, agent]) {
      const refused = await w.app.request('/audit/phone-reveals', { headers: { Cookie: who.cookie } });
      expect(refused.status).toBe(403);
    }
    const anonymous = await w.app.request('/audit/phone-reveals');
    expect(anonymous.status).toBe(303);
    for (const cursor of ['abc', 'A'.repeat(300)]) {
      const bad = await w.app.request(`/audit/phone-reveals?cursor=${cursor}`, {
        headers: { Cookie: w.admin.cookie },
      });
      expect(bad.status).toBe(400);
    }
  });
});
