import { beforeAll, describe, expect, it } from 'vitest';
import { signConsumerLink } from '../src/auth/tokens';
import { buildOpenApiDocument, type OpenApiDocument } from '../src/openapi/document';
import { OPERATIONS } from '../src/openapi/routes';
import { webhookDelivery } from '../src/webhooks/job';
import { contractValidator } from './contract-validator';
import { type Actor, type TestWorld, testWorld } from './harness';

/**
 * Real answers against the document: a representative flow through `app.request()` —
 * intake, routing, every action, lists, settlements, the admin resources, webhooks and the
 * errors — with every answer checked against the schema of its operation and status.
 */

type Caller = Actor | { cookie: string } | null;

let doc: OpenApiDocument;
beforeAll(() => {
  doc = buildOpenApiDocument({ serverUrl: 'http://localhost:8787' });
});

function checkedWorld(w: TestWorld) {
  const validator = contractValidator(doc);
  async function api(
    who: Caller,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) {
    const res = await w.call(who, method, path, body, headers);
    validator.check(method, path, res.status, res.headers.get('Content-Type'), res.body);
    return res;
  }
  /** Calls and insists on a status. */
  async function expectStatus(status: number, who: Caller, method: string, path: string, body?: unknown) {
    const res = await api(who, method, path, body);
    expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBe(status);
    return res.body;
  }
  return { api, expectStatus, seen: validator.seen };
}

const intakeBody = (merchantId?: string) => ({
  channel: 'hotline',
  ...(merchantId ? { merchantId } : {}),
  subject: '直播间购买的羽绒服与描述不符',
  description: '直播间宣传含绒量90%，收到后检测仅为50%，要求退货退款。',
  category: 'clothing',
  tags: ['live_streaming'],
  consumer: { name: '李女士', phone: '13900001111' },
  claimFen: 89_900,
});

describe('the API answers as its OpenAPI document says', () => {
  it('across intake, every action, lists, settlements, admin resources, webhooks and errors', async () => {
    const w = await testWorld();
    const { api, expectStatus, seen } = checkedWorld(w);
    const { staff, merchantA, merchantB, stationA } = w.actors;
    const admin = { cookie: w.admin.cookie };
    const c = (id: string, action = '') => `/api/v1/complaints/${id}${action ? `/${action}` : ''}`;

    // Public: the document, the keys, tokens.
    await expectStatus(200, null, 'GET', '/api/v1/openapi.json');
    await expectStatus(200, null, 'GET', '/.well-known/jwks.json');
    const client = await expectStatus(201, admin, 'POST', '/api/v1/api-clients', {
      name: 'CRM (read only)',
      actsAs: 'merchant',
      merchantId: w.merchantA.id,
    });
    const form = (fields: Record<string, string>) =>
      api(null, 'POST', '/oauth/token', new URLSearchParams(fields).toString(), {
        'Content-Type': 'application/x-www-form-urlencoded',
      });
    const token = await form({
      grant_type: 'client_credentials',
      client_id: client.id,
      client_secret: client.secret,
      scope: 'read',
    });
    expect(token.status).toBe(200);
    expect(
      (await form({ grant_type: 'client_credentials', client_id: client.id, client_secret: 'nope' })).status,
    ).toBe(401);
    expect((await form({ grant_type: 'password' })).status).toBe(400);
    const readOnly: Actor = {
      token: token.body.access_token,
      id: client.id,
      merchantId: w.merchantA.id,
      stationId: null,
    };

    // Intake and routing.
    const c1 = await expectStatus(201, staff, 'POST', '/api/v1/complaints', intakeBody(w.merchantA.id));
    const c2 = await expectStatus(201, staff, 'POST', '/api/v1/complaints', intakeBody(w.merchantA.id));
    const c3 = await expectStatus(201, stationA, 'POST', '/api/v1/complaints', intakeBody(w.merchantA.id));
    const c4 = await expectStatus(201, staff, 'POST', '/api/v1/complaints', intakeBody());
    await expectStatus(200, staff, 'POST', c(c4.id, 'assign'), { merchantId: w.merchantA.id });

    // Merchant A works its inbox: every action, through to settled.
    await expectStatus(200, merchantA, 'GET', '/api/v1/complaints?status=assigned&limit=2');
    await expectStatus(200, merchantA, 'GET', c(c1.id));
    await expectStatus(200, merchantA, 'POST', c(c1.id, 'acknowledge'));
    await expectStatus(200, merchantA, 'POST', c(c1.id, 'messages'), { body: '您好，已收到，正在核实。' });
    await expectStatus(200, merchantA, 'POST', c(c1.id, 'info-requests'), { body: '请提供检测报告。' });
    await expectStatus(200, merchantA, 'POST', c(c1.id, 'consumer-replies'), { body: '已邮寄检测报告。' });
    await expectStatus(200, merchantA, 'POST', c(c1.id, 'proposals'), {
      outcome: 'refund',
      amountFen: 89_900,
      terms: '退货退款',
    });
    await expectStatus(200, staff, 'POST', c(c1.id, 'proposal-answers'), {
      accept: true,
      comment: '电话确认接受',
    });
    await expectStatus(200, merchantA, 'POST', c(c2.id, 'acknowledge'));
    await expectStatus(200, merchantA, 'POST', c(c2.id, 'settlement'), {
      outcome: 'exchange',
      amountFen: 0,
      consumerAccepted: true,
      note: '换货',
    });
    await expectStatus(200, merchantA, 'GET', c(c1.id, 'events'));
    // Declined, escalated, referred, closed; and withdrawn.
    await expectStatus(200, merchantA, 'POST', c(c3.id, 'decline'), { reason: '商品已超过退货期' });
    await expectStatus(200, staff, 'POST', c(c3.id, 'refer'), { to: 'people_mediation', note: '调解不成' });
    await expectStatus(200, staff, 'POST', c(c3.id, 'close'), { reason: '已移交' });
    await expectStatus(200, staff, 'POST', c(c4.id, 'escalate'), {});
    await expectStatus(200, staff, 'POST', c(c4.id, 'withdraw'), { reason: '消费者撤诉' });

    // The consumer's side, through the signed link.
    const link = async (id: string) =>
      `/api/v1/consumer/${await signConsumerLink(w.runtime.keys, w.clock, id, 3_600)}`;
    const c5 = await expectStatus(201, staff, 'POST', '/api/v1/complaints', intakeBody(w.merchantA.id));
    await expectStatus(200, merchantA, 'POST', c(c5.id, 'acknowledge'), {});
    await expectStatus(200, merchantA, 'POST', c(c5.id, 'info-requests'), { body: '请提供订单号。' });
    const l5 = await link(c5.id);
    await expectStatus(200, null, 'GET', l5);
    await expectStatus(200, null, 'POST', `${l5}/reply`, { body: '订单号 20261130001' });
    await expectStatus(200, merchantA, 'POST', c(c5.id, 'proposals'), {
      outcome: 'compensation',
      amountFen: 5_000,
      terms: '补偿50元',
    });
    await expectStatus(200, null, 'POST', `${l5}/proposal-answer`, { accept: false, comment: '金额太少' });
    // The rating is open once the complaint has ended.
    await expectStatus(422, null, 'POST', `${l5}/rating`, { rating: 3 });
    await expectStatus(200, staff, 'POST', c(c5.id, 'close'), { reason: '调解终止' });
    await expectStatus(200, null, 'GET', l5);
    await expectStatus(200, null, 'POST', `${l5}/rating`, { rating: 3 });
    await expectStatus(401, null, 'GET', '/api/v1/consumer/not-a-link');
    await expectStatus(409, null, 'POST', `${l5}/reply`, { body: '再补充一点' });

    // Errors, each a problem document of its own status.
    await expectStatus(401, null, 'GET', '/api/v1/complaints');
    await expectStatus(401, { token: 'not-a-token' } as Actor, 'GET', '/api/v1/complaints');
    await expectStatus(403, merchantA, 'POST', c(c2.id, 'assign'), { merchantId: w.merchantB.id });
    await expectStatus(403, readOnly, 'POST', c(c2.id, 'messages'), { body: '只读令牌' });
    await expectStatus(404, merchantB, 'GET', c(c1.id));
    await expectStatus(404, merchantA, 'GET', c('cmp_01JD3Z6Y8G5C4F0QK3W2A1B9XE'));
    const conflict = await expectStatus(409, merchantA, 'POST', c(c2.id, 'acknowledge'));
    expect(conflict.allowed).toEqual(expect.any(Array));
    await expectStatus(422, staff, 'POST', '/api/v1/complaints', { ...intakeBody(), claimFen: -1 });
    await expectStatus(422, merchantA, 'GET', '/api/v1/complaints?limit=1000');
    await expectStatus(422, merchantA, 'GET', c('not-an-id'));
    await expectStatus(400, staff, 'POST', '/api/v1/complaints', '{"channel":');
    const wrongType = await api(staff, 'POST', c(c2.id, 'messages'), 'body=hi', {
      'Content-Type': 'text/plain',
    });
    expect(wrongType.status).toBe(415);
    const big = await api(
      staff,
      'POST',
      '/api/v1/complaints',
      JSON.stringify({ description: 'x'.repeat(1_100_000) }),
    );
    expect(big.status).toBe(413);

    // Settlements.
    await expectStatus(201, stationA, 'POST', '/api/v1/settlements', {
      stationId: w.stationA.id,
      merchantName: '某商场专柜',
      outcome: 'refund',
      amountFen: 12_800,
      consumerAccepted: true,
      summary: '现场调解，退款128元',
    });
    await expectStatus(200, stationA, 'GET', '/api/v1/settlements?limit=5');
    await expectStatus(200, staff, 'GET', '/api/v1/settlements/export.csv');

    // The caller's merchant, merchants, stations, users, API clients.
    await expectStatus(200, merchantA, 'GET', '/api/v1/merchant');
    await expectStatus(200, staff, 'GET', '/api/v1/merchants');
    const m = await expectStatus(201, admin, 'POST', '/api/v1/merchants', {
      name: '丙充电科技有限公司',
      creditCode: '91310115MA1K000003',
    });
    await expectStatus(200, staff, 'GET', `/api/v1/merchants/${m.id}`);
    await expectStatus(200, admin, 'PATCH', `/api/v1/merchants/${m.id}`, { slaPolicy: 'fast' });
    await expectStatus(200, staff, 'GET', '/api/v1/stations');
    const s = await expectStatus(201, admin, 'POST', '/api/v1/stations', {
      name: '正大广场联络站',
      address: '陆家嘴西路168号',
      host: '正大广场',
    });
    await expectStatus(200, staff, 'GET', `/api/v1/stations/${s.id}`);
    await expectStatus(200, admin, 'PATCH', `/api/v1/stations/${s.id}`, { online: false });
    await expectStatus(204, admin, 'DELETE', `/api/v1/stations/${s.id}`);
    await expectStatus(200, admin, 'GET', '/api/v1/users');
    await expectStatus(200, admin, 'GET', '/api/v1/audit/phone-reveals');
    const invited = await expectStatus(201, admin, 'POST', '/api/v1/users', {
      email: 'agent@jia.example.cn',
      password: 'correct horse battery',
      role: 'merchant_agent',
      merchantId: w.merchantA.id,
    });
    await expectStatus(200, admin, 'GET', `/api/v1/users/${invited.id}`);
    await expectStatus(200, merchantA, 'POST', `/api/v1/users/${invited.id}/disable`);
    await expectStatus(200, admin, 'POST', `/api/v1/users/${invited.id}/enable`);
    await expectStatus(200, admin, 'POST', `/api/v1/users/${invited.id}/reset-password`, {
      password: 'another long password',
    });
    await expectStatus(200, merchantA, 'PUT', `/api/v1/users/${invited.id}/role`, { role: 'merchant_admin' });
    // The only active merchant admin of merchant A now: disabling or demoting is refused.
    await expectStatus(409, merchantA, 'POST', `/api/v1/users/${invited.id}/disable`);
    await expectStatus(409, merchantA, 'PUT', `/api/v1/users/${invited.id}/role`, { role: 'merchant_agent' });
    await expectStatus(404, merchantB, 'GET', `/api/v1/users/${invited.id}`);
    await expectStatus(200, merchantA, 'GET', '/api/v1/api-clients');
    const own = await expectStatus(201, merchantA, 'POST', '/api/v1/api-clients', { name: 'ERP' });
    await expectStatus(204, merchantA, 'DELETE', `/api/v1/api-clients/${own.id}`);

    // The event feed, calendars, taxonomy.
    const feed = await expectStatus(200, merchantA, 'GET', '/api/v1/events?limit=3');
    await expectStatus(
      200,
      merchantA,
      'GET',
      `/api/v1/events?after=${feed.nextCursor}&types=complaint.settled`,
    );
    await expectStatus(200, merchantA, 'GET', '/api/v1/calendars/2026');
    await expectStatus(200, merchantA, 'GET', '/api/v1/calendars/2031');
    await expectStatus(200, admin, 'PUT', '/api/v1/calendars/2031', {
      daysOff: ['2031-01-01'],
      workdays: [],
    });
    await expectStatus(
      200,
      merchantA,
      'GET',
      `/api/v1/calendars/deadline?from=${encodeURIComponent('2026-09-30T10:00:00+08:00')}&amount=2&unit=working_days`,
    );
    await expectStatus(200, merchantA, 'GET', '/api/v1/categories');
    await expectStatus(200, merchantA, 'GET', '/api/v1/tags');

    // Webhooks: an endpoint, a delivery (to nowhere: it fails), its log, a retry, rotation.
    const endpoint = await expectStatus(201, merchantA, 'POST', '/api/v1/webhook-endpoints', {
      url: 'http://127.0.0.1:9/hooks',
      eventTypes: ['complaint.assigned'],
    });
    await expectStatus(201, staff, 'POST', '/api/v1/complaints', intakeBody(w.merchantA.id));
    await webhookDelivery.run(w.runtime);
    await expectStatus(200, merchantA, 'GET', '/api/v1/webhook-endpoints');
    await expectStatus(200, merchantA, 'GET', `/api/v1/webhook-endpoints/${endpoint.id}`);
    await expectStatus(200, merchantA, 'PATCH', `/api/v1/webhook-endpoints/${endpoint.id}`, {
      description: 'CRM',
    });
    await expectStatus(200, merchantA, 'POST', `/api/v1/webhook-endpoints/${endpoint.id}/rotate-secret`);
    const deliveries = await expectStatus(
      200,
      merchantA,
      'GET',
      `/api/v1/webhook-endpoints/${endpoint.id}/deliveries`,
    );
    expect(deliveries.data.length).toBeGreaterThan(0);
    await expectStatus(200, merchantA, 'POST', `/api/v1/webhook-deliveries/${deliveries.data[0].id}/retry`);
    await expectStatus(404, merchantB, 'GET', `/api/v1/webhook-endpoints/${endpoint.id}`);
    await expectStatus(204, merchantA, 'DELETE', `/api/v1/webhook-endpoints/${endpoint.id}`);

    // Every operation answered with its documented success at least once.
    const missing = OPERATIONS.filter(
      (op) => ![...seen].some((s) => s === `${op.operationId} ${op.success.status}`),
    ).map((op) => op.operationId);
    expect(missing).toEqual([]);
    for (const status of [400, 401, 403, 404, 409, 413, 415, 422]) {
      expect(
        [...seen].some((s) => s.endsWith(` ${status}`)),
        `a ${status} answer`,
      ).toBe(true);
    }
  }, 60_000);
});
