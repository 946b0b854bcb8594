import { type Action, type Status, TRANSITIONS } from '@redress/core';
import { describe, expect, it } from 'vitest';
import { createApiClient } from '../src/api-clients/service';
import { SYSTEM } from '../src/http/principal';
import {
  type Actor,
  allCounts,
  complaintAsStaff,
  complaintIn,
  expectProblem,
  type TestWorld,
  testWorld,
  timelineOf,
} from './harness';

/**
 * Who sees and does what: a merchant sees only its own complaints (another's answer 404), a
 * station only its station's, staff everything; each role is refused (403) what it may not do.
 */

const UNKNOWN_COMPLAINT = 'cmp_01JD3Z6Y8G5C4F0QK3W2A1B9XE';

interface ActionRoute {
  action: Action;
  route: string;
  /** A status from which the action succeeds, so a refusal is never a 409 in disguise. */
  from: Status;
  body?: (w: TestWorld, other: string) => unknown;
  /** A complaint in `from` made otherwise than by `complaintIn` (a business that is not networked). */
  make?: (w: TestWorld) => Promise<{ id: string }>;
}

/** The complaint in `r.from`, and another one (for a merge) when the action needs it. */
async function complaintFor(w: TestWorld, r: ActionRoute) {
  const c = r.make ? await r.make(w) : await complaintIn(w, r.from);
  const other = r.action === 'merge' ? (await w.intake({ merchantId: undefined })).id : UNKNOWN_COMPLAINT;
  return { c, other };
}

const ACTION_ROUTES: ActionRoute[] = [
  { action: 'assign', route: 'assign', from: 'assigned', body: (w) => ({ merchantId: w.merchantB.id }) },
  { action: 'acknowledge', route: 'acknowledge', from: 'assigned' },
  { action: 'message', route: 'messages', from: 'acknowledged', body: () => ({ body: '您好' }) },
  {
    action: 'request_info',
    route: 'info-requests',
    from: 'acknowledged',
    body: () => ({ body: '请补充发票' }),
  },
  {
    action: 'consumer_reply',
    route: 'consumer-replies',
    from: 'awaiting_consumer',
    body: () => ({ body: '已补充' }),
  },
  {
    action: 'propose',
    route: 'proposals',
    from: 'acknowledged',
    body: () => ({ outcome: 'refund', amountFen: 100, terms: '退款1元' }),
  },
  { action: 'accept_proposal', route: 'proposal-answers', from: 'proposed', body: () => ({ accept: true }) },
  {
    action: 'settle',
    route: 'settlement',
    from: 'acknowledged',
    body: () => ({ outcome: 'refund', amountFen: 100, consumerAccepted: true }),
  },
  { action: 'decline', route: 'decline', from: 'assigned', body: () => ({ reason: '不同意' }) },
  { action: 'escalate', route: 'escalate', from: 'assigned', body: () => ({}) },
  { action: 'refer', route: 'refer', from: 'escalated', body: () => ({ to: 'regulator', note: '移交' }) },
  { action: 'close', route: 'close', from: 'escalated', body: () => ({ reason: '办结' }) },
  { action: 'withdraw', route: 'withdraw', from: 'assigned', body: () => ({}) },
  { action: 'not_ours', route: 'not-ours', from: 'assigned', body: () => ({ reason: '非本企业' }) },
  {
    action: 'route_business',
    route: 'route-business',
    from: 'escalated',
    body: (w) => ({ merchantId: w.merchantB.id }),
    make: (w) => w.intake({ merchantId: undefined, business: { name: '某某小吃店' } }),
  },
  {
    action: 'mark_not_networked',
    route: 'not-networked',
    from: 'new',
    body: () => ({ business: { name: '某某小吃店' } }),
    make: (w) => w.intake({ merchantId: undefined }),
  },
  { action: 'merge', route: 'merge', from: 'assigned', body: (_w, other) => ({ into: other }) },
];

/** Whether the lifecycle table lets a merchant take the action at all. */
const byMerchant = (r: ActionRoute) => TRANSITIONS[r.action].by.includes('merchant');

/** What must not move when a request is refused. */
async function snapshot(w: TestWorld, id: string) {
  const c = await complaintAsStaff(w, id);
  return { status: c.status, version: c.version, events: (await timelineOf(w, id)).length };
}

const ids = (res: { body: any }) => (res.body.data as { id: string }[]).map((x) => x.id);

async function auditRows(w: TestWorld, complaintId: string) {
  return w.runtime.db.selectFrom('audit_log').selectAll().where('complaint_id', '=', complaintId).execute();
}

/** Client credentials made directly, so a test can ask /oauth/token for a narrower scope. */
async function credentials(w: TestWorld, merchantId: string) {
  const client = await createApiClient(
    { ...w.runtime, principal: SYSTEM },
    { name: 'crm', actsAs: 'merchant', merchantId },
  );
  return { id: client.id, secret: client.secret! };
}

describe("another merchant's complaint", () => {
  it('is not found on GET, nor its timeline', async () => {
    const w = await testWorld();
    const c = await complaintIn(w, 'acknowledged');
    const before = await snapshot(w, c.id);
    expectProblem(await w.call(w.actors.merchantB, 'GET', `/api/v1/complaints/${c.id}`), 404);
    expectProblem(await w.call(w.actors.merchantB, 'GET', `/api/v1/complaints/${c.id}/events`), 404);
    // The same answer as a complaint that does not exist: existence never leaks.
    const unknown = await w.call(w.actors.merchantB, 'GET', `/api/v1/complaints/${UNKNOWN_COMPLAINT}`);
    const other = await w.call(w.actors.merchantB, 'GET', `/api/v1/complaints/${c.id}`);
    expect({ ...other.body, requestId: null }).toEqual({ ...unknown.body, requestId: null });
    expect(await snapshot(w, c.id)).toEqual(before);
    expect((await w.call(w.actors.merchantA, 'GET', `/api/v1/complaints/${c.id}`)).status).toBe(200);
  });

  it.each(ACTION_ROUTES.filter(byMerchant))(
    'refuses POST /$route with 404 and changes nothing',
    async (r) => {
      const w = await testWorld();
      const { c, other } = await complaintFor(w, r);
      const before = await snapshot(w, c.id);
      const path = `/api/v1/complaints/${c.id}/${r.route}`;
      expectProblem(await w.call(w.actors.merchantB, 'POST', path, r.body?.(w, other)), 404, r.route);
      expect(await snapshot(w, c.id)).toEqual(before);
      // The refusal is about tenancy, not the request: the owner may do exactly this.
      const own = await w.call(w.actors.merchantA, 'POST', path, r.body?.(w, other));
      expect(own.status, JSON.stringify(own.body)).toBe(200);
    },
  );

  it.each(ACTION_ROUTES.filter((r) => !byMerchant(r)))(
    'answers POST /$route (not a merchant action) 404, exactly as on an unknown complaint, changing nothing',
    async (r) => {
      const w = await testWorld();
      const { c, other } = await complaintFor(w, r);
      const before = await snapshot(w, c.id);
      const res = await w.call(
        w.actors.merchantB,
        'POST',
        `/api/v1/complaints/${c.id}/${r.route}`,
        r.body?.(w, other),
      );
      const unknown = await w.call(
        w.actors.merchantB,
        'POST',
        `/api/v1/complaints/${UNKNOWN_COMPLAINT}/${r.route}`,
        r.body?.(w, other),
      );
      expectProblem(res, 404, r.route);
      expect({ ...res.body, requestId: null }).toEqual({ ...unknown.body, requestId: null });
      expect(await snapshot(w, c.id)).toEqual(before);
      // Staff may do it: the route and body are right.
      const staff = await w.call(
        w.actors.staff,
        'POST',
        `/api/v1/complaints/${c.id}/${r.route}`,
        r.body?.(w, other),
      );
      expect(staff.status, JSON.stringify(staff.body)).toBe(200);
    },
  );

  it('covers every action route of the lifecycle table', () => {
    // accept_proposal and reject_proposal share /proposal-answers.
    const covered = new Set<string>(ACTION_ROUTES.map((r) => r.action)).add('reject_proposal');
    expect(covered).toEqual(new Set(Object.keys(TRANSITIONS)));
    for (const r of ACTION_ROUTES) expect(TRANSITIONS[r.action].from, r.action).toContain(r.from);
  });
});

describe('lists and feeds', () => {
  it("are scoped: a merchant never sees another's complaints, staff see all", async () => {
    const w = await testWorld();
    const a = [await w.intake(), await w.intake(), await complaintIn(w, 'acknowledged')];
    const b = [
      await w.intake({ merchantId: w.merchantB.id }),
      await w.intake({ merchantId: w.merchantB.id }),
    ];
    const unrouted = await w.intake({ merchantId: undefined });
    const aIds = a.map((c) => c.id);
    const bIds = b.map((c) => c.id);

    const listB = await w.call(w.actors.merchantB, 'GET', '/api/v1/complaints');
    expect(ids(listB).sort()).toEqual([...bIds].sort());
    const listA = await w.call(w.actors.merchantA, 'GET', '/api/v1/complaints');
    expect(ids(listA).sort()).toEqual([...aIds].sort());
    const staff = await w.call(w.actors.staff, 'GET', '/api/v1/complaints');
    expect(ids(staff).sort()).toEqual([...aIds, ...bIds, unrouted.id].sort());

    // Filters never widen a merchant's view.
    const aRef = a[0]!.reference;
    for (const query of [
      `merchantId=${w.merchantA.id}`,
      `q=${encodeURIComponent(aRef)}`,
      'status=acknowledged',
      'status=new',
      'sort=dueAt',
      'limit=100',
    ]) {
      const res = await w.call(w.actors.merchantB, 'GET', `/api/v1/complaints?${query}`);
      expect(res.status, query).toBe(200);
      for (const id of ids(res)) expect(bIds, query).toContain(id);
    }
    const byRef = await w.call(w.actors.staff, 'GET', `/api/v1/complaints?q=${encodeURIComponent(aRef)}`);
    expect(ids(byRef)).toEqual([a[0]!.id]);

    // The event feed too: nothing of merchant A reaches merchant B.
    const feedB = await w.call(w.actors.merchantB, 'GET', '/api/v1/events');
    expect(feedB.body.data.length).toBeGreaterThan(0);
    for (const e of feedB.body.data) expect(bIds).toContain(e.data.object.id);
    const feedA = await w.call(w.actors.merchantA, 'GET', '/api/v1/events');
    for (const e of feedA.body.data) expect(aIds).toContain(e.data.object.id);
    // An event of A's cannot be used as a cursor by B.
    const firstOfA = feedA.body.data[0].id;
    expectProblem(await w.call(w.actors.merchantB, 'GET', `/api/v1/events?after=${firstOfA}`), 404);
  });

  it("keep a station to its own station's complaints and settlements", async () => {
    const w = await testWorld();
    const { stationA, stationB } = w.actors;
    const taken = await w.call(stationA, 'POST', '/api/v1/complaints', {
      channel: 'station',
      merchantId: w.merchantA.id,
      subject: '会员卡余额无法退还',
      description: '商场内健身房闭店，会员卡余额无法退还。',
      category: 'fitness_beauty',
      tags: ['prepaid'],
      consumer: { name: '李女士', phone: '13900001111' },
    });
    expect(taken.status, JSON.stringify(taken.body)).toBe(201);
    expect(taken.body.stationId).toBe(w.stationA.id);
    const id = taken.body.id;
    expect((await w.call(stationA, 'GET', `/api/v1/complaints/${id}`)).status).toBe(200);
    expectProblem(await w.call(stationB, 'GET', `/api/v1/complaints/${id}`), 404);
    expectProblem(await w.call(stationB, 'GET', `/api/v1/complaints/${id}/events`), 404);
    expect(ids(await w.call(stationA, 'GET', '/api/v1/complaints'))).toEqual([id]);
    expect(ids(await w.call(stationB, 'GET', '/api/v1/complaints'))).toEqual([]);
    // A station cannot take a complaint in for another station.
    const countBefore = await allCounts(w);
    const forOther = await w.call(stationB, 'POST', '/api/v1/complaints', {
      channel: 'station',
      stationId: w.stationA.id,
      subject: '冒名录入',
      description: '为其他联络站录入',
      category: 'other',
      consumer: { name: '赵先生' },
    });
    expectProblem(forOther, 422);
    expect(forOther.body.errors.map((e: any) => e.path)).toEqual(['stationId']);
    expect(await allCounts(w)).toEqual(countBefore);

    const settled = await w.call(stationA, 'POST', '/api/v1/settlements', {
      stationId: w.stationA.id,
      complaintId: id,
      outcome: 'refund',
      amountFen: 150_000,
      consumerAccepted: true,
      summary: '现场调解，退还余额1500元',
    });
    expect(settled.status, JSON.stringify(settled.body)).toBe(201);
    expect(ids(await w.call(stationA, 'GET', '/api/v1/settlements'))).toEqual([settled.body.id]);
    expect(ids(await w.call(stationB, 'GET', '/api/v1/settlements'))).toEqual([]);
    expect(ids(await w.call(stationB, 'GET', `/api/v1/settlements?stationId=${w.stationA.id}`))).toEqual([]);
    const csv = await w.app.request('/api/v1/settlements/export.csv', {
      headers: { Authorization: `Bearer ${stationB.token}` },
    });
    expect(await csv.text()).not.toContain(settled.body.id);
    expect(ids(await w.call(w.actors.merchantA, 'GET', '/api/v1/settlements'))).toEqual([settled.body.id]);
    expect(ids(await w.call(w.actors.merchantB, 'GET', '/api/v1/settlements'))).toEqual([]);
    expect(ids(await w.call(w.actors.staff, 'GET', '/api/v1/settlements'))).toEqual([settled.body.id]);

    // Station B may neither log for station A nor link station A's complaint.
    const before = await allCounts(w);
    const asA = await w.call(stationB, 'POST', '/api/v1/settlements', {
      stationId: w.stationA.id,
      merchantId: w.merchantA.id,
      outcome: 'refund',
      amountFen: 100,
      consumerAccepted: true,
      summary: '冒用',
    });
    expectProblem(asA, 404);
    const linking = await w.call(stationB, 'POST', '/api/v1/settlements', {
      stationId: w.stationB.id,
      complaintId: id,
      outcome: 'refund',
      amountFen: 100,
      consumerAccepted: true,
      summary: '关联他站投诉',
    });
    expectProblem(linking, 422);
    expect(linking.body.errors.map((e: any) => e.path)).toContain('complaintId');
    expect(await allCounts(w)).toEqual(before);
    // Station B's own station list holds only itself; another station is not found.
    expect(ids(await w.call(stationB, 'GET', '/api/v1/stations'))).toEqual([w.stationB.id]);
    expectProblem(await w.call(stationB, 'GET', `/api/v1/stations/${w.stationA.id}`), 404);
  });
});

describe('roles', () => {
  const complaintBody = (w: TestWorld) => ({
    channel: 'hotline',
    merchantId: w.merchantA.id,
    subject: '主题',
    description: '描述',
    category: 'appliance_repair',
    consumer: { name: '王先生' },
  });

  it('refuses (403) a merchant what only staff may do, changing nothing', async () => {
    const w = await testWorld();
    const { merchantA } = w.actors;
    const before = await allCounts(w);
    expectProblem(await w.call(merchantA, 'POST', '/api/v1/complaints', complaintBody(w)), 403, 'intake');
    expect(await allCounts(w)).toEqual(before);

    const cases: [string, Status, unknown][] = [
      ['assign', 'assigned', { merchantId: w.merchantA.id }],
      ['escalate', 'assigned', { reason: '自行转调解' }],
      ['refer', 'escalated', { to: 'litigation', note: '起诉' }],
      ['close', 'escalated', { reason: '结案' }],
      ['withdraw', 'assigned', {}],
    ];
    for (const [route, status, body] of cases) {
      const c = await complaintIn(w, status);
      const was = await snapshot(w, c.id);
      expectProblem(await w.call(merchantA, 'POST', `/api/v1/complaints/${c.id}/${route}`, body), 403, route);
      expect(await snapshot(w, c.id), route).toEqual(was);
    }
  });

  it('refuses (403) a station the merchant and staff actions, even on its own complaint', async () => {
    const w = await testWorld();
    const c = await complaintIn(w, 'assigned', { intake: { stationId: w.stationA.id } });
    expect((await w.call(w.actors.stationA, 'GET', `/api/v1/complaints/${c.id}`)).status).toBe(200);
    const was = await snapshot(w, c.id);
    expectProblem(await w.call(w.actors.stationA, 'POST', `/api/v1/complaints/${c.id}/acknowledge`), 403);
    expectProblem(
      await w.call(w.actors.stationA, 'POST', `/api/v1/complaints/${c.id}/assign`, {
        merchantId: w.merchantB.id,
      }),
      403,
    );
    expect(await snapshot(w, c.id)).toEqual(was);
  });

  it('lets only a commission admin register stations and merchants', async () => {
    const w = await testWorld();
    const station = { name: '新联络站', address: '浦东大道1号', host: '某商场' };
    const merchant = { name: '丙公司', creditCode: '91310115MA1K00009Y' };
    const staffUser = await w.user('commission_staff');
    const before = await allCounts(w);
    for (const actor of [w.actors.merchantA, w.actors.stationA, w.actors.staff]) {
      expectProblem(await w.call(actor, 'POST', '/api/v1/stations', station), 403, 'stations');
      expectProblem(await w.call(actor, 'POST', '/api/v1/merchants', merchant), 403, 'merchants');
    }
    expectProblem(await w.call(staffUser, 'POST', '/api/v1/merchants', merchant), 403, 'staff user');
    expectProblem(await w.call(staffUser, 'POST', '/api/v1/stations', station), 403, 'staff user');
    expect(await allCounts(w)).toEqual(before);
    // Staff read both lists; a merchant reads neither.
    expect((await w.call(w.actors.staff, 'GET', '/api/v1/stations')).status).toBe(200);
    expect((await w.call(w.actors.staff, 'GET', '/api/v1/merchants')).status).toBe(200);
    expectProblem(await w.call(w.actors.merchantA, 'GET', '/api/v1/merchants'), 403);
    expectProblem(await w.call(w.actors.merchantA, 'GET', '/api/v1/stations'), 403);
    expect((await w.call(w.admin, 'POST', '/api/v1/stations', station)).status).toBe(201);
    expect((await w.call(w.admin, 'POST', '/api/v1/merchants', merchant)).status).toBe(201);
  });

  it('lets a merchant admin, not an agent, manage API clients and users of its own merchant only', async () => {
    const w = await testWorld();
    const agent = await w.user('merchant_agent', { merchantId: w.merchantA.id });
    const madmin = await w.user('merchant_admin', { merchantId: w.merchantA.id });
    const before = await allCounts(w);
    expectProblem(await w.call(agent, 'POST', '/api/v1/api-clients', { name: 'crm' }), 403, 'agent client');
    expectProblem(
      await w.call(agent, 'POST', '/api/v1/users', {
        email: 'a1@example.cn',
        password: 'long enough password',
        role: 'merchant_agent',
      }),
      403,
      'agent user',
    );
    expectProblem(
      await w.call(madmin, 'POST', '/api/v1/api-clients', { name: 'crm', merchantId: w.merchantB.id }),
      403,
      'client for B',
    );
    for (const role of ['station_operator', 'commission_staff', 'commission_admin']) {
      const res = await w.call(madmin, 'POST', '/api/v1/users', {
        email: `${role}@example.cn`,
        password: 'long enough password',
        role,
        ...(role === 'station_operator' ? { stationId: w.stationA.id } : {}),
      });
      expectProblem(res, 403, role);
    }
    expect(await allCounts(w)).toEqual(before);

    const client = await w.call(madmin, 'POST', '/api/v1/api-clients', { name: 'crm' });
    expect(client.status).toBe(201);
    expect(client.body).toMatchObject({ actsAs: 'merchant', merchantId: w.merchantA.id });
    const own = await w.call(madmin, 'POST', '/api/v1/users', {
      email: 'agent2@example.cn',
      password: 'long enough password',
      role: 'merchant_agent',
    });
    expect(own.status).toBe(201);
    expect(own.body.merchantId).toBe(w.merchantA.id);
    // Naming another merchant never puts a user there.
    const other = await w.call(madmin, 'POST', '/api/v1/users', {
      email: 'agent3@example.cn',
      password: 'long enough password',
      role: 'merchant_agent',
      merchantId: w.merchantB.id,
    });
    expect([201, 403, 404, 422]).toContain(other.status);
    const inB = await w.runtime.db
      .selectFrom('users')
      .select('id')
      .where('merchant_id', '=', w.merchantB.id)
      .execute();
    expect(inB).toEqual([]);
    const listed = await w.call(madmin, 'GET', '/api/v1/users');
    for (const u of listed.body.data) expect(u.merchantId).toBe(w.merchantA.id);
  });

  it('refuses (403) every POST with a read-only token, which still reads', async () => {
    const w = await testWorld();
    const c = await complaintIn(w, 'acknowledged');
    const creds = await credentials(w, w.merchantA.id);
    const token = await w.call(null, 'POST', '/oauth/token', {
      grant_type: 'client_credentials',
      client_id: creds.id,
      client_secret: creds.secret,
      scope: 'read',
    });
    expect(token.status).toBe(200);
    expect(token.body.scope).toBe('read');
    const reader: Actor = {
      token: token.body.access_token,
      id: creds.id,
      merchantId: w.merchantA.id,
      stationId: null,
    };
    expect((await w.call(reader, 'GET', `/api/v1/complaints/${c.id}`)).status).toBe(200);
    expect((await w.call(reader, 'GET', '/api/v1/complaints')).status).toBe(200);
    const was = await snapshot(w, c.id);
    const before = await allCounts(w);
    expectProblem(await w.call(reader, 'POST', `/api/v1/complaints/${c.id}/messages`, { body: '你好' }), 403);
    expectProblem(
      await w.call(reader, 'POST', `/api/v1/complaints/${c.id}/settlement`, {
        outcome: 'refund',
        amountFen: 1,
        consumerAccepted: true,
      }),
      403,
    );
    expectProblem(await w.call(reader, 'POST', '/api/v1/api-clients', { name: 'x' }), 403);
    expect(await snapshot(w, c.id)).toEqual(was);
    expect(await allCounts(w)).toEqual(before);
  });
});

describe('the consumer phone number', () => {
  it('is whole on the single complaint for its merchant, audited, and masked everywhere else', async () => {
    const w = await testWorld();
    const c = await complaintIn(w, 'acknowledged');
    expect(c.consumer.phone).toBe('138****5678'); // an action's answer is masked
    expect(await auditRows(w, c.id)).toHaveLength(0);

    const one = await w.call(w.actors.merchantA, 'GET', `/api/v1/complaints/${c.id}`);
    expect(one.body.consumer.phone).toBe('13812345678');
    const audit = await auditRows(w, c.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor_kind: 'client',
      actor_id: w.actors.merchantA.id,
      action: 'consumer_phone.read',
      complaint_id: c.id,
    });
    expect(Number(audit[0]!.created_at)).toBe(w.clock.now());

    // Another merchant's attempt reads nothing and leaves no audit row.
    await w.call(w.actors.merchantB, 'GET', `/api/v1/complaints/${c.id}`);
    expect(await auditRows(w, c.id)).toHaveLength(1);

    const list = await w.call(w.actors.merchantA, 'GET', '/api/v1/complaints');
    expect(list.body.data[0].consumer.phone).toBe('138****5678');
    const feed = await w.call(w.actors.merchantA, 'GET', '/api/v1/events');
    for (const e of feed.body.data) expect(JSON.stringify(e)).not.toContain('13812345678');
    const timeline = await w.call(w.actors.merchantA, 'GET', `/api/v1/complaints/${c.id}/events`);
    expect(JSON.stringify(timeline.body)).not.toContain('13812345678');
    // Lists and timelines are not audited reads.
    expect(await auditRows(w, c.id)).toHaveLength(1);
  });
});
