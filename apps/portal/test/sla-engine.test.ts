import { LEAVING_RULES, type LeavingWay } from '@redress/core';
import { describe, expect, it } from 'vitest';
import { sweep } from '../src/complaints/sweeper';
import { shanghai, type TestWorld, testWorld, timelineOf } from './harness';

/**
 * Each way a complaint can leave the merchant (`LEAVING_RULES` of @redress/core), driven
 * through the API with the injectable clock, and checked against the rule table: the status,
 * the escalation cause, each stage's result, the SLA state, and the list filter agreeing.
 *
 * Assigned Monday 2026-11-30 10:00 (standard): acknowledge by 24:00 Wed 2 Dec, settle by 24:00
 * Mon 14 Dec; the consumer's answer window is 3 working days.
 */
const ACK_DUE = '2026-12-03T00:00:00.000+08:00';
const SETTLE_DUE = '2026-12-15T00:00:00.000+08:00';

async function post(
  w: TestWorld,
  actor: keyof TestWorld['actors'],
  id: string,
  action: string,
  body?: unknown,
) {
  const res = await w.call(w.actors[actor], 'POST', `/api/v1/complaints/${id}/${action}`, body ?? {});
  if (res.status !== 200) throw new Error(`${action}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

async function sms(w: TestWorld, id: string): Promise<string[]> {
  const rows = await w.runtime.db
    .selectFrom('notifications')
    .select(['body', 'created_at'])
    .where('complaint_id', '=', id)
    .orderBy('created_at')
    .execute();
  return rows.map((r) => r.body);
}

const propose = (w: TestWorld, id: string) =>
  post(w, 'merchantA', id, 'proposals', { outcome: 'refund', amountFen: 59_900, terms: '全额退款599元' });
const settle = (w: TestWorld, id: string) =>
  post(w, 'merchantA', id, 'settlement', { outcome: 'repair', amountFen: 0, consumerAccepted: true });

/** Drives one way of leaving; returns the complaint's id. */
const WAYS: Record<LeavingWay, (w: TestWorld) => Promise<string>> = {
  async acknowledged_late(w) {
    const c = await w.intake();
    await w.travel(shanghai('2026-12-04T10:00:00')); // a day after the acknowledge deadline
    await post(w, 'merchantA', c.id, 'acknowledge');
    await w.travel(shanghai('2026-12-07T10:00:00'));
    await settle(w, c.id);
    return c.id;
  },
  async never_acknowledged(w) {
    const c = await w.intake();
    await w.travel(shanghai('2026-12-14T23:00:00'));
    expect(await sweep(w.runtime)).toMatchObject({ escalated: 0 });
    await w.travel(shanghai('2026-12-15T06:00:00'));
    expect(await sweep(w.runtime)).toMatchObject({ escalated: 1 });
    return c.id;
  },
  async proposal_before_deadline_accepted(w) {
    const c = await w.intake();
    await post(w, 'merchantA', c.id, 'acknowledge');
    await w.travel(shanghai('2026-12-14T20:00:00'));
    const proposed = await propose(w, c.id);
    // Three working days after Monday 14 Dec: 15, 16, 17 → 24:00 Thursday.
    expect(proposed.sla).toMatchObject({
      state: 'paused',
      stoppedAt: '2026-12-14T20:00:00.000+08:00',
      answerDueAt: '2026-12-18T00:00:00.000+08:00',
    });
    expect((await sms(w, c.id)).at(-1)).toContain('请确认');
    await w.travel(shanghai('2026-12-15T06:08:00')); // past the settle deadline: the clock is stopped
    expect(await sweep(w.runtime)).toEqual({
      dueSoon: 0,
      breached: 0,
      escalated: 0,
      commissionDueSoon: 0,
      commissionBreached: 0,
    });
    await w.travel(shanghai('2026-12-17T15:00:00'));
    await post(w, 'staff', c.id, 'proposal-answers', { accept: true });
    return c.id;
  },
  async proposal_before_deadline_rejected(w) {
    const c = await w.intake();
    await post(w, 'merchantA', c.id, 'acknowledge');
    await w.travel(shanghai('2026-12-10T10:00:00'));
    await propose(w, c.id);
    await w.travel(shanghai('2026-12-15T10:00:00'));
    expect(await sweep(w.runtime)).toMatchObject({ escalated: 0 });
    await post(w, 'staff', c.id, 'proposal-answers', { accept: false, comment: '金额不够' });
    return c.id;
  },
  async proposal_before_deadline_unanswered(w) {
    const c = await w.intake();
    await post(w, 'merchantA', c.id, 'acknowledge');
    await w.travel(shanghai('2026-12-14T20:00:00'));
    await propose(w, c.id);
    await w.travel(shanghai('2026-12-17T23:59:00'));
    expect(await sweep(w.runtime)).toMatchObject({ escalated: 0 });
    await w.travel(shanghai('2026-12-18T00:00:00'));
    // An answer after the window changes nothing: refused, and the sweeper escalates.
    const late = await w.call(w.actors.staff, 'POST', `/api/v1/complaints/${c.id}/proposal-answers`, {
      accept: true,
    });
    expect(late.status).toBe(409);
    expect(await sweep(w.runtime)).toMatchObject({ escalated: 1 });
    expect((await sms(w, c.id)).at(-1)).toContain('您未在答复期限内答复企业的和解方案');
    return c.id;
  },
  async proposal_after_deadline(w) {
    const c = await w.intake();
    await post(w, 'merchantA', c.id, 'acknowledge');
    await w.travel(shanghai('2026-12-15T06:07:00')); // the sweeper has not run yet
    const after = await propose(w, c.id);
    expect(after.status).toBe('escalated');
    // The consumer is told of the mediation, not asked to confirm an offer nobody can accept.
    const texts = await sms(w, c.id);
    expect(texts.at(-1)).toContain('已转消保委调解');
    expect(texts.some((t) => t.includes('请确认'))).toBe(false);
    await w.travel(shanghai('2026-12-15T06:08:00'));
    expect(await sweep(w.runtime)).toMatchObject({ escalated: 0 });
    return c.id;
  },
  async info_request_pauses(w) {
    const c = await w.intake();
    await post(w, 'merchantA', c.id, 'acknowledge');
    await w.travel(shanghai('2026-12-01T10:00:00'));
    await post(w, 'merchantA', c.id, 'info-requests', { body: '请提供购买发票' });
    await w.travel(shanghai('2026-12-04T15:00:00'));
    const resumed = await post(w, 'merchantA', c.id, 'consumer-replies', { body: '发票已上传' });
    expect(resumed.sla.settleDueAt).toBe('2026-12-18T00:00:00.000+08:00');
    await w.travel(shanghai('2026-12-16T10:00:00')); // past the first deadline, within the time given back
    expect(await sweep(w.runtime)).toMatchObject({ escalated: 0 });
    await settle(w, c.id);
    return c.id;
  },
  async settled_in_time(w) {
    const c = await w.intake();
    await post(w, 'merchantA', c.id, 'acknowledge');
    await w.travel(shanghai('2026-12-08T10:00:00'));
    await settle(w, c.id);
    return c.id;
  },
};

describe('each way a complaint leaves the merchant, against the rule table of @redress/core', () => {
  for (const [way, rule] of Object.entries(LEAVING_RULES) as [
    LeavingWay,
    (typeof LEAVING_RULES)[LeavingWay],
  ][]) {
    it(`${way}: ${rule.summary}`, async () => {
      const w = await testWorld();
      const id = await WAYS[way](w);
      const got = await w.call(w.actors.merchantA, 'GET', `/api/v1/complaints/${id}`);
      expect(got.body.status).toBe(rule.status);
      expect(got.body.sla.stages.acknowledge).toMatchObject({ dueAt: ACK_DUE, result: rule.acknowledge });
      expect(got.body.sla.stages.settle.result).toBe(rule.settle);
      expect(got.body.sla.state).toBe(rule.state);
      const escalations = (await timelineOf(w, id)).filter((e) => e.type === 'complaint.escalated');
      expect(escalations.map((e) => e.data.cause)).toEqual(rule.cause === null ? [] : [rule.cause]);
      // The list filter and the scorecard read the same rule.
      const listed = await w.call(w.actors.merchantA, 'GET', `/api/v1/complaints?slaState=${rule.state}`);
      expect(listed.body.data.map((c: { id: string }) => c.id)).toEqual([id]);
      const other = rule.state === 'met' ? 'overdue' : 'met';
      const notListed = await w.call(w.actors.merchantA, 'GET', `/api/v1/complaints?slaState=${other}`);
      expect(notListed.body.data).toEqual([]);
      if (way !== 'info_request_pauses' && way !== 'acknowledged_late')
        expect(got.body.sla.stages.settle.dueAt).toBe(SETTLE_DUE);
    });
  }
});

describe('the clock while the merchant holds the complaint', () => {
  it('an unacknowledged complaint is overdue after its acknowledge deadline and escalated at the settle deadline', async () => {
    const w = await testWorld();
    const c = await w.intake();
    await w.travel(shanghai('2026-12-03T09:00:00'));
    const overdue = await w.call(w.actors.merchantA, 'GET', `/api/v1/complaints/${c.id}`);
    expect(overdue.body.sla.state).toBe('overdue');
    expect(overdue.body.sla.stages.acknowledge.result).toBe('missed');
    expect(overdue.body.sla.stages.settle.result).toBe('pending');
    await w.travel(shanghai('2026-12-15T00:00:00'));
    expect(await sweep(w.runtime)).toMatchObject({ escalated: 1 });
    const texts = await sms(w, c.id);
    expect(texts.at(-1)).toMatch(/已转消保委调解.*企业未在和解期限内处理完毕/);
  });

  it('a revised proposal keeps the clock stopped and gives the consumer a new answer window', async () => {
    const w = await testWorld();
    const c = await w.intake();
    await post(w, 'merchantA', c.id, 'acknowledge');
    await w.travel(shanghai('2026-12-14T20:00:00'));
    await propose(w, c.id);
    await w.travel(shanghai('2026-12-16T10:00:00'));
    const revised = await post(w, 'merchantA', c.id, 'proposals', {
      outcome: 'refund',
      amountFen: 65_000,
      terms: '全额退款并补偿',
    });
    // From Wednesday 16 Dec: 17, 18, 21 → 24:00 Monday 21 Dec.
    expect(revised.sla).toMatchObject({
      state: 'paused',
      stoppedAt: '2026-12-14T20:00:00.000+08:00',
      answerDueAt: '2026-12-22T00:00:00.000+08:00',
    });
    await w.travel(shanghai('2026-12-19T10:00:00'));
    expect(await sweep(w.runtime)).toMatchObject({ escalated: 0 });
    const paused = await w.call(w.actors.merchantA, 'GET', '/api/v1/complaints?slaState=paused');
    expect(paused.body.data.map((x: { id: string }) => x.id)).toEqual([c.id]);
  });

  it('a mediator proposal is not swept: the merchant clock has ended', async () => {
    const w = await testWorld();
    const c = await w.intake();
    await post(w, 'merchantA', c.id, 'decline', { reason: '不同意' });
    await post(w, 'staff', c.id, 'proposals', { outcome: 'repair', amountFen: 0, terms: '调解：免费维修' });
    await w.travel(shanghai('2026-12-20T10:00:00'));
    expect(await sweep(w.runtime)).toMatchObject({ escalated: 0 });
    const got = await w.call(w.actors.staff, 'GET', `/api/v1/complaints/${c.id}`);
    expect(got.body.status).toBe('proposed');
    expect(got.body.sla.answerDueAt).toBeNull();
    // The consumer rejects the mediator's proposal: still in mediation, escalated once.
    await post(w, 'staff', c.id, 'proposal-answers', { accept: false });
    const causes = (await timelineOf(w, c.id)).filter((e) => e.type === 'complaint.escalated');
    expect(causes.map((e) => e.data.cause)).toEqual(['merchant_declined']);
  });
});
