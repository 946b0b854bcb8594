import { CreateComplaintInput } from '@redress/core';
import { describe, expect, it } from 'vitest';
import { type IntakeItem, takeIn } from '../src/complaints';
import { withPrincipal } from '../src/context';
import { SYSTEM } from '../src/http/principal';
import { matchBusiness } from '../src/merchants';
import { expectProblem, MONDAY_10AM, type TestWorld, testWorld, timelineOf } from './harness';

/**
 * Complaints about any business (issue 13): the credit code's check character, intake naming a
 * networked merchant or a business that is not one, aliases and matching, routing a joined
 * business's complaints, "not ours", duplicates and merging. Through the API (and the pages at
 * the end) on both databases.
 */

// Real codes (国家企业信用信息公示系统): 深圳市腾讯计算机系统有限公司, 华为技术有限公司.
const TENCENT = '91440300708461136T';
const HUAWEI = '914403001922038216';
const DAY = 86_400_000;

const complaint = (overrides: Record<string, unknown> = {}) => ({
  channel: 'hotline',
  subject: '会员自动续费未提示',
  description: '未经同意自动续费，客服不予退款。',
  category: 'online_shopping',
  consumer: { name: '李女士', phone: '13900001111' },
  ...overrides,
});

async function take(w: TestWorld, overrides: Record<string, unknown> = {}) {
  const res = await w.call(w.actors.staff, 'POST', '/api/v1/complaints', complaint(overrides));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function registerMerchant(w: TestWorld, name: string, creditCode: string) {
  const res = await w.call(w.admin, 'POST', '/api/v1/merchants', { name, creditCode, slaPolicy: 'standard' });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; name: string; creditCode: string };
}

describe('the credit code’s check character (GB 32100-2015)', () => {
  it('is checked when a merchant registers, when a complaint names a business, and at a station', async () => {
    const w = await testWorld();
    const wrong = `${TENCENT.slice(0, 17)}A`;
    const merchant = await w.call(w.admin, 'POST', '/api/v1/merchants', { name: '腾讯', creditCode: wrong });
    expectProblem(merchant, 422);
    expect(merchant.body.errors).toEqual([
      expect.objectContaining({ path: 'creditCode', code: 'not_a_credit_code' }),
    ]);

    const intake = await w.call(
      w.actors.staff,
      'POST',
      '/api/v1/complaints',
      complaint({ business: { name: '某小吃店', creditCode: wrong } }),
    );
    expectProblem(intake, 422);
    expect(intake.body.errors).toEqual([
      expect.objectContaining({ path: 'business.creditCode', code: 'not_a_credit_code' }),
    ]);

    const settlement = await w.call(w.actors.stationA, 'POST', '/api/v1/settlements', {
      stationId: w.stationA.id,
      merchantName: '路边摊',
      creditCode: wrong,
      outcome: 'refund',
      amountFen: 1000,
      consumerAccepted: true,
      summary: '现场退款',
    });
    expectProblem(settlement, 422);
    expect(settlement.body.errors[0]).toMatchObject({ path: 'creditCode', code: 'not_a_credit_code' });

    // The right one, typed in lower case, is registered upper-cased.
    const ok = await registerMerchant(w, '深圳市腾讯计算机系统有限公司', TENCENT.toLowerCase());
    expect(ok.creditCode).toBe(TENCENT);
  });
});

describe('intake names the business', () => {
  it('as merchantId or as business, never both (422 naming business)', async () => {
    const w = await testWorld();
    const res = await w.call(
      w.actors.staff,
      'POST',
      '/api/v1/complaints',
      complaint({ merchantId: w.merchantA.id, business: { name: '甲电器有限公司' } }),
    );
    expectProblem(res, 422);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'business', code: 'invalid_value' })]);
  });

  it('shows a networked merchant’s registered name and code as its business', async () => {
    const w = await testWorld();
    const c = await take(w, { merchantId: w.merchantA.id });
    expect(c).toMatchObject({
      status: 'assigned',
      routedBy: 'merchant_id',
      business: { name: '甲电器有限公司', creditCode: w.merchantA.creditCode },
    });
    const read = await w.call(w.actors.merchantA, 'GET', `/api/v1/complaints/${c.id}`);
    expect(read.body.business).toEqual({ name: '甲电器有限公司', creditCode: w.merchantA.creditCode });
    expect(read.body).not.toHaveProperty('routedBy');
  });

  it('routes a business by credit code, then registered name, then alias (whitespace and full width folded)', async () => {
    const w = await testWorld();
    const byCode = await take(w, { business: { name: '随便写的名字', creditCode: w.merchantB.creditCode } });
    expect(byCode).toMatchObject({ status: 'assigned', merchantId: w.merchantB.id, routedBy: 'credit_code' });
    expect(byCode.business).toEqual({ name: '乙网络科技有限公司', creditCode: w.merchantB.creditCode });
    expect(byCode.sla?.acknowledgeDueAt).toBeTruthy();

    const byName = await take(w, { business: { name: ' 甲电器 有限公司 ' } });
    expect(byName).toMatchObject({ merchantId: w.merchantA.id, routedBy: 'name' });

    const put = await w.call(w.admin, 'PUT', `/api/v1/merchants/${w.merchantA.id}/aliases`, {
      aliases: ['甲电器（浦东店）', 'JIA Appliances'],
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const byAlias = await take(w, { business: { name: '甲电器(浦东店)' } });
    expect(byAlias).toMatchObject({ merchantId: w.merchantA.id, routedBy: 'alias' });
    const fullWidth = await take(w, { business: { name: 'ｊｉａ　ａｐｐｌｉａｎｃｅｓ' } });
    expect(fullWidth).toMatchObject({ merchantId: w.merchantA.id, routedBy: 'alias' });

    const timeline = await timelineOf(w, byAlias.id);
    expect(timeline.map((e) => e.type)).toEqual(['complaint.received', 'complaint.assigned']);
    expect(timeline[1].data.routedBy).toBe('alias');

    // The one matching function, as the import calls it.
    const db = w.runtime.db;
    expect(
      await matchBusiness(db, { name: '乙网络科技有限公司', creditCode: w.merchantA.creditCode }),
    ).toEqual({
      merchantId: w.merchantA.id,
      routedBy: 'credit_code',
    });
    // A code that is no merchant's leaves the name to match (a branch has a code of its own).
    expect(await matchBusiness(db, { name: '乙网络科技有限公司', creditCode: HUAWEI })).toEqual({
      merchantId: w.merchantB.id,
      routedBy: 'name',
    });
    expect(await matchBusiness(db, { name: '华为', creditCode: HUAWEI })).toEqual({
      merchantId: null,
      routedBy: 'none',
    });
  });

  it('takes a business that is not networked into the commission’s own mediation, counted like any other', async () => {
    const w = await testWorld();
    const c = await take(w, { business: { name: '某某小吃店', creditCode: HUAWEI } });
    expect(c).toMatchObject({
      status: 'escalated',
      merchantId: null,
      routedBy: 'none',
      business: { name: '某某小吃店', creditCode: HUAWEI },
      sla: null,
      possibleDuplicates: [],
    });
    expect(c.commission.accept.doneAt).toBeTruthy();
    expect(c.commission.mediation).toMatchObject({ doneAt: null });
    expect(Date.parse(c.commission.mediation.dueAt)).toBeGreaterThan(MONDAY_10AM + 59 * DAY);
    const timeline = await timelineOf(w, c.id);
    expect(timeline.map((e) => e.type)).toEqual(['complaint.received', 'complaint.escalated']);
    expect(timeline[1].data.cause).toBe('not_networked');

    // No merchant sees it; staff list it, count it, and mediate it to the end.
    expectProblem(await w.call(w.actors.merchantA, 'GET', `/api/v1/complaints/${c.id}`), 404);
    const escalated = await w.call(w.actors.staff, 'GET', '/api/v1/complaints?status=escalated');
    expect(escalated.body.data.map((x: { id: string }) => x.id)).toContain(c.id);
    expect(escalated.body.data.find((x: { id: string }) => x.id === c.id).business.name).toBe('某某小吃店');
    const settled = await w.call(w.actors.staff, 'POST', `/api/v1/complaints/${c.id}/settlement`, {
      outcome: 'refund',
      amountFen: 2_000,
      consumerAccepted: true,
    });
    expect(settled.status, JSON.stringify(settled.body)).toBe(200);
    expect(settled.body.settlement.channel).toBe('mediation');
    expect(settled.body.commission.mediation.doneAt).toBeTruthy();

    // Without a credit code too.
    const noCode = await take(w, {
      business: { name: '无名小店' },
      consumer: { name: '王', phone: '13700000000' },
    });
    expect(noCode).toMatchObject({ status: 'escalated', business: { name: '无名小店', creditCode: null } });
  });
});

describe('merchant aliases', () => {
  it('are read by staff and the merchant itself, set by admins only, and never name another merchant', async () => {
    const w = await testWorld();
    const path = `/api/v1/merchants/${w.merchantA.id}/aliases`;
    expect((await w.call(w.actors.staff, 'GET', path)).body).toEqual({
      merchantId: w.merchantA.id,
      aliases: [],
    });

    const set = await w.call(w.admin, 'PUT', path, { aliases: ['甲电器', ' 甲电器 ', '甲 电器', '甲家电'] });
    expect(set.status).toBe(200);
    expect(set.body.aliases).toEqual(['甲家电', '甲电器']);
    expect((await w.call(w.actors.merchantA, 'GET', path)).body.aliases).toEqual(['甲家电', '甲电器']);
    expectProblem(await w.call(w.actors.merchantB, 'GET', path), 404);
    expectProblem(await w.call(w.actors.stationA, 'GET', path), 404);

    // Replaced as a whole list.
    const replaced = await w.call(w.admin, 'PUT', path, { aliases: ['甲家电', '甲牌空调'] });
    expect(replaced.body.aliases).toEqual(['甲家电', '甲牌空调']);

    expectProblem(await w.call(w.actors.staff, 'PUT', path, { aliases: [] }), 403);
    expectProblem(await w.call(w.actors.merchantA, 'PUT', path, { aliases: [] }), 403);
    expectProblem(
      await w.call(w.admin, 'PUT', '/api/v1/merchants/mer_01JD3Z6Y8G5C4F0QK3W2A1B9XE/aliases', {
        aliases: [],
      }),
      404,
    );
    expectProblem(await w.call(w.admin, 'PUT', path, { aliases: [''] }), 422);

    const pathB = `/api/v1/merchants/${w.merchantB.id}/aliases`;
    const taken = await w.call(w.admin, 'PUT', pathB, { aliases: ['乙网络', '甲牌 空调'] });
    expectProblem(taken, 422);
    expect(taken.body.errors).toEqual([expect.objectContaining({ path: 'aliases.1', code: 'duplicate' })]);
    const name = await w.call(w.admin, 'PUT', pathB, { aliases: ['甲电器有限公司'] });
    expectProblem(name, 422);
    expect(name.body.errors[0]).toMatchObject({ path: 'aliases.0', code: 'duplicate' });
    expect((await w.call(w.actors.staff, 'GET', pathB)).body.aliases).toEqual([]);
  });
});

describe('merchant aliases, set at once', () => {
  it('by two admins for two merchants: one gets the alias, the other a 409 or 422, never a 500', async () => {
    const w = await testWorld();
    for (let round = 0; round < 5; round++) {
      const alias = `丙商城${round}`;
      const [a, b] = await Promise.all(
        [w.merchantA, w.merchantB].map((m) =>
          w.call(w.admin, 'PUT', `/api/v1/merchants/${m.id}/aliases`, { aliases: [alias] }),
        ),
      );
      const statuses = [a!.status, b!.status].sort();
      expect(statuses[0], JSON.stringify([a!.body, b!.body])).toBe(200);
      expect([409, 422]).toContain(statuses[1]);
      const loser = a!.status === 200 ? b! : a!;
      expectProblem(loser, loser.status);
      const owners = await w.runtime.db
        .selectFrom('merchant_aliases')
        .select('merchant_id')
        .where('alias', '=', alias)
        .execute();
      expect(owners).toHaveLength(1);
    }
  });

  it('three times at once for one merchant: each answered 200 or 409 (none 500), one list left', async () => {
    const w = await testWorld();
    const path = `/api/v1/merchants/${w.merchantA.id}/aliases`;
    const answers = await Promise.all(
      [1, 2, 3].map(() => w.call(w.admin, 'PUT', path, { aliases: ['甲家电'] })),
    );
    for (const r of answers) expect([200, 409], JSON.stringify(r.body)).toContain(r.status);
    expect(answers.filter((r) => r.status === 200).length).toBeGreaterThan(0);
    expect((await w.call(w.actors.staff, 'GET', path)).body.aliases).toEqual(['甲家电']);
  });
});

describe('a business that joins as a merchant', () => {
  it('gets its open complaints routed to it in one action, each with its event and its clock started', async () => {
    const w = await testWorld();
    const byCode = await take(w, { business: { name: '华为技术', creditCode: HUAWEI } });
    const byName = await take(w, {
      business: { name: '华为技术有限公司' },
      consumer: { name: '赵', phone: '13600000000' },
    });
    const other = await take(w, {
      business: { name: '别家小店' },
      consumer: { name: '钱', phone: '13500000000' },
    });
    const settled = await take(w, {
      business: { name: '华为', creditCode: HUAWEI },
      consumer: { name: '孙', phone: '13400000000' },
    });
    await w.call(w.actors.staff, 'POST', `/api/v1/complaints/${settled.id}/close`, { reason: '调解终止' });

    const huawei = await registerMerchant(w, '华为技术有限公司', HUAWEI);
    const huaweiActor = await w.client('merchant', { merchantId: huawei.id });
    expectProblem(await w.call(huaweiActor, 'GET', `/api/v1/complaints/${byCode.id}`), 404);

    // Staff only; a merchant that does not exist is named in the body.
    expectProblem(
      await w.call(huaweiActor, 'POST', '/api/v1/complaints/route-business', { merchantId: huawei.id }),
      403,
    );
    expectProblem(
      await w.call(w.actors.stationA, 'POST', '/api/v1/complaints/route-business', { merchantId: huawei.id }),
      403,
    );
    const unknown = await w.call(w.actors.staff, 'POST', '/api/v1/complaints/route-business', {
      merchantId: 'mer_01JD3Z6Y8G5C4F0QK3W2A1B9XE',
    });
    expectProblem(unknown, 422);
    expect(unknown.body.errors[0]).toMatchObject({ path: 'merchantId', code: 'not_found' });

    w.clock.advance(600_000);
    const res = await w.call(w.actors.staff, 'POST', '/api/v1/complaints/route-business', {
      merchantId: huawei.id,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({
      merchantId: huawei.id,
      routed: [
        { id: byCode.id, reference: byCode.reference, routedBy: 'credit_code' },
        { id: byName.id, reference: byName.reference, routedBy: 'name' },
      ],
    });
    for (const id of [byCode.id, byName.id]) {
      const c = (await w.call(huaweiActor, 'GET', `/api/v1/complaints/${id}`)).body;
      expect(c).toMatchObject({ status: 'assigned', merchantId: huawei.id, commission: { mediation: null } });
      expect(c.business).toEqual({ name: '华为技术有限公司', creditCode: HUAWEI });
      expect(Date.parse(c.assignedAt)).toBe(MONDAY_10AM + 600_000);
      expect(c.sla.state).toBe('on_track');
      const timeline = await timelineOf(w, id);
      expect(timeline.at(-1)).toMatchObject({
        type: 'complaint.assigned',
        data: { previousMerchantId: null },
      });
    }
    expect((await timelineOf(w, byName.id)).at(-1).data.routedBy).toBe('name');
    expect((await w.call(w.actors.staff, 'GET', `/api/v1/complaints/${other.id}`)).body.status).toBe(
      'escalated',
    );
    // Nothing left: a second run routes nothing.
    const again = await w.call(w.actors.staff, 'POST', '/api/v1/complaints/route-business', {
      merchantId: huawei.id,
    });
    expect(again.body.routed).toEqual([]);
  });

  it('routes one complaint on its own; a complaint a merchant declined is not one of these (409)', async () => {
    const w = await testWorld();
    const c = await take(w, { business: { name: '某小店' } });
    const routed = await w.call(w.actors.staff, 'POST', `/api/v1/complaints/${c.id}/route-business`, {
      merchantId: w.merchantB.id,
    });
    expect(routed.status, JSON.stringify(routed.body)).toBe(200);
    expect(routed.body).toMatchObject({ status: 'assigned', merchantId: w.merchantB.id });

    const declined = await w.intake();
    await w.call(w.actors.merchantA, 'POST', `/api/v1/complaints/${declined.id}/decline`, {
      reason: '不认可',
    });
    const refused = await w.call(w.actors.staff, 'POST', `/api/v1/complaints/${declined.id}/route-business`, {
      merchantId: w.merchantB.id,
    });
    expectProblem(refused, 409);
    expectProblem(
      await w.call(w.actors.merchantB, 'POST', `/api/v1/complaints/${c.id}/route-business`, {
        merchantId: w.merchantA.id,
      }),
      403,
    );
  });
});

describe('not ours', () => {
  it('sends the complaint back to the staff queue, stops its clock, and the merchant no longer sees it', async () => {
    const w = await testWorld();
    const c = await w.intake();
    await w.call(w.actors.merchantA, 'POST', `/api/v1/complaints/${c.id}/acknowledge`);
    expectProblem(
      await w.call(w.actors.merchantB, 'POST', `/api/v1/complaints/${c.id}/not-ours`, { reason: '不是我们' }),
      404,
    );
    expectProblem(
      await w.call(w.actors.staff, 'POST', `/api/v1/complaints/${c.id}/not-ours`, { reason: 'x' }),
      403,
    );
    expectProblem(await w.call(w.actors.merchantA, 'POST', `/api/v1/complaints/${c.id}/not-ours`, {}), 422);
    const bad = await w.call(w.actors.merchantA, 'POST', `/api/v1/complaints/${c.id}/not-ours`, {
      reason: '本公司无此门店',
      suggestedBusiness: { name: '甲电器浦东经销部', creditCode: `${HUAWEI.slice(0, 17)}7` },
    });
    expectProblem(bad, 422);
    expect(bad.body.errors[0]).toMatchObject({
      path: 'suggestedBusiness.creditCode',
      code: 'not_a_credit_code',
    });

    const res = await w.call(w.actors.merchantA, 'POST', `/api/v1/complaints/${c.id}/not-ours`, {
      reason: '本公司无此门店',
      suggestedBusiness: { name: '甲电器浦东经销部', creditCode: HUAWEI },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      status: 'new',
      merchantId: null,
      business: null,
      sla: null,
      assignedAt: null,
    });
    expectProblem(await w.call(w.actors.merchantA, 'GET', `/api/v1/complaints/${c.id}`), 404);
    expectProblem(await w.call(w.actors.merchantA, 'GET', `/api/v1/complaints/${c.id}/events`), 404);
    const list = await w.call(w.actors.merchantA, 'GET', '/api/v1/complaints');
    expect(list.body.data.map((x: { id: string }) => x.id)).not.toContain(c.id);

    const row = await w.runtime.db
      .selectFrom('complaints')
      .select(['next_due_at', 'escalate_at', 'ack_due_at', 'settle_due_at', 'accepted_at', 'staff_due_at'])
      .where('id', '=', c.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      next_due_at: null,
      escalate_at: null,
      ack_due_at: null,
      settle_due_at: null,
      accepted_at: null,
    });
    expect(row.staff_due_at).not.toBeNull();

    const returned = (await timelineOf(w, c.id)).at(-1);
    expect(returned).toMatchObject({
      type: 'complaint.returned',
      data: {
        cause: 'incorrect_company',
        merchantId: w.merchantA.id,
        reason: '本公司无此门店',
        suggestedBusiness: { name: '甲电器浦东经销部', creditCode: HUAWEI },
      },
    });
    // The merchant's feed learns that it left.
    const feed = await w.call(w.actors.merchantA, 'GET', '/api/v1/events?types=complaint.returned');
    expect(feed.body.data.map((e: { type: string }) => e.type)).toEqual(['complaint.returned']);

    // Staff route it again: a new clock for the right merchant.
    const again = await w.call(w.actors.staff, 'POST', `/api/v1/complaints/${c.id}/assign`, {
      merchantId: w.merchantB.id,
    });
    expect(again.body).toMatchObject({ status: 'assigned', merchantId: w.merchantB.id });
    expect(again.body.sla.stages.acknowledge.result).toBe('pending');
  });

  it('is refused once the merchant proposed a settlement (409)', async () => {
    const w = await testWorld();
    const c = await w.intake();
    await w.call(w.actors.merchantA, 'POST', `/api/v1/complaints/${c.id}/acknowledge`);
    await w.call(w.actors.merchantA, 'POST', `/api/v1/complaints/${c.id}/proposals`, {
      outcome: 'refund',
      amountFen: 100,
      terms: '退款',
    });
    expectProblem(
      await w.call(w.actors.merchantA, 'POST', `/api/v1/complaints/${c.id}/not-ours`, { reason: '不是' }),
      409,
    );
  });
});

describe('marking a new complaint as not networked', () => {
  it('puts it in the commission’s mediation about the business named, once, for staff only', async () => {
    const w = await testWorld();
    const c = await w.intake({ merchantId: undefined });
    const url = `/api/v1/complaints/${c.id}/not-networked`;
    expectProblem(await w.call(w.actors.merchantA, 'POST', url, { business: { name: '老王烧烤' } }), 404);
    // A station sees only its own walk-ins.
    expectProblem(await w.call(w.actors.stationA, 'POST', url, { business: { name: '老王烧烤' } }), 404);
    const none = await w.call(w.actors.staff, 'POST', url, {});
    expectProblem(none, 422);
    expect(none.body.errors[0]).toMatchObject({ path: 'business' });
    const badCode = await w.call(w.actors.staff, 'POST', url, {
      business: { name: '老王烧烤', creditCode: `${HUAWEI.slice(0, 17)}7` },
    });
    expect(badCode.body.errors[0]).toMatchObject({ path: 'business.creditCode', code: 'not_a_credit_code' });
    // A business that is a networked merchant (by its name, folded) is assigned, not mediated.
    const networked = await w.call(w.actors.staff, 'POST', url, { business: { name: ' 甲电器有限公司 ' } });
    expectProblem(networked, 422);
    expect(networked.body.errors[0]).toMatchObject({ path: 'business', code: 'invalid_value' });
    expect(networked.body.errors[0].message).toContain(w.merchantA.id);
    expect((await w.call(w.actors.staff, 'GET', `/api/v1/complaints/${c.id}`)).body.status).toBe('new');

    const res = await w.call(w.actors.staff, 'POST', url, {
      business: { name: '老王烧烤', creditCode: HUAWEI },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      status: 'escalated',
      merchantId: null,
      business: { name: '老王烧烤', creditCode: HUAWEI },
    });
    const row = await w.runtime.db
      .selectFrom('complaints')
      .select(['escalation_cause', 'mediation_due_at', 'accepted_at', 'escalated_at'])
      .where('id', '=', c.id)
      .executeTakeFirstOrThrow();
    expect(row.escalation_cause).toBe('not_networked');
    expect(Number(row.mediation_due_at)).toBeGreaterThan(Number(row.escalated_at));
    expect(row.accepted_at).not.toBeNull();
    expect((await timelineOf(w, c.id)).at(-1)).toMatchObject({
      type: 'complaint.escalated',
      data: { cause: 'not_networked', reason: null },
    });
    // Once: it is no longer new.
    expectProblem(await w.call(w.actors.staff, 'POST', url, { business: { name: '老王烧烤' } }), 409);
    // When that business joins, its complaint is routed to it like one taken in as not networked.
    const joined = await registerMerchant(w, '老王烧烤有限公司', HUAWEI);
    const routed = await w.call(w.actors.staff, 'POST', `/api/v1/complaints/${c.id}/route-business`, {
      merchantId: joined.id,
    });
    expect(routed.status, JSON.stringify(routed.body)).toBe(200);
    expect(routed.body).toMatchObject({ status: 'assigned', merchantId: joined.id });
  });
});

describe('duplicates', () => {
  it('flags an open complaint of the same phone and business within 30 days, and staff merge it', async () => {
    const w = await testWorld();
    const first = await w.intake();
    expect(first.possibleDuplicates).toEqual([]);
    const second = await w.intake({ consumer: { name: '张先生', phone: '138 1234 5678' } });
    expect(second.possibleDuplicates).toEqual([
      { id: first.id, reference: first.reference, status: 'assigned', receivedAt: first.receivedAt },
    ]);
    // Another phone, or another business: not flagged.
    expect((await w.intake({ consumer: { name: '张', phone: '13812345670' } })).possibleDuplicates).toEqual(
      [],
    );
    expect((await w.intake({ merchantId: w.merchantB.id })).possibleDuplicates).toEqual([]);

    // Not networked: the same name in another spelling.
    const shop = await take(w, { business: { name: '某某小吃店' } });
    const shop2 = await take(w, { business: { name: ' 某某 小吃店' } });
    expect(shop2.possibleDuplicates.map((d: { id: string }) => d.id)).toEqual([shop.id]);

    // Staff merge the second into the first.
    expectProblem(
      await w.call(w.actors.merchantA, 'POST', `/api/v1/complaints/${second.id}/merge`, { into: first.id }),
      403,
    );
    const self = await w.call(w.actors.staff, 'POST', `/api/v1/complaints/${second.id}/merge`, {
      into: second.id,
    });
    expectProblem(self, 422);
    const nowhere = await w.call(w.actors.staff, 'POST', `/api/v1/complaints/${second.id}/merge`, {
      into: 'cmp_01JD3Z6Y8G5C4F0QK3W2A1B9XE',
    });
    expectProblem(nowhere, 422);
    expect(nowhere.body.errors[0]).toMatchObject({ path: 'into', code: 'not_found' });

    const merged = await w.call(w.actors.staff, 'POST', `/api/v1/complaints/${second.id}/merge`, {
      into: first.id,
    });
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);
    expect(merged.body).toMatchObject({ status: 'closed', duplicateOf: first.id });
    expect((await timelineOf(w, second.id)).at(-1)).toMatchObject({
      type: 'complaint.merged',
      data: { into: { id: first.id, reference: first.reference } },
    });
    expect((await timelineOf(w, first.id)).at(-1)).toMatchObject({
      type: 'complaint.duplicate_merged',
      data: { duplicate: { id: second.id, reference: second.reference } },
    });
    // The merchant's feed has both; a closed duplicate is no longer flagged, nor merged again.
    const third = await w.intake();
    expect(third.possibleDuplicates.map((d: { id: string }) => d.id)).toEqual([first.id]);
    expectProblem(
      await w.call(w.actors.staff, 'POST', `/api/v1/complaints/${second.id}/merge`, { into: first.id }),
      409,
    );
    const chained = await w.call(w.actors.staff, 'POST', `/api/v1/complaints/${third.id}/merge`, {
      into: second.id,
    });
    expectProblem(chained, 422);
  });

  it('flags, in one batch (an import’s), a row of the same phone and business as one before it', async () => {
    const w = await testWorld();
    const ctx = withPrincipal(w.runtime, SYSTEM);
    const item = (phone: string, merchantId = w.merchantA.id): IntakeItem => ({
      input: CreateComplaintInput.parse({
        channel: 'platform_12315',
        merchantId,
        subject: '空调安装后漏水',
        description: '安装一个月后室内机漏水。',
        category: 'appliance_repair',
        consumer: { name: '张先生', phone },
      }),
      stationId: null,
      receivedAt: MONDAY_10AM,
      routing: { merchantId, business: null, routedBy: 'merchant_id' },
    });
    const taken = await w.runtime.transact((trx) =>
      takeIn(trx, ctx, [
        item('13812345678'),
        item('13800000000'),
        item('13812345678', w.merchantB.id),
        item('13812345678'),
      ]),
    );
    expect(taken.map((t) => t.possibleDuplicates.map((d) => d.id))).toEqual([[], [], [], [taken[0]!.id]]);
    expect(taken[3]!.possibleDuplicates[0]).toEqual({
      id: taken[0]!.id,
      reference: taken[0]!.reference,
      status: 'assigned',
      receivedAt: taken[0]!.receivedAt,
    });
  });

  it('does not flag one received more than 30 days before', async () => {
    const w = await testWorld();
    const old = await w.intake({ receivedAt: new Date(MONDAY_10AM - 31 * DAY).toISOString() });
    expect(old.possibleDuplicates).toEqual([]);
    expect((await w.intake()).possibleDuplicates).toEqual([]);
  });
});

// ---- pages ------------------------------------------------------------------------------------

const ORIGIN = 'http://localhost';
const tokenIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

async function getPage(w: TestWorld, cookie: string, path: string) {
  const res = await w.app.request(path, { headers: { Cookie: cookie, Accept: 'text/html' } });
  return { status: res.status, html: await res.text() };
}

async function postForm(
  w: TestWorld,
  cookie: string,
  page: string,
  action: string,
  fields: Record<string, string>,
) {
  const form = await getPage(w, cookie, page);
  const res = await w.app.request(action, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: ORIGIN, Cookie: cookie },
    body: new URLSearchParams({ _csrf: tokenIn(form.html), ...fields }).toString(),
  });
  return { status: res.status, location: res.headers.get('Location'), html: await res.text() };
}

describe('the pages', () => {
  it('take a business that is not networked in from the intake page, with the check character’s words', async () => {
    const w = await testWorld();
    const staff = await w.user('commission_staff');
    const form = await getPage(w, staff.cookie, '/intake');
    expect(form.html).toContain('name="businessName"');
    expect(form.html).toContain('name="businessCreditCode"');
    const fields = {
      kind: 'complaint',
      channel: 'hotline',
      subject: '小吃店食品变质',
      description: '购买的凉皮有异味。',
      category: 'catering',
      consumerName: '周',
      consumerPhone: '13300000000',
      businessName: '某某小吃店',
    };
    const wrong = await postForm(w, staff.cookie, '/intake', '/intake', {
      ...fields,
      businessCreditCode: `${HUAWEI.slice(0, 17)}7`,
    });
    expect(wrong.status).toBe(422);
    expect(wrong.html).toContain('最后一位是校验码');
    const both = await postForm(w, staff.cookie, '/intake', '/intake', {
      ...fields,
      merchantId: w.merchantA.id,
    });
    expect(both.status).toBe(422);
    expect(both.html).toContain('不可同时填写');

    const ok = await postForm(w, staff.cookie, '/intake', '/intake', {
      ...fields,
      businessCreditCode: HUAWEI,
    });
    expect(ok.status, ok.html.slice(0, 300)).toBe(303);
    const page = await getPage(w, staff.cookie, ok.location!);
    expect(page.html).toContain('某某小吃店');
    expect(page.html).toContain('data-business="not-networked"');
    expect(page.html).toContain('被投诉经营者未入网，由消保委调解');

    // Once the business joins, the page offers to route its complaints, and does.
    await registerMerchant(w, '某某小吃店（个体）', HUAWEI);
    const joined = await getPage(w, staff.cookie, ok.location!);
    expect(joined.html).toContain('route-joined');
    const id = ok.location!.split('/').pop()!;
    const routed = await postForm(w, staff.cookie, ok.location!, `/complaints/${id}/route-joined`, {
      merchantId: /name="merchantId" value="(mer_[^"]+)"/.exec(joined.html)![1]!,
    });
    expect(routed.status).toBe(303);
    expect((await w.call(w.actors.staff, 'GET', `/api/v1/complaints/${id}`)).body.status).toBe('assigned');
  }, 20_000);

  it('give the merchant a not-ours form, and staff the duplicates with links and a merge form', async () => {
    const w = await testWorld();
    const agent = await w.user('merchant_agent', { merchantId: w.merchantA.id });
    const staff = await w.user('commission_staff');
    const first = await w.intake();
    const second = await w.intake();

    const staffPage = await getPage(w, staff.cookie, `/complaints/${second.id}`);
    expect(staffPage.html).toContain(`data-possible-duplicate="${first.id}"`);
    expect(staffPage.html).toContain(`href="/complaints/${first.id}"`);
    expect(staffPage.html).toContain(`action="/complaints/${second.id}/merge"`);
    const merged = await postForm(
      w,
      staff.cookie,
      `/complaints/${second.id}`,
      `/complaints/${second.id}/merge`,
      {
        into: first.id,
      },
    );
    expect(merged.status).toBe(303);
    const after = await getPage(w, staff.cookie, `/complaints/${second.id}`);
    expect(after.html).toContain(`data-duplicate-of="${first.id}"`);
    expect(after.html).toContain(`data-merged-into="${first.id}"`);
    expect((await getPage(w, staff.cookie, `/complaints/${first.id}`)).html).toContain(
      `data-merged-duplicate="${second.id}"`,
    );

    const mine = await getPage(w, agent.cookie, `/complaints/${first.id}`);
    expect(mine.html).toContain(`action="/complaints/${first.id}/not-ours"`);
    expect(mine.html).not.toContain('/merge"');
    const missing = await postForm(
      w,
      agent.cookie,
      `/complaints/${first.id}`,
      `/complaints/${first.id}/not-ours`,
      {},
    );
    expect(missing.status).toBe(422);
    const done = await postForm(
      w,
      agent.cookie,
      `/complaints/${first.id}`,
      `/complaints/${first.id}/not-ours`,
      {
        reason: '本公司无此门店',
        suggestedName: '丙电器',
      },
    );
    expect(done.status).toBe(303);
    expect((await getPage(w, agent.cookie, `/complaints/${first.id}`)).status).toBe(404);
    const back = await getPage(w, staff.cookie, `/complaints/${first.id}`);
    expect(back.html).toContain('企业称非本企业投诉');
    expect(back.html).toContain('丙电器');

    // Back in the new queue, staff mark it as not networked from its page, told beside the field.
    expect(back.html).toContain(`action="/complaints/${first.id}/not-networked"`);
    const at = `/complaints/${first.id}`;
    const noName = await postForm(w, staff.cookie, at, `${at}/not-networked`, {});
    expect(noName.status).toBe(422);
    expect(noName.html).toMatch(/name="businessName"[^>]*aria-invalid="true"/);
    const networked = await postForm(w, staff.cookie, at, `${at}/not-networked`, {
      businessName: w.merchantA.name,
    });
    expect(networked.status).toBe(422);
    expect(networked.html).toContain('该经营者是入网企业，请直接分派给它。');
    expect((await w.call(w.actors.staff, 'GET', `/api/v1/complaints/${first.id}`)).body.status).toBe('new');
    const marked = await postForm(w, staff.cookie, at, `${at}/not-networked`, { businessName: '丙电器' });
    expect(marked.status, marked.html.slice(0, 300)).toBe(303);
    expect((await getPage(w, staff.cookie, at)).html).toContain('data-business="not-networked"');
    expect((await w.call(w.actors.staff, 'GET', `/api/v1/complaints/${first.id}`)).body).toMatchObject({
      status: 'escalated',
      business: { name: '丙电器' },
    });
  }, 20_000);
});
