import { describe, expect, it } from 'vitest';
import { sweep } from '../src/complaints/sweeper';
import { shanghai, type TestWorld, testWorld } from './harness';

async function events(w: TestWorld, id: string) {
  const res = await w.call(w.actors.staff, 'GET', `/api/v1/complaints/${id}/events`);
  return (res.body.data as { type: string; data: Record<string, unknown> }[]).map((e) => e);
}
const types = (list: { type: string }[]) => list.map((e) => e.type);

describe('the SLA clock on complaints', () => {
  it('starts on assignment with the merchant policy, counted in working days', async () => {
    const w = await testWorld(); // Monday 2026-11-30 10:00 Shanghai
    const c = await w.intake();
    expect(c.sla).toMatchObject({
      policy: 'standard',
      state: 'on_track',
      // 2 working days after Monday: Tuesday, Wednesday → 24:00 Wednesday.
      acknowledgeDueAt: '2026-12-03T00:00:00.000+08:00',
      // 10 working days: Dec 1–4, 7–11, 14 → 24:00 Monday Dec 14.
      settleDueAt: '2026-12-15T00:00:00.000+08:00',
      pausedAt: null,
      calendarGap: false,
      calendarProvisional: false,
    });
    const unrouted = await w.intake({ merchantId: undefined });
    expect(unrouted.sla).toBeNull();
    const assigned = await w.call(w.actors.staff, 'POST', `/api/v1/complaints/${unrouted.id}/assign`, {
      merchantId: w.merchantA.id,
    });
    expect(assigned.body.sla.acknowledgeDueAt).toBe('2026-12-03T00:00:00.000+08:00');
  });

  it('applies a policy change to complaints assigned afterwards only', async () => {
    const w = await testWorld();
    const before = await w.intake();
    const changed = await w.call(w.admin, 'PATCH', `/api/v1/merchants/${w.merchantA.id}`, {
      slaPolicy: 'fast',
    });
    expect(changed.status).toBe(200);
    expect(changed.body.policy.settle).toEqual({ amount: 7, unit: 'calendar_days' });
    const after = await w.intake();
    expect(after.sla.policy).toBe('fast');
    // 7 calendar days after Monday Nov 30 is Monday Dec 7, a working day.
    expect(after.sla.settleDueAt).toBe('2026-12-08T00:00:00.000+08:00');
    const old = await w.call(w.actors.staff, 'GET', `/api/v1/complaints/${before.id}`);
    expect(old.body.sla.policy).toBe('standard');
    expect(old.body.sla.settleDueAt).toBe('2026-12-15T00:00:00.000+08:00');
    const staffTry = await w.call(w.actors.staff, 'PATCH', `/api/v1/merchants/${w.merchantA.id}`, {
      slaPolicy: 'standard',
    });
    expect(staffTry.status).toBe(403);
    const unknown = await w.call(w.admin, 'PATCH', `/api/v1/merchants/${w.merchantA.id}`, {
      slaPolicy: 'instant',
    });
    expect(unknown.status).toBe(422);
  });

  it('pauses while waiting for the consumer and gives back exactly the working days left', async () => {
    const w = await testWorld();
    const c = await w.intake();
    await w.call(w.actors.merchantA, 'POST', `/api/v1/complaints/${c.id}/acknowledge`);
    await w.travel(shanghai('2026-12-01T10:00:00'));
    const paused = await w.call(w.actors.merchantA, 'POST', `/api/v1/complaints/${c.id}/info-requests`, {
      body: '请提供购买发票',
    });
    expect(paused.body.sla).toMatchObject({ state: 'paused', pausedAt: '2026-12-01T10:00:00.000+08:00' });
    const listed = await w.call(w.actors.merchantA, 'GET', '/api/v1/complaints?slaState=paused');
    expect(listed.body.data.map((x: { id: string }) => x.id)).toEqual([c.id]);
    // Left after the pause day (Dec 1) up to Dec 14: Dec 2, 3, 4, 7–11, 14 = 9 working days.
    await w.travel(shanghai('2026-12-04T15:00:00'));
    const resumed = await w.call(w.actors.merchantA, 'POST', `/api/v1/complaints/${c.id}/consumer-replies`, {
      body: '发票已拍照上传',
    });
    expect(resumed.body.status).toBe('acknowledged');
    // 9 working days after Friday Dec 4: Dec 7–11, 14–17 → 24:00 Thursday Dec 17.
    expect(resumed.body.sla).toMatchObject({
      state: 'on_track',
      pausedAt: null,
      settleDueAt: '2026-12-18T00:00:00.000+08:00',
    });
  });
});

describe('the SLA sweeper', () => {
  it('raises due-soon and breached once per complaint and stage, and escalates a missed settle deadline', async () => {
    const w = await testWorld();
    const c = await w.intake();
    expect(await sweep(w.runtime)).toEqual({
      dueSoon: 0,
      breached: 0,
      escalated: 0,
      commissionDueSoon: 0,
      commissionBreached: 0,
    });

    // Tuesday: the acknowledge deadline (end of Wednesday) falls on the next working day.
    await w.travel(shanghai('2026-12-01T09:00:00'));
    expect(await sweep(w.runtime)).toEqual({
      dueSoon: 1,
      breached: 0,
      escalated: 0,
      commissionDueSoon: 0,
      commissionBreached: 0,
    });
    expect(await sweep(w.runtime)).toEqual({
      dueSoon: 0,
      breached: 0,
      escalated: 0,
      commissionDueSoon: 0,
      commissionBreached: 0,
    });
    const got = await w.call(w.actors.merchantA, 'GET', `/api/v1/complaints/${c.id}`);
    expect(got.body.sla.state).toBe('due_soon');

    await w.travel(shanghai('2026-12-03T00:00:01'));
    expect(await sweep(w.runtime)).toEqual({
      dueSoon: 0,
      breached: 1,
      escalated: 0,
      commissionDueSoon: 0,
      commissionBreached: 0,
    });
    const breach = (await events(w, c.id)).find((e) => e.type === 'complaint.sla_breached');
    expect(breach?.data).toMatchObject({ stage: 'acknowledge', dueAt: '2026-12-03T00:00:00.000+08:00' });

    await w.call(w.actors.merchantA, 'POST', `/api/v1/complaints/${c.id}/acknowledge`);
    await w.travel(shanghai('2026-12-15T00:00:00'));
    expect(await sweep(w.runtime)).toEqual({
      dueSoon: 0,
      breached: 1,
      escalated: 1,
      commissionDueSoon: 0,
      commissionBreached: 0,
    });
    expect(await sweep(w.runtime)).toEqual({
      dueSoon: 0,
      breached: 0,
      escalated: 0,
      commissionDueSoon: 0,
      commissionBreached: 0,
    });
    const after = await w.call(w.actors.merchantA, 'GET', `/api/v1/complaints/${c.id}`);
    expect(after.body.status).toBe('escalated');
    expect(after.body.sla.state).toBe('overdue');
    const timeline = await events(w, c.id);
    expect(types(timeline).filter((t) => t.startsWith('complaint.sla_'))).toEqual([
      'complaint.sla_due_soon',
      'complaint.sla_breached',
      // The settle stage, breached at 24:00 Dec 14 (the sweeper never ran while it was due soon).
      'complaint.sla_breached',
    ]);
    const escalation = timeline.find((e) => e.type === 'complaint.escalated');
    expect(escalation?.data.cause).toBe('settle_deadline_passed');
  });

  it('raises each notice exactly once when two sweepers run at once', async () => {
    const w = await testWorld();
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push((await w.intake()).id);
    for (const id of ids.slice(0, 6))
      await w.call(w.actors.merchantA, 'POST', `/api/v1/complaints/${id}/acknowledge`);
    await w.travel(shanghai('2026-12-15T08:00:00'));
    const [a, b] = await Promise.all([sweep(w.runtime), sweep(w.runtime)]);
    expect(a.breached + b.breached).toBe(12);
    // Escalated at the settle deadline whatever the stage: the six never acknowledged too.
    expect(a.escalated + b.escalated).toBe(12);
    for (const id of ids) {
      const timeline = types(await events(w, id));
      expect(timeline.filter((t) => t === 'complaint.sla_breached')).toHaveLength(1);
      expect(timeline.filter((t) => t === 'complaint.escalated').length).toBeLessThanOrEqual(1);
    }
  });
});

describe('listing by SLA', () => {
  it('filters by every SLA state in agreement with the state each complaint shows, and sorts by due date', async () => {
    const w = await testWorld({ now: shanghai('2026-11-16T10:00:00') });
    const call = (path: string, body?: unknown) => w.call(w.actors.merchantA, 'POST', path, body);
    // Complaints at different points, all for merchant A, made as time moves forward.
    const late = await w.intake(); // will be settled late
    const early = await w.intake(); // settled in time
    await call(`/api/v1/complaints/${early.id}/acknowledge`);
    await call(`/api/v1/complaints/${early.id}/settlement`, {
      outcome: 'refund',
      amountFen: 100,
      consumerAccepted: true,
    });
    await w.travel(shanghai('2026-11-26T10:00:00'));
    const pausedOne = await w.intake();
    await call(`/api/v1/complaints/${pausedOne.id}/acknowledge`);
    await call(`/api/v1/complaints/${pausedOne.id}/info-requests`, { body: '请补充照片' });
    await w.travel(shanghai('2026-12-01T10:00:00'));
    await call(`/api/v1/complaints/${late.id}/acknowledge`);
    await call(`/api/v1/complaints/${late.id}/settlement`, {
      outcome: 'repair',
      amountFen: 0,
      consumerAccepted: true,
    });
    // Assigned Tuesday Dec 1: acknowledge by 24:00 Thursday Dec 3, so overdue on Friday morning.
    const overdue = await w.intake({ receivedAt: '2026-11-27T10:00:00+08:00' });
    await w.travel(shanghai('2026-12-02T10:00:00'));
    // Assigned Wednesday Dec 2: acknowledge by 24:00 Friday Dec 4, so due soon on Friday morning.
    const fresh = await w.intake();
    await w.travel(shanghai('2026-12-04T09:00:00'));

    const all = (await w.call(w.actors.merchantA, 'GET', '/api/v1/complaints?limit=100')).body.data as {
      id: string;
      sla: { state: string } | null;
    }[];
    const states = new Map(all.map((c) => [c.id, c.sla?.state ?? null]));
    expect(states.get(early.id)).toBe('met');
    expect(states.get(late.id)).toBe('overdue');
    expect(states.get(pausedOne.id)).toBe('paused');
    expect(states.get(overdue.id)).toBe('overdue');
    expect(states.get(fresh.id)).toBe('due_soon');
    for (const state of ['on_track', 'due_soon', 'overdue', 'paused', 'met']) {
      const filtered = await w.call(
        w.actors.merchantA,
        'GET',
        `/api/v1/complaints?slaState=${state}&limit=100`,
      );
      const expected = all
        .filter((c) => c.sla?.state === state)
        .map((c) => c.id)
        .sort();
      expect(filtered.body.data.map((c: { id: string }) => c.id).sort(), state).toEqual(expected);
    }
    const byDue = await w.call(w.actors.merchantA, 'GET', '/api/v1/complaints?sort=dueAt&limit=2');
    expect(byDue.body.data[0].id).toBe(overdue.id);
    const next = await w.call(
      w.actors.merchantA,
      'GET',
      `/api/v1/complaints?sort=dueAt&limit=2&cursor=${byDue.body.nextCursor}`,
    );
    const seen = [...byDue.body.data, ...next.body.data].map((c: { id: string }) => c.id);
    expect(new Set(seen).size).toBe(seen.length);
  });
});

describe('calendars API', () => {
  it('answers shipped years, marks a year without data, and computes deadlines across adjusted working days', async () => {
    const w = await testWorld();
    const y2026 = await w.call(w.actors.merchantA, 'GET', '/api/v1/calendars/2026');
    expect(y2026.status).toBe(200);
    expect(y2026.body.daysOff).toContain('2026-10-01');
    expect(y2026.body.workdays).toContain('2026-10-10');
    expect(y2026.body.calendarGap).toBe(false);
    // No notice for 2031: the statutory holidays, provisionally. None at all for 1999: Monday–Friday.
    const y2031 = await w.call(w.actors.merchantA, 'GET', '/api/v1/calendars/2031');
    expect(y2031.body).toMatchObject({
      year: 2031,
      calendarGap: false,
      calendarProvisional: true,
      workdays: [],
    });
    expect(y2031.body.daysOff).toEqual(expect.arrayContaining(['2031-01-01', '2031-05-01', '2031-10-01']));
    const y1999 = await w.call(w.actors.merchantA, 'GET', '/api/v1/calendars/1999');
    expect(y1999.body).toMatchObject({
      year: 1999,
      daysOff: [],
      calendarGap: true,
      calendarProvisional: false,
    });

    // Sep 30 → National Day Oct 1–7 off; Oct 8, 9 and the adjusted Saturday Oct 10 are worked.
    const due = await w.call(
      w.actors.merchantA,
      'GET',
      `/api/v1/calendars/deadline?from=${encodeURIComponent('2026-09-30T10:00:00+08:00')}&amount=3&unit=working_days`,
    );
    expect(due.body).toMatchObject({ dueAt: '2026-10-11T00:00:00.000+08:00', calendarGap: false });
    // Thursday 31 December 2026 + 2 working days: 1 January 2027 is 元旦 whatever the notice says.
    const provisional = await w.call(
      w.actors.merchantA,
      'GET',
      `/api/v1/calendars/deadline?from=${encodeURIComponent('2026-12-31T10:00:00+08:00')}&amount=2&unit=working_days`,
    );
    expect(provisional.body).toMatchObject({
      dueAt: '2027-01-06T00:00:00.000+08:00',
      calendarGap: false,
      calendarProvisional: true,
    });
    for (const bad of ['amount=-1&unit=working_days', 'amount=2&unit=weeks', 'amount=2']) {
      const res = await w.call(
        w.actors.merchantA,
        'GET',
        `/api/v1/calendars/deadline?from=2026-09-30T10:00:00%2B08:00&${bad}`,
      );
      expect(res.status, bad).toBe(422);
    }
  });

  it('lets a commission admin load a year, validated, and uses it at once', async () => {
    const w = await testWorld();
    const year = { daysOff: ['2027-01-01', '2027-02-05', '2027-02-08'], workdays: ['2027-02-06'] };
    expect((await w.call(w.actors.staff, 'PUT', '/api/v1/calendars/2027', year)).status).toBe(403);
    const outside = await w.call(w.admin, 'PUT', '/api/v1/calendars/2027', {
      daysOff: ['2026-12-31'],
      workdays: [],
    });
    expect(outside.status).toBe(422);
    const both = await w.call(w.admin, 'PUT', '/api/v1/calendars/2027', {
      daysOff: ['2027-02-06'],
      workdays: ['2027-02-06'],
    });
    expect(both.status).toBe(422);
    expect(both.body.errors.length).toBeGreaterThan(0);
    const malformed = await w.call(w.admin, 'PUT', '/api/v1/calendars/2027', {
      daysOff: ['2027-02-30'],
      workdays: [],
    });
    expect(malformed.status).toBe(422);
    const ok = await w.call(w.admin, 'PUT', '/api/v1/calendars/2027', year);
    expect(ok.status).toBe(200);
    // Thursday Feb 4 2027: Feb 5 off, Feb 6 (Saturday) worked, Feb 8 off → 2 working days end 24:00 Feb 9.
    const due = await w.call(
      w.actors.merchantA,
      'GET',
      `/api/v1/calendars/deadline?from=${encodeURIComponent('2027-02-04T10:00:00+08:00')}&amount=2&unit=working_days`,
    );
    expect(due.body).toMatchObject({
      dueAt: '2027-02-10T00:00:00.000+08:00',
      calendarGap: false,
      calendarProvisional: false,
    });
    const loaded = await w.call(w.actors.merchantA, 'GET', '/api/v1/calendars/2027');
    expect(loaded.body).toMatchObject({ ...year, calendarProvisional: false, calendarGap: false });
  });

  it('counts a complaint whose deadline reaches a year with no notice on the provisional calendar, and says so', async () => {
    // Assigned Thursday 24 December 2026 (standard: 2 working days to acknowledge, 10 to settle).
    const w = await testWorld({ now: Date.parse('2026-12-24T10:00:00+08:00') });
    const c = await w.intake();
    expect(c.sla).toMatchObject({
      acknowledgeDueAt: '2026-12-29T00:00:00.000+08:00', // Fri 25, Mon 28: inside 2026, official
      // Dec 25, 28–31, (Fri 1 Jan 2027: 元旦), Jan 4–8 → 24:00 Friday 8 January; Monday–Friday said the 7th.
      settleDueAt: '2027-01-09T00:00:00.000+08:00',
      calendarGap: false,
      calendarProvisional: true,
    });
    const agent = await w.user('merchant_agent', { merchantId: w.merchantA.id });
    const page = await w.app.request(`/complaints/${c.id}`, { headers: { Cookie: agent.cookie } });
    expect(await page.text()).toContain('暂按法定节假日计算');
  });
  it('recomputes running clocks when the notice for their year is loaded: the official calendar wins', async () => {
    const w = await testWorld({ now: Date.parse('2026-12-24T10:00:00+08:00') });
    const c = await w.intake();
    expect(c.sla).toMatchObject({ settleDueAt: '2027-01-09T00:00:00.000+08:00', calendarProvisional: true });
    // Suppose the notice gives Monday 4 January off too: ten working days end on Monday 11th.
    const put = await w.call(w.admin, 'PUT', '/api/v1/calendars/2027', {
      daysOff: ['2027-01-01', '2027-01-04'],
      workdays: [],
    });
    expect(put.status).toBe(200);
    const after = await w.call(w.actors.merchantA, 'GET', `/api/v1/complaints/${c.id}`);
    expect(after.body.sla).toMatchObject({
      acknowledgeDueAt: '2026-12-29T00:00:00.000+08:00',
      settleDueAt: '2027-01-12T00:00:00.000+08:00',
      calendarProvisional: false,
      calendarGap: false,
    });
  });
});
