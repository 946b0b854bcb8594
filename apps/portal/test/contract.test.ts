import { type IdKind, newId } from '@redress/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { signConsumerLink } from '../src/auth/tokens';
import { RATE_LIMIT_DEFAULTS } from '../src/config';
import type { OperationSpec } from '../src/http/operation';
import { buildOpenApiDocument, type OpenApiDocument } from '../src/openapi/document';
import { apiOperations } from '../src/openapi/operations';
import { webhookDelivery } from '../src/webhooks/job';
import { contractValidator } from './contract-validator';
import * as evidence from './evidence-files';
import { type Actor, type TestWorld, testWorld } from './harness';

/**
 * Real answers against the document: a representative flow through `app.request()` —
 * intake, routing, every action, lists, settlements, the admin resources, webhooks and the
 * errors — with every answer checked against the schema of its operation and status.
 */

type Caller = Actor | { cookie: string } | null;

let doc: OpenApiDocument;
let validator: ReturnType<typeof contractValidator>;
beforeAll(() => {
  doc = buildOpenApiDocument({ serverUrl: 'http://localhost:8787' });
  validator = contractValidator(doc);
});

/** Calls through the world, with every answer checked against the document and counted as seen. */
function checkedWorld(w: TestWorld) {
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
  /** Sends a file as multipart/form-data (the attachments' uploads), checked like the rest. */
  async function send(who: Caller, path: string, bytes: Uint8Array | null, name = 'photo.png') {
    const form = new FormData();
    if (bytes) form.append('file', new Blob([bytes as BlobPart]), name);
    const headers: Record<string, string> = {};
    if (who && 'token' in who) headers.Authorization = `Bearer ${who.token}`;
    const res = await w.app.request(path, { method: 'POST', headers, body: form });
    const body = await res.json();
    validator.check('POST', path, res.status, res.headers.get('Content-Type'), body);
    return { status: res.status, body };
  }
  /** Downloads, checked against the document (the media type of the bytes). */
  async function fetchBytes(who: Caller, path: string) {
    const res = await w.call(who, 'GET', path);
    validator.check(
      'GET',
      path,
      res.status,
      res.headers.get('Content-Type'),
      res.status === 200 ? '' : res.body,
    );
    return res;
  }
  return { api, expectStatus, send, fetchBytes };
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
    const { api, expectStatus } = checkedWorld(w);
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

    // Any business: one not networked, aliases, routing a joined business, not ours, a duplicate merged.
    const shop = await expectStatus(201, staff, 'POST', '/api/v1/complaints', {
      ...intakeBody(),
      business: { name: '某小吃店', creditCode: '914403001922038216' },
    });
    await expectStatus(200, admin, 'PUT', `/api/v1/merchants/${w.merchantB.id}/aliases`, {
      aliases: ['乙网'],
    });
    await expectStatus(200, merchantB, 'GET', `/api/v1/merchants/${w.merchantB.id}/aliases`);
    await expectStatus(200, staff, 'POST', '/api/v1/complaints/route-business', {
      merchantId: w.merchantB.id,
    });
    await expectStatus(200, staff, 'POST', c(shop.id, 'route-business'), { merchantId: w.merchantB.id });
    const c6 = await expectStatus(201, staff, 'POST', '/api/v1/complaints', intakeBody(w.merchantB.id));
    await expectStatus(200, merchantB, 'POST', c(c6.id, 'not-ours'), {
      reason: '本公司无此门店',
      suggestedBusiness: { name: '丙商店' },
    });
    await expectStatus(200, staff, 'POST', c(c6.id, 'merge'), { into: shop.id });
    const c7 = await expectStatus(201, staff, 'POST', '/api/v1/complaints', intakeBody());
    await expectStatus(200, staff, 'POST', c(c7.id, 'not-networked'), { business: { name: '丙商店' } });

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
    // Working as a team: an owner, internal notes.
    const colleague = await w.user('merchant_agent', { merchantId: w.merchantA.id });
    await expectStatus(200, merchantA, 'PUT', c(c1.id, 'owner'), { userId: colleague.id });
    await expectStatus(201, merchantA, 'POST', c(c1.id, 'notes'), { body: '老客户，优先处理' });
    await expectStatus(200, merchantA, 'GET', c(c1.id, 'notes'));
    await expectStatus(200, merchantA, 'GET', `/api/v1/complaints?owner=${colleague.id}`);
    const tpl = await expectStatus(201, merchantA, 'POST', '/api/v1/reply-templates', {
      name: '已收到',
      body: '您好，已收到您的投诉，我们会尽快处理。',
    });
    await expectStatus(409, merchantA, 'POST', '/api/v1/reply-templates', { name: '已收到', body: '重复' });
    await expectStatus(200, merchantA, 'GET', '/api/v1/reply-templates');
    await expectStatus(200, merchantA, 'GET', `/api/v1/reply-templates/${tpl.id}`);
    await expectStatus(200, merchantA, 'PATCH', `/api/v1/reply-templates/${tpl.id}`, { name: '收到' });
    const tpl2 = await expectStatus(201, merchantA, 'POST', '/api/v1/reply-templates', {
      name: '另一个',
      body: '内容',
    });
    await expectStatus(409, merchantA, 'PATCH', `/api/v1/reply-templates/${tpl2.id}`, { name: '收到' });
    await expectStatus(404, merchantB, 'GET', `/api/v1/reply-templates/${tpl.id}`);
    await expectStatus(204, merchantA, 'DELETE', `/api/v1/reply-templates/${tpl2.id}`);
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

    // Evidence: uploads, lists and downloads, by the merchant and through the link.
    const { send, fetchBytes } = checkedWorld(w);
    const photo = await send(merchantA, c(c5.id, 'attachments'), evidence.png());
    expect(photo.status).toBe(201);
    expect((await send(merchantA, c(c5.id, 'attachments'), evidence.executable(), 'photo.jpg')).status).toBe(
      422,
    );
    expect((await send(merchantA, c(c5.id, 'attachments'), null)).status).toBe(422);
    expect((await send(merchantB, c(c5.id, 'attachments'), evidence.png())).status).toBe(404);
    const malformedUpload = await w.call(merchantA, 'POST', c(c5.id, 'attachments'), 'x', {
      'Content-Type': 'multipart/form-data',
    });
    validator.check(
      'POST',
      c(c5.id, 'attachments'),
      malformedUpload.status,
      malformedUpload.headers.get('Content-Type'),
      malformedUpload.body,
    );
    expect(malformedUpload.status).toBe(400);
    const jsonUpload = await api(merchantA, 'POST', c(c5.id, 'attachments'), { file: 'x' });
    expect(jsonUpload.status).toBe(415);
    await expectStatus(200, merchantA, 'GET', c(c5.id, 'attachments'));
    expect((await fetchBytes(merchantA, `/api/v1/attachments/${photo.body.id}`)).status).toBe(200);
    expect((await fetchBytes(merchantB, `/api/v1/attachments/${photo.body.id}`)).status).toBe(404);
    const fromConsumer = await send(null, `${l5}/attachments`, evidence.pdf(), '收据.pdf');
    expect(fromConsumer.status).toBe(201);
    await expectStatus(200, null, 'GET', `${l5}/attachments`);
    await expectStatus(415, null, 'POST', `${l5}/attachments`, { file: 'x' });
    const malformedLink = await w.call(null, 'POST', `${l5}/attachments`, 'x', {
      'Content-Type': 'multipart/form-data',
    });
    validator.check(
      'POST',
      `${l5}/attachments`,
      malformedLink.status,
      malformedLink.headers.get('Content-Type'),
      malformedLink.body,
    );
    expect(malformedLink.status).toBe(400);
    expect((await fetchBytes(null, `${l5}/attachments/${fromConsumer.body.id}`)).status).toBe(200);
    expect((await fetchBytes(null, `${l5}/attachments/${newId('attachment')}`)).status).toBe(404);
    expect((await send(null, `${l5}/attachments`, evidence.html(), 'x.pdf')).status).toBe(422);
    expect(
      (await send(null, `${l5}/attachments`, evidence.png(1, 1, [0, 0, 0], 10 * 1024 * 1024))).status,
    ).toBe(413);
    expect(
      (await send(merchantA, c(c5.id, 'attachments'), evidence.png(1, 1, [0, 0, 0], 10 * 1024 * 1024)))
        .status,
    ).toBe(413);
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
    await expectStatus(200, staff, 'GET', '/api/v1/settlements/export.csv?lang=en');

    // The complaints CSV: staff all, a merchant its own, no one else; the list's filters.
    await expectStatus(200, staff, 'GET', '/api/v1/complaints/export.csv?status=new&q=5678');
    await expectStatus(200, merchantA, 'GET', '/api/v1/complaints/export.csv?lang=en');
    await expectStatus(403, stationA, 'GET', '/api/v1/complaints/export.csv');
    await expectStatus(422, staff, 'GET', '/api/v1/complaints/export.csv?lang=fr');
    await expectStatus(200, staff, 'GET', '/api/v1/complaints?channel=hotline&q=13812345678');

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
    await expectStatus(200, admin, 'GET', '/api/v1/audit/attachment-reads');
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
  }, 60_000);
});

describe('bulk intake answers as the document says', () => {
  it('imports a file, answers every row later, and refuses what it must', async () => {
    const w = await testWorld();
    const { api, expectStatus } = checkedWorld(w);
    const { staff, merchantA } = w.actors;
    const ndjson = { 'Content-Type': 'application/x-ndjson' };
    const file = [
      { ...intakeBody(w.merchantA.id), externalRef: 'C-1' },
      { ...intakeBody(), externalRef: 'C-2', category: 'nope' },
    ]
      .map((r) => JSON.stringify(r))
      .join('\n');
    const done = await api(staff, 'POST', '/api/v1/complaints/import', file, ndjson);
    expect(done.status).toBe(201);
    expect(done.body.counts).toMatchObject({ imported: 1, rejected: 1 });
    await expectStatus(200, staff, 'GET', `/api/v1/imports/${done.body.id}`);
    await expectStatus(403, merchantA, 'GET', `/api/v1/imports/${done.body.id}`);
    const header = await api(staff, 'POST', '/api/v1/complaints/import', 'colour\nred\n', {
      'Content-Type': 'text/csv',
    });
    expect(header.status).toBe(422);
  });
});

// ---- every declared (operation, status) pair, produced for real -----------------------------

/** The kind of id each path's `{id}` takes. */
const ID_KINDS: [prefix: string, kind: IdKind][] = [
  ['/api/v1/complaints/', 'complaint'],
  ['/api/v1/stations/', 'station'],
  ['/api/v1/merchants/', 'merchant'],
  ['/api/v1/users/', 'user'],
  ['/api/v1/api-clients/', 'apiClient'],
  ['/api/v1/webhook-endpoints/', 'webhookEndpoint'],
  ['/api/v1/webhook-deliveries/', 'webhookDelivery'],
  ['/api/v1/attachments/', 'attachment'],
  // `/api/v1/consumer/{token}/attachments/{id}`: the link's only path with an id.
  ['/api/v1/consumer/', 'attachment'],
  ['/api/v1/alerts/', 'alert'],
  ['/api/v1/typical-cases/', 'typicalCase'],
  ['/api/v1/imports/', 'import'],
  ['/api/v1/reply-templates/', 'replyTemplate'],
];

/** The operation's path with its parameters filled: by default ids of nothing (well formed). */
function urlOf(op: OperationSpec, values: { id?: string; year?: string; token?: string } = {}): string {
  return op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (name === 'year') return values.year ?? '2031';
    if (name === 'token') return values.token ?? 'not-a-link';
    // A policy's code: a code of nothing, or (as the malformed id) one that is not a code.
    if (name === 'code') return values.id ?? 'nosuch_policy';
    const kind = ID_KINDS.find(([prefix]) => op.path.startsWith(prefix))?.[1];
    if (!kind) throw new Error(`no id kind for ${op.path}`);
    return values.id ?? newId(kind);
  });
}

/** A body each operation takes as valid (for the answers that come after validation). */
function validBody(w: TestWorld, op: OperationSpec): unknown {
  const bodies: Record<string, unknown> = {
    createComplaint: intakeBody(w.merchantA.id),
    assignComplaint: { merchantId: w.merchantA.id },
    acknowledgeComplaint: {},
    messageConsumer: { body: '您好' },
    requestInformation: { body: '请提供订单号' },
    recordConsumerReply: { body: '订单号 1' },
    proposeSettlement: { outcome: 'refund', amountFen: 100, terms: '退款' },
    answerProposal: { accept: true },
    recordSettlement: { outcome: 'refund', amountFen: 100, consumerAccepted: true },
    declineComplaint: { reason: '超过退货期' },
    escalateComplaint: {},
    referComplaint: { to: 'people_mediation', note: '调解不成' },
    closeComplaint: { reason: '已办结' },
    withdrawComplaint: {},
    setComplaintOwner: { userId: null },
    createReplyTemplate: {
      name: `模板${Math.random().toString(36).slice(2, 8)}`,
      body: '您好，我们已收到。',
    },
    updateReplyTemplate: { body: '您好，我们正在处理。' },
    addComplaintNote: { body: '内部备注' },
    returnComplaint: { reason: '非本企业' },
    routeBusinessComplaint: { merchantId: w.merchantA.id },
    markNotNetworked: { business: { name: '路边烧烤摊' } },
    mergeComplaint: { into: newId('complaint') },
    routeJoinedBusiness: { merchantId: w.merchantA.id },
    setMerchantAliases: { aliases: ['丁'] },
    createSettlement: {
      stationId: w.stationA.id,
      merchantName: '某商场专柜',
      outcome: 'refund',
      amountFen: 100,
      consumerAccepted: true,
      summary: '现场调解',
    },
    createStation: { name: '新联络站', address: '某路1号', host: '某商场' },
    updateStation: { online: false },
    putSlaPolicy: {
      name: { zh: '极速', en: 'Express' },
      acknowledge: { amount: 1, unit: 'working_days' },
      settle: { amount: 5, unit: 'working_days' },
    },
    createMerchant: { name: '丁有限公司', creditCode: '91310115MA1K00004F' },
    updateMerchant: { slaPolicy: 'fast' },
    createUser: {
      email: `u${Math.random().toString(36).slice(2, 8)}@example.cn`,
      password: 'correct horse battery',
      role: 'merchant_agent',
      merchantId: w.merchantA.id,
    },
    setUserRole: { role: 'merchant_admin' },
    resetUserPassword: { password: 'another long password' },
    createApiClient: { name: 'ERP', actsAs: 'merchant', merchantId: w.merchantA.id },
    createWebhookEndpoint: { url: 'http://127.0.0.1:9/hooks', eventTypes: ['complaint.assigned'] },
    updateWebhookEndpoint: { description: 'CRM' },
    putCalendarYear: { daysOff: ['2031-01-01'], workdays: [] },
    answerProposalAsConsumer: { accept: false },
    replyAsConsumer: { body: '补充' },
    rateSatisfaction: { rating: 3 },
    evaluateAlerts: { date: '2026-11-29' },
    acknowledgeAlert: { note: '已约谈' },
    dismissAlert: { note: '误报' },
    publishTypicalCase: {
      title: '直播间羽绒服含绒量不符',
      summary: '消费者在直播间购买羽绒服，检测含绒量不足。',
      resolution: '商家退货退款。',
      lesson: '保留直播截图和检测报告。',
      category: 'clothing',
    },
    unpublishTypicalCase: { reason: '撤下' },
  };
  if (!op.body || op.body.mediaTypes) return undefined;
  if (!(op.operationId in bodies)) throw new Error(`no valid body for ${op.operationId}`);
  return bodies[op.operationId];
}

const jsonBodied = (op: OperationSpec) => op.body !== undefined && op.body.mediaTypes === undefined;
const authenticated = (op: OperationSpec) => op.access === 'read' || op.access === 'write';

describe('the early warning answers as its document says', () => {
  it('evaluating a spike, listing, reading, acknowledging and dismissing alerts', async () => {
    const w = await testWorld();
    const { expectStatus } = checkedWorld(w);
    const { staff, merchantA } = w.actors;
    for (let day = 12; day >= 0; day--) {
      const date = new Date(Date.parse('2026-11-29T12:00:00+08:00') - day * 86_400_000).toISOString();
      for (let i = 0; i < (day === 0 ? 15 : 2); i++)
        await expectStatus(201, staff, 'POST', '/api/v1/complaints', {
          ...intakeBody(w.merchantA.id),
          receivedAt: date,
        });
    }
    const evaluation = await expectStatus(200, staff, 'POST', '/api/v1/alerts/evaluate', {
      date: '2026-11-29',
    });
    expect(evaluation.raised.length).toBeGreaterThan(1);
    await expectStatus(422, staff, 'POST', '/api/v1/alerts/evaluate', { date: '2026-11-30' });
    await expectStatus(403, merchantA, 'POST', '/api/v1/alerts/evaluate', {});
    await expectStatus(200, staff, 'GET', '/api/v1/alerts?status=open');
    const [first, second] = evaluation.raised;
    await expectStatus(200, staff, 'GET', `/api/v1/alerts/${first.id}`);
    await expectStatus(200, staff, 'POST', `/api/v1/alerts/${first.id}/acknowledge`, { note: '已约谈' });
    await expectStatus(409, staff, 'POST', `/api/v1/alerts/${first.id}/dismiss`, { note: '误报' });
    await expectStatus(409, staff, 'POST', `/api/v1/alerts/${first.id}/acknowledge`, { note: '再次' });
    await expectStatus(200, staff, 'POST', `/api/v1/alerts/${second.id}/dismiss`, { note: '误报' });
  }, 60_000);
});

describe('typical cases answer as their document says', () => {
  it('drafting, publishing, reading in public and unpublishing', async () => {
    const w = await testWorld();
    const { expectStatus } = checkedWorld(w);
    const { staff, merchantA } = w.actors;
    const body = {
      title: '直播间羽绒服含绒量不符',
      summary: '消费者在直播间购买羽绒服，检测含绒量不足。',
      resolution: '商家退货退款。',
      lesson: '保留直播截图和检测报告。',
      category: 'clothing',
    };
    const open = await expectStatus(201, staff, 'POST', '/api/v1/complaints', intakeBody());
    await expectStatus(409, staff, 'GET', `/api/v1/complaints/${open.id}/typical-case-draft`);
    await expectStatus(403, merchantA, 'GET', `/api/v1/complaints/${open.id}/typical-case-draft`);
    await expectStatus(200, staff, 'POST', `/api/v1/complaints/${open.id}/close`, { reason: '已办结' });
    await expectStatus(200, staff, 'GET', `/api/v1/complaints/${open.id}/typical-case-draft`);
    await expectStatus(422, staff, 'POST', `/api/v1/complaints/${open.id}/publish`, {
      ...body,
      lesson: '致电李女士 13900001111',
    });
    await expectStatus(403, merchantA, 'POST', `/api/v1/complaints/${open.id}/publish`, body);
    const published = await expectStatus(201, staff, 'POST', `/api/v1/complaints/${open.id}/publish`, body);
    await expectStatus(200, null, 'GET', '/api/v1/typical-cases?category=clothing');
    await expectStatus(422, null, 'GET', '/api/v1/typical-cases?category=Not-A-Code');
    await expectStatus(200, null, 'GET', `/api/v1/typical-cases/${published.id}`);
    await expectStatus(403, merchantA, 'POST', `/api/v1/typical-cases/${published.id}/unpublish`, {
      reason: '撤下',
    });
    await expectStatus(204, staff, 'POST', `/api/v1/typical-cases/${published.id}/unpublish`, {
      reason: '撤下',
    });
    await expectStatus(409, staff, 'POST', `/api/v1/typical-cases/${published.id}/unpublish`, {
      reason: '撤下',
    });
    await expectStatus(404, null, 'GET', `/api/v1/typical-cases/${published.id}`);
  }, 60_000);
});

describe('every status of every operation', () => {
  it('is answered for real, and as the document says', async () => {
    const w = await testWorld();
    const { api, expectStatus } = checkedWorld(w);
    const admin = { cookie: w.admin.cookie };
    const { staff, merchantA, stationA } = w.actors;
    const operations = apiOperations();
    const nowhere = await signConsumerLink(w.runtime.keys, w.clock, newId('complaint'), 3_600);
    const readOnly: Actor = { ...(await w.client('merchant', { merchantId: w.merchantA.id })) };
    {
      const res = await w.call(null, 'POST', '/oauth/token', {
        grant_type: 'client_credentials',
        client_id: readOnly.id,
        client_secret: readOnly.secret,
        scope: 'read',
      });
      readOnly.token = res.body.access_token;
    }
    const agent = await w.user('merchant_agent', { merchantId: w.merchantA.id });

    for (const op of operations) {
      const method = op.method.toUpperCase();
      const url = urlOf(op, { token: nowhere });
      // Before any route: a control character in the query (422), a body over 1 MiB (413).
      if (op.path.startsWith('/api/') || op.path.startsWith('/oauth/')) {
        await expectStatus(422, null, method, `${url}?probe=%01`);
      }
      if (method !== 'GET' && !op.never?.[413]) {
        const big = await api(null, method, url, JSON.stringify({ x: 'x'.repeat(1_100_000) }));
        expect(big.status, op.operationId).toBe(413);
      }
      // Credentials: none (401), a read-only token on a write (403).
      if (authenticated(op)) await expectStatus(401, null, method, url);
      if (op.access === 'link') await expectStatus(401, null, method, urlOf(op), validBody(w, op));
      if (op.access === 'write') await expectStatus(403, readOnly, method, url, validBody(w, op));
      // The route's validation: malformed JSON (400), not JSON (415), not the schema (422).
      const caller = authenticated(op) ? admin : null;
      if (jsonBodied(op)) {
        await expectStatus(400, caller, method, url, '{"channel":');
        const plain = await api(caller, method, url, 'body=hi', { 'Content-Type': 'text/plain' });
        expect(plain.status, op.operationId).toBe(415);
        await expectStatus(422, caller, method, url, []);
      }
      if (op.params && op.access !== 'link') {
        await expectStatus(422, caller, method, urlOf(op, { id: 'not-an-id', year: 'not-a-year' }));
      }
      // An id of nothing (404), with a body that passes.
      if (op.params && !op.never?.[404]) {
        await expectStatus(404, caller, method, url, validBody(w, op));
      }
      // Every role, on ids of nothing: whatever each is answered must be documented.
      for (const who of [merchantA, stationA, staff, { cookie: agent.cookie }]) {
        await api(who, method, url, validBody(w, op));
      }
    }

    // What no sweep above reaches.
    await expectStatus(404, merchantA, 'GET', `/api/v1/events?after=${newId('event')}`);
    await expectStatus(404, stationA, 'POST', '/api/v1/settlements', {
      ...(validBody(w, operations.find((op) => op.operationId === 'createSettlement')!) as object),
      stationId: w.stationB.id,
    });
    await expectStatus(403, { cookie: agent.cookie }, 'GET', '/api/v1/audit/phone-reveals');
    await expectStatus(403, { cookie: agent.cookie }, 'GET', '/api/v1/audit/attachment-reads');
    // The figures: another merchant's (404), a station's role (403), staff by a grouping (200).
    await expectStatus(404, merchantA, 'GET', `/api/v1/metrics?merchantId=${w.merchantB.id}`);
    await expectStatus(403, stationA, 'GET', '/api/v1/metrics');
    await expectStatus(200, staff, 'GET', '/api/v1/metrics?groupBy=merchant');
    // A policy that exists, read; one created by an admin (the sweeps' codes are of nothing).
    await expectStatus(200, staff, 'GET', '/api/v1/sla-policies/standard');
    await expectStatus(
      200,
      admin,
      'PUT',
      '/api/v1/sla-policies/express',
      validBody(w, operations.find((op) => op.operationId === 'putSlaPolicy')!),
    );
    // The token endpoint: malformed JSON is an OAuth `invalid_request` like any other bad request.
    const malformed = await expectStatus(400, null, 'POST', '/oauth/token', '{"grant_type":');
    expect(malformed.error).toBe('invalid_request');
    // Credentials by HTTP Basic, none in the body.
    const client = await w.client('merchant', { merchantId: w.merchantA.id });
    const basic = Buffer.from(`${client.id}:${client.secret}`).toString('base64');
    await api(null, 'POST', '/oauth/token', 'grant_type=client_credentials', {
      'Content-Type': 'application/x-www-form-urlencoded',
      Authorization: `Basic ${basic}`,
    }).then((res) => expect(res.status, JSON.stringify(res.body)).toBe(200));

    // The same Idempotency-Key while the first request is still running (409): the first
    // answer of each POST, made unrecorded again, as a process that claimed the key leaves it.
    const posts = operations.filter(
      (op) => op.method === 'post' && op.access !== 'public' && !op.never?.[409],
    );
    const sent = posts.map((op) => {
      const who = authenticated(op) ? admin : null;
      return { op, who, url: urlOf(op, { token: nowhere }), body: validBody(w, op) };
    });
    for (const [i, r] of sent.entries()) {
      await api(r.who, 'POST', r.url, r.body, { 'Idempotency-Key': `probe-${i}` });
    }
    await w.runtime.db
      .updateTable('idempotency_keys')
      .set({ status: null, body: null })
      .where('key', 'like', 'probe-%')
      .execute();
    const repeats = await Promise.all(
      sent.map((r, i) => api(r.who, 'POST', r.url, r.body, { 'Idempotency-Key': `probe-${i}` })),
    );
    expect(repeats.map((res) => res.status)).toEqual(sent.map(() => 409));
  }, 300_000);

  it('is answered 429 past the rate limits', async () => {
    const w = await testWorld({
      config: { rateLimits: { ...RATE_LIMIT_DEFAULTS, apiPerMinute: 1, tokenPerMinute: 1 } },
    });
    const { expectStatus } = checkedWorld(w);
    const { staff } = w.actors;
    await expectStatus(200, staff, 'GET', '/api/v1/categories');
    for (const op of apiOperations().filter(authenticated)) {
      await expectStatus(429, staff, op.method.toUpperCase(), urlOf(op));
    }
    const token = { grant_type: 'client_credentials', client_id: newId('apiClient'), client_secret: 'x' };
    await expectStatus(401, null, 'POST', '/oauth/token', token);
    await expectStatus(429, null, 'POST', '/oauth/token', token);
  }, 60_000);
});

describe('the document', () => {
  it('lists no status that the tests above did not see answered', () => {
    const declared: string[] = [];
    for (const item of Object.values(doc.paths)) {
      for (const operation of Object.values(item) as { operationId: string; responses: object }[]) {
        for (const status of Object.keys(operation.responses))
          declared.push(`${operation.operationId} ${status}`);
      }
    }
    expect(declared.filter((pair) => !validator.seen.has(pair))).toEqual([]);
    expect(declared.length).toBeGreaterThan(300);
  });
});
