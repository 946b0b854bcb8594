import { smsLength } from '@redress/core';
import { describe, expect, it } from 'vitest';
import { sweep } from '../src/complaints/sweeper';
import {
  type Actor,
  advance,
  complaintAsStaff,
  complaintIn,
  consumerTokenOf,
  type TestWorld,
  testWorld,
} from './harness';

/** The SMS a consumer gets when the merchant writes, asks or proposes, and the link in it. */

async function linksOf(w: Awaited<ReturnType<typeof testWorld>>, complaintId: string) {
  const rows = await w.runtime.db
    .selectFrom('notifications')
    .select(['link', 'body'])
    .where('complaint_id', '=', complaintId)
    .orderBy('id')
    .execute();
  return rows.map((r) => {
    expect(r.body).toContain(r.link);
    return r.link;
  });
}

describe('consumer notifications', () => {
  it('carry one working link per complaint and day, and a fresh one after a day', async () => {
    const w = await testWorld();
    const c = await complaintIn(w, 'acknowledged');
    const other = await complaintIn(w, 'acknowledged');
    const send = (id: string, body: string) =>
      w.call(w.actors.merchantA, 'POST', `/api/v1/complaints/${id}/messages`, { body });

    expect((await send(c.id, '您好，已收到。')).status).toBe(200);
    expect((await send(c.id, '正在核实订单。')).status).toBe(200);
    expect((await send(other.id, '您好。')).status).toBe(200);
    const [first, second] = await linksOf(w, c.id);
    expect(second).toBe(first);
    const [otherLink] = await linksOf(w, other.id);
    expect(otherLink).not.toBe(first);

    await advance(w, 25 * 3600_000);
    expect((await send(c.id, '检测结果已出。')).status).toBe(200);
    const third = (await linksOf(w, c.id))[2];
    expect(third).toBeDefined();
    expect(third).not.toBe(first);

    // Every link opens its own complaint, and only that one.
    for (const [link, id] of [
      [first, c.id],
      [third, c.id],
      [otherLink, other.id],
    ] as const) {
      const token = link?.split('/c/')[1] ?? '';
      const opened = await w.app.request(`/api/v1/consumer/${token}`);
      expect(opened.status).toBe(200);
      expect((await opened.json()).complaint.reference).toBe(id === c.id ? c.reference : other.reference);
    }
  });
});

/** The last SMS the consumer was sent about a complaint, and the number of them. */
async function lastSms(w: TestWorld, complaintId: string) {
  const rows = await w.runtime.db
    .selectFrom('notifications')
    .selectAll()
    .where('complaint_id', '=', complaintId)
    .orderBy('id')
    .execute();
  return { last: rows.at(-1), count: rows.length };
}

const post = async (w: TestWorld, actor: Actor | null, path: string, body: unknown = {}) => {
  const res = await w.call(actor, 'POST', path, body);
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};

/**
 * Every change the consumer must know about, made through the API (and the sweeper) as it
 * happens, and what their SMS must say. Each case returns the complaint changed.
 */
const CHANGES: Record<string, { says: RegExp; make: (w: TestWorld) => Promise<{ id: string }> }> = {
  proposal: {
    says: /企业提出了和解方案，请确认.*退还安装费128元/,
    make: (w) => complaintIn(w, 'proposed'),
  },
  'information request': {
    says: /处理您的投诉需要您补充材料.*请提供购买发票和故障照片/,
    make: (w) => complaintIn(w, 'awaiting_consumer'),
  },
  'escalation by staff': {
    says: /已转消保委调解.*消保委决定介入调解/,
    make: async (w) => {
      const c = await complaintIn(w, 'acknowledged');
      return post(w, w.actors.staff, `/api/v1/complaints/${c.id}/escalate`, { reason: '多次投诉' });
    },
  },
  'decline by the merchant': {
    says: /已转消保委调解.*企业不同意和解/,
    make: (w) => complaintIn(w, 'escalated'),
  },
  'the consumer rejects the proposal (link)': {
    says: /已转消保委调解.*您未接受企业的和解方案/,
    make: async (w) => {
      const c = await complaintIn(w, 'proposed');
      const token = await consumerTokenOf(w, c.id);
      return post(w, null, `/api/v1/consumer/${token}/proposal-answer`, { accept: false });
    },
  },
  'the consumer rejects the proposal (by phone, recorded by staff)': {
    says: /已转消保委调解.*您未接受企业的和解方案/,
    make: async (w) => {
      const c = await complaintIn(w, 'proposed');
      return post(w, w.actors.staff, `/api/v1/complaints/${c.id}/proposal-answers`, { accept: false });
    },
  },
  'no answer in the window (sweeper)': {
    says: /已转消保委调解.*您未在答复期限内答复企业的和解方案/,
    make: async (w) => {
      const c = await complaintIn(w, 'proposed');
      await w.travel(Date.parse((await complaintAsStaff(w, c.id)).sla.answerDueAt) + 60_000);
      expect((await sweep(w.runtime)).escalated).toBe(1);
      return c;
    },
  },
  'the merchant overdue (sweeper)': {
    says: /已转消保委调解.*企业未在和解期限内处理完毕/,
    make: async (w) => {
      const c = await complaintIn(w, 'acknowledged');
      await w.travel(Date.parse((await complaintAsStaff(w, c.id)).sla.settleDueAt) + 60_000);
      expect((await sweep(w.runtime)).escalated).toBe(1);
      return c;
    },
  },
  'a settlement recorded by the merchant': {
    says: /已与企业达成和解，欢迎评价处理结果.*维修(?!.*¥)/,
    make: (w) => complaintIn(w, 'settled'),
  },
  'the proposal accepted (link)': {
    says: /已与企业达成和解.*退款，¥128\.00 /,
    make: async (w) => {
      const c = await complaintIn(w, 'proposed');
      const token = await consumerTokenOf(w, c.id);
      return post(w, null, `/api/v1/consumer/${token}/proposal-answer`, { accept: true });
    },
  },
  'a settlement in mediation': {
    says: /已经消保委调解达成和解.*赔偿，¥300\.00 /,
    make: async (w) => {
      const c = await complaintIn(w, 'escalated');
      return post(w, w.actors.staff, `/api/v1/complaints/${c.id}/settlement`, {
        outcome: 'compensation',
        amountFen: 30_000,
        consumerAccepted: true,
      });
    },
  },
  'a mediator’s proposal accepted (recorded by staff)': {
    says: /已经消保委调解达成和解.*退款，¥200\.00 /,
    make: async (w) => {
      const c = await complaintIn(w, 'escalated');
      const proposal = { outcome: 'refund', amountFen: 20_000, terms: '退款200元' };
      await post(w, w.actors.staff, `/api/v1/complaints/${c.id}/proposals`, proposal);
      return post(w, w.actors.staff, `/api/v1/complaints/${c.id}/proposal-answers`, { accept: true });
    },
  },
  referral: {
    says: /已移交处理.*人民调解：调解不成，移交人民调解/,
    make: (w) => complaintIn(w, 'referred'),
  },
  closing: {
    says: /已办结，欢迎评价处理结果.*调解终止/,
    make: (w) => complaintIn(w, 'closed'),
  },
  'withdrawal (recorded by staff)': {
    says: /已撤回，欢迎评价处理结果.*消费者撤诉/,
    make: (w) => complaintIn(w, 'withdrawn'),
  },
};

describe('the consumer is texted on every change they must know about', () => {
  it.each(Object.keys(CHANGES))('%s', async (name) => {
    const w = await testWorld();
    const change = CHANGES[name]!;
    const c = await change.make(w);
    const { last } = await lastSms(w, c.id);
    expect(last, 'an SMS was written').toBeDefined();
    const complaint = await complaintAsStaff(w, c.id);
    expect(last).toMatchObject({ channel: 'sms', recipient: '13812345678', created_at: w.clock.now() });
    expect(last!.body).toMatch(/^【消保委】/);
    expect(last!.body).toContain(`（${complaint.reference}）`);
    expect(last!.body).toMatch(change.says);
    // The link in it opens this complaint's page for the consumer.
    expect(last!.body.endsWith(` ${last!.link}`)).toBe(true);
    // A short link, and the whole text in one SMS or two at most.
    expect(new URL(last!.link!).pathname).toMatch(/^\/c\/[0-9a-z]{10}$/);
    expect(smsLength(last!.body).segments).toBeLessThanOrEqual(2);
    const page = await w.app.request(new URL(last!.link!).pathname);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(complaint.reference);
  });

  it('a mediator’s proposal rejected leaves the complaint in mediation: no new SMS', async () => {
    const w = await testWorld();
    const c = await complaintIn(w, 'escalated');
    const proposal = { outcome: 'refund', amountFen: 20_000, terms: '退款200元' };
    await post(w, w.actors.staff, `/api/v1/complaints/${c.id}/proposals`, proposal);
    const before = await lastSms(w, c.id);
    await post(w, w.actors.staff, `/api/v1/complaints/${c.id}/proposal-answers`, { accept: false });
    expect((await complaintAsStaff(w, c.id)).status).toBe('escalated');
    expect((await lastSms(w, c.id)).count).toBe(before.count);
  });

  it('nothing is sent to a complaint without a phone number', async () => {
    const w = await testWorld();
    const c = await complaintIn(w, 'closed', { intake: { consumer: { name: '匿名' } } });
    expect((await lastSms(w, c.id)).count).toBe(0);
  });
});
