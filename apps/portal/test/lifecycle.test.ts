import { ACTIONS, type Action, allowedActions, STATUSES, type Status, TRANSITIONS } from '@redress/core';
import { describe, expect, it } from 'vitest';
import {
  type Actor,
  advance,
  complaintAsStaff,
  complaintIn,
  expectProblem,
  type TestWorld,
  testWorld,
  timelineOf,
} from './harness';

/**
 * The lifecycle table of `@redress/core`, checked through the HTTP API: every status against
 * every action, by an actor the table allows.
 */

type HttpActor = 'merchant' | 'staff';

const text = { body: '您好，我们已收到您的投诉，正在核实。' };

/** Each action's route and a valid body. */
const ROUTES: Record<Action, { route: string; body?: (w: TestWorld) => unknown }> = {
  assign: { route: 'assign', body: (w) => ({ merchantId: w.merchantA.id }) },
  acknowledge: { route: 'acknowledge' },
  message: { route: 'messages', body: () => text },
  request_info: { route: 'info-requests', body: () => text },
  consumer_reply: { route: 'consumer-replies', body: () => ({ body: '发票已补充' }) },
  propose: {
    route: 'proposals',
    body: () => ({ outcome: 'compensation', amountFen: 5_000, terms: '补偿50元' }),
  },
  // The consumer's answer, as recorded by staff.
  accept_proposal: { route: 'proposal-answers', body: () => ({ accept: true }) },
  reject_proposal: { route: 'proposal-answers', body: () => ({ accept: false }) },
  settle: {
    route: 'settlement',
    body: () => ({ outcome: 'refund', amountFen: 59_900, consumerAccepted: true, note: '电话确认' }),
  },
  decline: { route: 'decline', body: () => ({ reason: '不属于本公司责任' }) },
  escalate: { route: 'escalate', body: () => ({ reason: '企业处理不力' }) },
  refer: { route: 'refer', body: () => ({ to: 'litigation', note: '诉调对接' }) },
  close: { route: 'close', body: () => ({ reason: '办结' }) },
  withdraw: { route: 'withdraw', body: () => ({ reason: '消费者撤诉' }) },
  not_ours: { route: 'not-ours', body: () => ({ reason: '本公司无此门店' }) },
  route_business: { route: 'route-business', body: (w) => ({ merchantId: w.merchantA.id }) },
  mark_not_networked: { route: 'not-networked', body: () => ({ business: { name: '路边烧烤摊' } }) },
  merge: { route: 'merge', body: () => ({ into: kept }) },
};

/** The complaint a duplicate is merged into (made afresh by each test). */
let kept = '';

interface Case {
  action: Action;
  actor: HttpActor;
}

/** Every action, once per actor of the table that calls the API (merchant, staff). */
const CASES: Case[] = ACTIONS.flatMap((action) =>
  (['merchant', 'staff'] as const)
    .filter((actor) => TRANSITIONS[action].by.includes(actor))
    .map((actor) => ({ action, actor })),
);

/** Every action by each API actor the table never allows to take it. */
const REFUSED: { action: Action; actor: HttpActor | 'station' }[] = ACTIONS.flatMap((action) =>
  (['merchant', 'staff', 'station'] as const)
    .filter((actor) => !TRANSITIONS[action].by.includes(actor))
    .map((actor) => ({ action, actor })),
);

/** The events each successful action writes, in order. */
const EVENTS: Record<Action, string[]> = {
  assign: ['complaint.assigned'],
  acknowledge: ['complaint.acknowledged'],
  message: ['complaint.message_sent'],
  request_info: ['complaint.info_requested'],
  consumer_reply: ['complaint.consumer_replied'],
  propose: ['complaint.proposed'],
  accept_proposal: ['complaint.proposal_answered', 'complaint.settled'],
  reject_proposal: ['complaint.proposal_answered', 'complaint.escalated'],
  settle: ['complaint.settled'],
  decline: ['complaint.escalated'],
  escalate: ['complaint.escalated'],
  refer: ['complaint.referred'],
  close: ['complaint.closed'],
  withdraw: ['complaint.withdrawn'],
  not_ours: ['complaint.returned'],
  route_business: ['complaint.assigned'],
  mark_not_networked: ['complaint.escalated'],
  merge: ['complaint.merged'],
};

/**
 * Actions with a guard besides the status (core's `GUARDS`): routing to the merchant a business
 * joined as takes only a complaint taken in as not networked, which this world's complaints never
 * are (business.test.ts covers it); here it is 409 from every status the table lists.
 */
const GUARDED: readonly Action[] = ['route_business'];

const actorToken = (w: TestWorld, actor: HttpActor | 'station'): Actor =>
  actor === 'merchant' ? w.actors.merchantA : actor === 'station' ? w.actors.stationA : w.actors.staff;

describe('every action is covered', () => {
  it('has a case for every action of the table, each by an actor the table allows', () => {
    // Consumer-only answers are recorded by staff: every action has an API actor.
    expect(new Set(CASES.map((c) => c.action))).toEqual(new Set(Object.keys(TRANSITIONS)));
    for (const c of CASES) expect(TRANSITIONS[c.action].by, c.action).toContain(c.actor);
  });
});

describe.each(STATUSES)('a complaint that is %s', (status: Status) => {
  it('answers every action as the transition table says', async () => {
    const w = await testWorld();
    kept = (await w.intake()).id;
    for (const c of CASES) {
      const label = `${status} → ${c.action} by ${c.actor}`;
      const before = await complaintIn(w, status);
      const eventsBefore = await timelineOf(w, before.id);
      const { route, body } = ROUTES[c.action];
      const res = await w.call(
        actorToken(w, c.actor),
        'POST',
        `/api/v1/complaints/${before.id}/${route}`,
        body?.(w),
      );
      const t = TRANSITIONS[c.action];
      const after = await complaintAsStaff(w, before.id);
      const eventsAfter = await timelineOf(w, before.id);
      // What was written before never changes.
      expect(eventsAfter.slice(0, eventsBefore.length), label).toEqual(eventsBefore);

      if (t.from.includes(status) && !GUARDED.includes(c.action)) {
        const to = t.to ?? status;
        expect(res.status, `${label}: ${JSON.stringify(res.body)}`).toBe(200);
        expect(res.body.status, label).toBe(to);
        expect(res.body.version, label).toBe(before.version + 1);
        expect(after.status, label).toBe(to);
        const written = eventsAfter.slice(eventsBefore.length);
        expect(
          written.map((e) => e.type),
          label,
        ).toEqual(EVENTS[c.action]);
        for (const e of written) {
          expect(e.data.object.id, label).toBe(before.id);
          expect(e.data.object.status, label).toBe(to);
          expect(e.actor.role, label).toBe(c.actor === 'merchant' ? 'merchant_admin' : 'commission_staff');
        }
        if (to === 'settled') {
          // Settled after the commission took over is mediation; before, the merchant's first settlement.
          expect(res.body.settlement?.channel, label).toBe(
            status === 'escalated' ? 'mediation' : 'merchant_first',
          );
          expect(res.body.settlement?.amount.amountFen, label).toBe(
            c.action === 'accept_proposal' ? 12_800 : 59_900,
          );
        }
      } else if (c.actor === 'merchant' && status === 'new') {
        // A complaint not yet routed belongs to no merchant: it is not found, whatever the action.
        expectProblem(res, 404, label);
        expect(after.version, label).toBe(before.version);
        expect(eventsAfter, label).toEqual(eventsBefore);
      } else {
        expectProblem(res, 409, label);
        expect(res.body.allowed, label).toEqual(allowedActions(status, c.actor));
        expect(after.status, label).toBe(status);
        expect(after.version, label).toBe(before.version);
        expect(eventsAfter, label).toEqual(eventsBefore);
      }
    }

    // An actor the table never allows is refused (403) whatever the status, and nothing changes;
    // a merchant cannot see a complaint not yet routed to it, so there it is not found (404).
    const target = await complaintIn(w, status, { intake: { stationId: w.stationA.id } });
    const events = await timelineOf(w, target.id);
    for (const r of REFUSED) {
      const label = `${status} → ${r.action} by ${r.actor}`;
      const { route, body } = ROUTES[r.action];
      const res = await w.call(
        actorToken(w, r.actor),
        'POST',
        `/api/v1/complaints/${target.id}/${route}`,
        body?.(w),
      );
      expectProblem(res, r.actor === 'merchant' && status === 'new' ? 404 : 403, label);
    }
    expect((await complaintAsStaff(w, target.id)).version).toBe(target.version);
    expect(await timelineOf(w, target.id)).toEqual(events);
  });
});

describe('the timeline', () => {
  it('holds one event per transition, oldest first, and never rewrites one', async () => {
    const w = await testWorld();
    const { staff, merchantA } = w.actors;
    const c = await w.intake({ merchantId: undefined });
    const snapshots: any[][] = [await timelineOf(w, c.id)];
    const steps: [Actor, string, unknown?][] = [
      [staff, 'assign', { merchantId: w.merchantA.id }],
      [merchantA, 'acknowledge'],
      [merchantA, 'info-requests', text],
      [staff, 'consumer-replies', { body: '消费者电话补充了发票' }],
      [merchantA, 'proposals', { outcome: 'repair', terms: '免费上门维修' }],
      [staff, 'proposal-answers', { accept: false, comment: '消费者要求退款' }],
      [staff, 'proposals', { outcome: 'refund', amountFen: 30_000, terms: '退款300元' }],
      [staff, 'proposal-answers', { accept: true }],
      [staff, 'close', { reason: '和解结案' }],
    ];
    for (const [actor, action, body] of steps) {
      await advance(w, 3_600_000);
      const res = await w.call(actor, 'POST', `/api/v1/complaints/${c.id}/${action}`, body);
      expect(res.status, `${action}: ${JSON.stringify(res.body)}`).toBe(200);
      const timeline = await timelineOf(w, c.id);
      expect(timeline.slice(0, snapshots.at(-1)!.length)).toEqual(snapshots.at(-1));
      snapshots.push(timeline);
    }
    const timeline = snapshots.at(-1)!;
    expect(timeline.map((e) => e.type)).toEqual([
      'complaint.received',
      'complaint.assigned',
      'complaint.acknowledged',
      'complaint.info_requested',
      'complaint.consumer_replied',
      'complaint.proposed',
      'complaint.proposal_answered',
      'complaint.escalated',
      'complaint.proposed',
      'complaint.proposal_answered',
      'complaint.settled',
      'complaint.closed',
    ]);
    expect(timeline.map((e) => e.data.object.status)).toEqual([
      'new',
      'assigned',
      'acknowledged',
      'awaiting_consumer',
      'acknowledged',
      'proposed',
      'escalated',
      'escalated',
      'proposed',
      'settled',
      'settled',
      'closed',
    ]);
    const times = timeline.map((e) => Date.parse(e.createdAt));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(new Set(times).size).toBe(10); // one instant per request
    expect(new Set(timeline.map((e) => e.id)).size).toBe(timeline.length);
    for (const e of timeline) expect(e.createdAt).toMatch(/\+08:00$/);
    // The settlement reached in mediation is recorded as such.
    const settled = await complaintAsStaff(w, c.id);
    expect(settled.settlement).toMatchObject({
      channel: 'mediation',
      outcome: 'refund',
      amount: { amountFen: 30_000 },
    });
  });

  it('has no route that changes or deletes an event', async () => {
    const w = await testWorld();
    const c = await complaintIn(w, 'acknowledged');
    const before = await timelineOf(w, c.id);
    for (const method of ['PUT', 'PATCH', 'DELETE']) {
      const res = await w.call(w.actors.staff, method, `/api/v1/complaints/${c.id}/events`, {});
      expect(res.status, method).toBeGreaterThanOrEqual(404);
      expect(res.status, method).toBeLessThan(500);
      const id = before[0].id;
      const one = await w.call(w.actors.staff, method, `/api/v1/complaints/${c.id}/events/${id}`, {});
      expect(one.status, method).toBeGreaterThanOrEqual(404);
      expect(one.status, method).toBeLessThan(500);
    }
    expect(await timelineOf(w, c.id)).toEqual(before);
  });
});

describe('the SLA clock', () => {
  it('starts on assignment with the merchant policy and Shanghai-time deadlines', async () => {
    const w = await testWorld(); // Monday 2026-11-30 10:00 Shanghai
    const fresh = await w.intake({ merchantId: undefined });
    expect(fresh.status).toBe('new');
    expect(fresh.sla).toBeNull();
    const res = await w.call(w.actors.staff, 'POST', `/api/v1/complaints/${fresh.id}/assign`, {
      merchantId: w.merchantA.id,
    });
    expect(res.status).toBe(200);
    const { sla } = res.body;
    expect(sla.policy).toBe('standard');
    expect(sla.state).toBe('on_track');
    expect(sla.pausedAt).toBeNull();
    expect(sla.calendarGap).toBe(false);
    expect(sla.acknowledgeDueAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+08:00$/);
    expect(sla.settleDueAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+08:00$/);
    // Two working days (Tue 1, Wed 2 December) and ten working days (to Mon 14 December), to 24:00.
    expect(Date.parse(sla.acknowledgeDueAt)).toBe(Date.parse('2026-12-03T00:00:00+08:00'));
    expect(Date.parse(sla.settleDueAt)).toBe(Date.parse('2026-12-15T00:00:00+08:00'));
    expect(res.body.assignedAt).toMatch(/\+08:00$/);
    // Taken in with a merchant: the same clock from the start.
    const direct = await w.intake();
    expect(direct.sla).toMatchObject({ policy: 'standard', acknowledgeDueAt: sla.acknowledgeDueAt });
  });

  it('pauses while awaiting the consumer and resumes with the days that were left', async () => {
    const w = await testWorld();
    const c = await complaintIn(w, 'acknowledged');
    const settleDueAt = c.sla.settleDueAt;
    const asked = await w.call(w.actors.merchantA, 'POST', `/api/v1/complaints/${c.id}/info-requests`, text);
    expect(asked.status).toBe(200);
    expect(asked.body.sla.state).toBe('paused');
    expect(Date.parse(asked.body.sla.pausedAt)).toBe(w.clock.now());
    expect(asked.body.sla.pausedAt).toMatch(/\+08:00$/);
    expect((await complaintAsStaff(w, c.id)).sla.state).toBe('paused');
    const paused = await w.call(w.actors.staff, 'GET', '/api/v1/complaints?slaState=paused');
    expect(paused.body.data.map((x: any) => x.id)).toEqual([c.id]);

    // Two days later (Wednesday) the consumer answers: the ten working days count again from then.
    await advance(w, 2 * 24 * 3_600_000);
    const replied = await w.call(w.actors.merchantA, 'POST', `/api/v1/complaints/${c.id}/consumer-replies`, {
      body: '已补充',
    });
    expect(replied.status).toBe(200);
    expect(replied.body.sla.state).not.toBe('paused');
    expect(replied.body.sla.pausedAt).toBeNull();
    expect(Date.parse(settleDueAt)).toBe(Date.parse('2026-12-15T00:00:00+08:00'));
    expect(Date.parse(replied.body.sla.settleDueAt)).toBe(Date.parse('2026-12-17T00:00:00+08:00'));
  });
});
