import type { Status } from '@redress/core';
import { describe, expect, it } from 'vitest';
import { type Actor, allCounts, complaintIn, expectProblem, type TestWorld, testWorld } from './harness';

/**
 * Bad input never reaches the database and never answers 500: malformed JSON is 400, a body
 * that is not JSON 415, too large 413, and anything that does not fit the contract 422 naming
 * the field. Every route ends with its valid request, so each refusal is about the input alone.
 */

type Caller = Actor | { cookie: string };
type Body = Record<string, unknown>;

interface BadCase {
  label: string;
  body: (valid: Body, w: TestWorld) => unknown;
  /** The `errors[].path` expected (422), or another 4xx status with no path. */
  path?: string;
  status?: number;
}

interface PostRoute {
  name: string;
  caller: (w: TestWorld) => Caller;
  /** A complaint in this status is the target; `:id` in `path` is replaced by its id. */
  status?: Status;
  path: string;
  valid: (w: TestWorld) => Body | undefined;
  bad: BadCase[];
}

const UNKNOWN = {
  complaint: 'cmp_01JD3Z6Y8G5C4F0QK3W2A1B9XE',
  merchant: 'mer_01JD3Z6Y8G5C4F0QK3W2A1B9XE',
  station: 'sta_01JD3Z6Y8G5C4F0QK3W2A1B9XE',
};
const long = (n: number) => '长'.repeat(n);

const set =
  (field: string, value: unknown) =>
  (valid: Body): Body => ({ ...valid, [field]: value });
const without =
  (field: string) =>
  (valid: Body): Body => {
    const { [field]: _, ...rest } = valid;
    return rest;
  };
const field = (name: string, value: unknown, label = `${name} = ${JSON.stringify(value)?.slice(0, 20)}`) => ({
  label,
  body: set(name, value),
  path: name,
});

/** Money that is not a non-negative integer of fen within range. */
const badFen = (name: string): BadCase[] =>
  [-1, 1.5, 10_000_000_001, 1e300, '100', null].map((v) => field(name, v));
const badText = (name: string, max: number): BadCase[] => [
  field(name, long(max + 1), `${name} over ${max}`),
  field(name, '', `${name} empty`),
  field(name, '   ', `${name} blank`),
  field(name, 42, `${name} a number`),
];
const required = (name: string): BadCase => ({ label: `${name} missing`, body: without(name), path: name });

const ROUTES: PostRoute[] = [
  {
    name: 'POST /complaints',
    caller: (w) => w.actors.staff,
    path: '/api/v1/complaints',
    valid: (w) => ({
      channel: 'hotline',
      merchantId: w.merchantA.id,
      subject: '直播间购买的羽绒服含绒量不达标',
      description: '标称含绒量90%，检测仅为50%。',
      category: 'clothing',
      tags: ['live_streaming'],
      consumer: { name: '周女士', phone: '139 0000 1111', isMinor: false },
      claimFen: 89_900,
      receivedAt: '2026-11-30T09:00:00+08:00',
    }),
    bad: [
      ...badText('subject', 200),
      field('description', long(10_001), 'description over 10000'),
      required('subject'),
      required('channel'),
      field('channel', 'fax'),
      field('kind', 'rumour'),
      field('category', 'no_such_category', 'category not in the database'),
      field('category', 'Not A Code'),
      { label: 'unknown tag', body: set('tags', ['after_sales', 'nope']), path: 'tags.1' },
      field('tags', 'after_sales', 'tags not an array'),
      field(
        'tags',
        Array.from({ length: 11 }, () => 'minors'),
        'eleven tags',
      ),
      ...badFen('claimFen'),
      {
        label: 'phone not a number',
        body: (v) => ({ ...v, consumer: { name: '周', phone: 'call me' } }),
        path: 'consumer.phone',
      },
      {
        label: 'consumer extra field',
        body: (v) => ({ ...v, consumer: { name: '周', idCard: 'x' } }),
        path: 'consumer',
      },
      {
        label: 'isMinor a string',
        body: (v) => ({ ...v, consumer: { name: '周', isMinor: 'no' } }),
        path: 'consumer.isMinor',
      },
      required('consumer'),
      field('merchantId', 'mer_nope'),
      field('merchantId', UNKNOWN.merchant, 'merchantId unknown'),
      field('stationId', UNKNOWN.station, 'stationId unknown'),
      field('receivedAt', 'yesterday'),
      field('receivedAt', '2026-11-30T09:00:00', 'receivedAt without offset'),
      field('receivedAt', '2027-01-01T00:00:00+08:00', 'receivedAt in the future'),
      field('externalRef', 'x'.repeat(65), 'externalRef over 64'),
    ],
  },
  {
    name: 'POST /complaints/{id}/assign',
    caller: (w) => w.actors.staff,
    status: 'new',
    path: '/api/v1/complaints/:id/assign',
    valid: (w) => ({ merchantId: w.merchantA.id }),
    bad: [
      field('merchantId', 'mer_nope'),
      field('merchantId', UNKNOWN.merchant, 'merchantId unknown'),
      field('merchantId', 42),
      required('merchantId'),
    ],
  },
  {
    name: 'POST /complaints/{id}/acknowledge',
    caller: (w) => w.actors.merchantA,
    status: 'assigned',
    path: '/api/v1/complaints/:id/acknowledge',
    valid: () => undefined,
    bad: [],
  },
  ...(
    [
      ['messages', 'acknowledged'],
      ['info-requests', 'acknowledged'],
      ['consumer-replies', 'awaiting_consumer'],
    ] as const
  ).map(
    ([route, status]): PostRoute => ({
      name: `POST /complaints/{id}/${route}`,
      caller: (w) => w.actors.merchantA,
      status,
      path: `/api/v1/complaints/:id/${route}`,
      valid: () => ({ body: '请提供订单截图。' }),
      bad: [...badText('body', 5_000), required('body'), field('body', null)],
    }),
  ),
  {
    name: 'POST /complaints/{id}/proposals',
    caller: (w) => w.actors.merchantA,
    status: 'acknowledged',
    path: '/api/v1/complaints/:id/proposals',
    valid: () => ({ outcome: 'refund', amountFen: 12_800, terms: '退款128元' }),
    bad: [field('outcome', 'cash'), required('outcome'), ...badFen('amountFen'), ...badText('terms', 5_000)],
  },
  {
    name: 'POST /complaints/{id}/proposal-answers',
    caller: (w) => w.actors.staff,
    status: 'proposed',
    path: '/api/v1/complaints/:id/proposal-answers',
    valid: () => ({ accept: true, comment: '消费者电话确认接受' }),
    bad: [field('accept', 'yes'), required('accept'), field('comment', long(2_001), 'comment over 2000')],
  },
  {
    name: 'POST /complaints/{id}/settlement',
    caller: (w) => w.actors.merchantA,
    status: 'acknowledged',
    path: '/api/v1/complaints/:id/settlement',
    valid: () => ({ outcome: 'exchange', amountFen: 0, consumerAccepted: true, note: '换新' }),
    bad: [
      field('outcome', 'voucher'),
      ...badFen('amountFen'),
      required('amountFen'),
      field('consumerAccepted', 'true'),
      field('consumerAccepted', false, 'consumerAccepted false'),
      field('note', long(2_001), 'note over 2000'),
    ],
  },
  {
    name: 'POST /complaints/{id}/decline',
    caller: (w) => w.actors.merchantA,
    status: 'assigned',
    path: '/api/v1/complaints/:id/decline',
    valid: () => ({ reason: '非本公司商品' }),
    bad: [...badText('reason', 2_000), required('reason')],
  },
  {
    name: 'POST /complaints/{id}/escalate',
    caller: (w) => w.actors.staff,
    status: 'assigned',
    path: '/api/v1/complaints/:id/escalate',
    valid: () => ({ reason: '企业逾期未处理' }),
    bad: badText('reason', 2_000),
  },
  {
    name: 'POST /complaints/{id}/refer',
    caller: (w) => w.actors.staff,
    status: 'escalated',
    path: '/api/v1/complaints/:id/refer',
    valid: () => ({ to: 'regulator', note: '涉嫌虚假宣传' }),
    bad: [field('to', 'court'), required('to'), ...badText('note', 2_000), required('note')],
  },
  {
    name: 'POST /complaints/{id}/close',
    caller: (w) => w.actors.staff,
    status: 'escalated',
    path: '/api/v1/complaints/:id/close',
    valid: () => ({ reason: '调解终止' }),
    bad: [...badText('reason', 2_000), required('reason')],
  },
  {
    name: 'POST /complaints/{id}/withdraw',
    caller: (w) => w.actors.staff,
    status: 'assigned',
    path: '/api/v1/complaints/:id/withdraw',
    valid: () => ({ reason: '消费者撤诉' }),
    bad: [field('reason', 42), field('reason', long(2_001), 'reason over 2000')],
  },
  {
    name: 'POST /settlements',
    caller: (w) => w.actors.stationA,
    path: '/api/v1/settlements',
    valid: (w) => ({
      stationId: w.stationA.id,
      merchantId: w.merchantA.id,
      outcome: 'refund',
      amountFen: 30_000,
      consumerAccepted: true,
      summary: '现场和解，退款300元',
    }),
    bad: [
      required('stationId'),
      field('stationId', 'sta_nope'),
      { label: 'another station', body: (v, w) => ({ ...v, stationId: w.stationB.id }), status: 404 },
      field('outcome', 'cash'),
      ...badFen('amountFen'),
      field('consumerAccepted', 'yes'),
      ...badText('summary', 2_000),
      field('creditCode', 'ABC'),
      field('creditCode', '91310115MA1K00000I', 'creditCode with I'),
      field('merchantId', UNKNOWN.merchant, 'merchantId unknown'),
      { label: 'no merchant named', body: without('merchantId'), path: 'merchantName' },
      field('merchantName', long(201), 'merchantName over 200'),
      field('complaintId', 'cmp_nope'),
      field('complaintId', UNKNOWN.complaint, 'complaintId unknown'),
    ],
  },
  {
    name: 'POST /stations',
    caller: (w) => w.admin,
    path: '/api/v1/stations',
    valid: () => ({ name: '新天地联络站', address: '马当路245号', host: '新天地', online: true }),
    bad: [...badText('name', 200), required('address'), field('address', long(501)), field('online', 'yes')],
  },
  {
    name: 'POST /merchants',
    caller: (w) => w.admin,
    path: '/api/v1/merchants',
    valid: () => ({ name: '丁餐饮管理有限公司', creditCode: '91310115MA1K00007Q', slaPolicy: 'fast' }),
    bad: [
      ...badText('name', 200),
      field('creditCode', '123'),
      field('creditCode', '91310115MA1K00000O', 'creditCode with O'),
      field('slaPolicy', 'turbo', 'slaPolicy not in the database'),
      field('slaPolicy', 'Not A Code'),
    ],
  },
  {
    name: 'POST /users',
    caller: (w) => w.admin,
    path: '/api/v1/users',
    valid: (w) => ({
      email: 'new.agent@example.cn',
      password: 'a long enough password',
      role: 'merchant_agent',
      merchantId: w.merchantA.id,
    }),
    bad: [
      field('email', 'not-an-email'),
      field('password', 'short'),
      field('role', 'root'),
      { label: 'merchant role without merchant', body: without('merchantId'), path: 'merchantId' },
      field('merchantId', UNKNOWN.merchant, 'merchantId unknown'),
    ],
  },
  {
    name: 'POST /api-clients',
    caller: (w) => w.admin,
    path: '/api/v1/api-clients',
    valid: (w) => ({ name: 'ERP', actsAs: 'merchant', merchantId: w.merchantB.id }),
    bad: [
      field('actsAs', 'god'),
      ...badText('name', 100),
      { label: 'merchant client without merchant', body: without('merchantId'), path: 'merchantId' },
      field('stationId', 'sta_nope'),
    ],
  },
];

/** Calls with a raw body and content type. */
function raw(w: TestWorld, caller: Caller, path: string, body: string, type: string) {
  return w.call(caller, 'POST', path, body, { 'Content-Type': type });
}

describe.each(ROUTES)('$name', (route) => {
  it('refuses bad input with 4xx problems, writes nothing, and accepts the valid request', async () => {
    const w = await testWorld();
    const target = route.status ? await complaintIn(w, route.status) : null;
    const path = target ? route.path.replace(':id', target.id) : route.path;
    const caller = route.caller(w);
    const valid = route.valid(w) ?? {};
    const before = await allCounts(w);

    for (const text of ['{', '{"a":1,}', "{'a':1}", '[1, 2', '"unterminated']) {
      expectProblem(await raw(w, caller, path, text, 'application/json'), 400, `malformed ${text}`);
    }
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/xml',
      'application/jsonp',
    ]) {
      expectProblem(await raw(w, caller, path, JSON.stringify(valid), type), 415, type);
    }
    const huge = JSON.stringify({ ...valid, padding: 'x'.repeat(1024 * 1024) });
    expectProblem(await raw(w, caller, path, huge, 'application/json'), 413, 'over 1 MiB');

    for (const wrong of [[], [valid], 'text', 42, null]) {
      const res = await w.call(caller, 'POST', path, JSON.stringify(wrong));
      expectProblem(res, 422, `body ${JSON.stringify(wrong).slice(0, 20)}`);
    }
    const extra = await w.call(caller, 'POST', path, { ...valid, isAdmin: true });
    expectProblem(extra, 422, 'unknown field');
    expect(JSON.stringify(extra.body.errors)).toContain('isAdmin');

    for (const c of route.bad) {
      const res = await w.call(caller, 'POST', path, c.body(valid, w));
      expectProblem(res, c.status ?? 422, c.label);
      if (c.path)
        expect(
          res.body.errors.map((e: any) => e.path),
          c.label,
        ).toContain(c.path);
    }
    expect(await allCounts(w)).toEqual(before);

    const ok = await w.call(caller, 'POST', path, route.valid(w));
    expect(ok.status, JSON.stringify(ok.body)).toBeLessThan(300);
  });
});

describe('ids in the path', () => {
  const ACTIONS = ['assign', 'acknowledge', 'messages', 'info-requests', 'consumer-replies', 'proposals'];
  const MORE = ['proposal-answers', 'settlement', 'decline', 'escalate', 'refer', 'close', 'withdraw'];

  it('that are malformed are 422 naming `id`, and unknown ones 404, on every complaint route', async () => {
    const w = await testWorld();
    const before = await allCounts(w);
    for (const id of ['cmp_nope', 'mer_01JD3Z6Y8G5C4F0QK3W2A1B9XE', "cmp_' or 1=1 --", '0']) {
      const at = `/api/v1/complaints/${encodeURIComponent(id)}`;
      for (const res of [
        await w.call(w.actors.staff, 'GET', at),
        await w.call(w.actors.staff, 'GET', `${at}/events`),
      ]) {
        expectProblem(res, 422, id);
        expect(res.body.errors[0].path).toBe('id');
      }
      for (const action of [...ACTIONS, ...MORE]) {
        const res = await w.call(w.actors.staff, 'POST', `${at}/${action}`, {});
        expectProblem(res, 422, `${id} ${action}`);
      }
    }
    const unknown = `/api/v1/complaints/${UNKNOWN.complaint}`;
    expectProblem(await w.call(w.actors.staff, 'GET', unknown), 404);
    expectProblem(await w.call(w.actors.staff, 'GET', `${unknown}/events`), 404);
    expectProblem(await w.call(w.actors.staff, 'POST', `${unknown}/escalate`, {}), 404);
    expectProblem(await w.call(w.actors.merchantA, 'POST', `${unknown}/acknowledge`), 404);
    expectProblem(await w.call(w.admin, 'GET', '/api/v1/stations/sta_nope'), 422);
    expectProblem(await w.call(w.admin, 'PATCH', '/api/v1/stations/sta_nope', { name: 'x' }), 422);
    expectProblem(await w.call(w.admin, 'GET', '/api/v1/merchants/mer_nope'), 422);
    expectProblem(await w.call(w.admin, 'DELETE', '/api/v1/api-clients/cli_nope'), 422);
    expectProblem(await w.call(w.admin, 'GET', `/api/v1/stations/${UNKNOWN.station}`), 404);
    expectProblem(await w.call(w.admin, 'GET', '/api/v1/no-such-thing'), 404);
    expect(await allCounts(w)).toEqual(before);
  });
});

describe('list queries', () => {
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const BAD_CURSORS = [
    'nope',
    b64([1]),
    b64(['a', 'b']),
    b64({ at: 1 }),
    b64([1, 2]),
    'x'.repeat(201),
    '%00',
  ];
  const BAD_LIMITS = ['0', '101', '-1', '1.5', 'abc', ''];

  const cases: [string, string][] = [
    ...BAD_LIMITS.map((l): [string, string] => [`limit=${l}`, 'limit']),
    ...BAD_CURSORS.map((c): [string, string] => [`cursor=${c}`, 'cursor']),
    ['status=bogus', 'status.0'],
    ['status=new&status=bogus', 'status.1'],
    ['slaState=late', 'slaState'],
    ['category=Not%20A%20Code', 'category'],
    ['tag=BAD', 'tag'],
    ['merchantId=mer_nope', 'merchantId'],
    ['stationId=sta_nope', 'stationId'],
    ['receivedFrom=yesterday', 'receivedFrom'],
    ['receivedTo=2026-12-01', 'receivedTo'],
    ['updatedSince=1700000000', 'updatedSince'],
    ['sort=receivedAt', 'sort'],
    ['q=%20%20', 'q'],
    [`q=${'x'.repeat(101)}`, 'q'],
    ['page=2', '(body)'],
  ];

  it('refuses bad complaint queries with 422 naming the parameter', async () => {
    const w = await testWorld();
    await w.intake();
    for (const [query, path] of cases) {
      const res = await w.call(w.actors.staff, 'GET', `/api/v1/complaints?${query}`);
      expectProblem(res, 422, query);
      expect(
        res.body.errors.map((e: any) => e.path),
        query,
      ).toContain(path);
    }
  });

  it('refuses bad settlement and event queries alike, including the CSV export', async () => {
    const w = await testWorld();
    const settlementCases: [string, string][] = [
      ...BAD_LIMITS.map((l): [string, string] => [`limit=${l}`, 'limit']),
      ...BAD_CURSORS.map((c): [string, string] => [`cursor=${c}`, 'cursor']),
      ['channel=online', 'channel'],
      ['stationId=sta_nope', 'stationId'],
      ['merchantId=42', 'merchantId'],
      ['from=last%20week', 'from'],
      ['to=2026-12-01', 'to'],
      ['page=2', '(body)'],
    ];
    for (const [query, path] of settlementCases) {
      const res = await w.call(w.actors.staff, 'GET', `/api/v1/settlements?${query}`);
      expectProblem(res, 422, query);
      expect(
        res.body.errors.map((e: any) => e.path),
        query,
      ).toContain(path);
    }
    for (const query of ['channel=online', 'from=never', 'limit=10', 'cursor=abc']) {
      const res = await w.call(w.actors.staff, 'GET', `/api/v1/settlements/export.csv?${query}`);
      expectProblem(res, 422, `export ${query}`);
    }
    for (const query of ['limit=0', 'limit=101', 'after=evt_nope', `types=${'x'.repeat(1001)}`, 'page=1']) {
      expectProblem(await w.call(w.actors.staff, 'GET', `/api/v1/events?${query}`), 422, `events ${query}`);
    }
    // A well-formed event id that is not in the feed is not found.
    expectProblem(
      await w.call(w.actors.staff, 'GET', '/api/v1/events?after=evt_01JD3Z6Y8G5C4F0QK3W2A1B9XE'),
      404,
    );
    // The edges of the range are fine.
    for (const limit of ['1', '100']) {
      expect((await w.call(w.actors.staff, 'GET', `/api/v1/complaints?limit=${limit}`)).status).toBe(200);
      expect((await w.call(w.actors.staff, 'GET', `/api/v1/settlements?limit=${limit}`)).status).toBe(200);
      expect((await w.call(w.actors.staff, 'GET', `/api/v1/events?limit=${limit}`)).status).toBe(200);
    }
  });
});

describe('the auth routes', () => {
  it('answer bad token and login requests with 4xx problems, never 500', async () => {
    const w = await testWorld();
    const before = await allCounts(w);
    const token = (body: string, type: string) =>
      w.app.request('/oauth/token', { method: 'POST', headers: { 'Content-Type': type }, body });
    for (const [body, type] of [
      ['{}', 'application/json'],
      ['grant_type=client_credentials', 'application/x-www-form-urlencoded'],
      [
        JSON.stringify({ grant_type: 'client_credentials', client_id: 42, client_secret: [] }),
        'application/json',
      ],
      [
        JSON.stringify({ grant_type: 'client_credentials', client_id: 'x'.repeat(101), client_secret: 's' }),
        'application/json',
      ],
      ['hello', 'text/plain'],
    ] as const) {
      const res = await token(body, type);
      expect(res.status, body).toBe(400);
      expect(res.headers.get('Content-Type'), body).toMatch(/^application\/problem\+json/);
      expect(res.headers.get('X-Request-Id'), body).toBeTruthy();
    }
    for (const body of [
      {},
      { email: 'a@example.cn' },
      { email: 42, password: 'x' },
      { email: long(201), password: 'x' },
    ]) {
      expectProblem(await w.call(null, 'POST', '/login', body), 422, JSON.stringify(body).slice(0, 30));
    }
    expect(await allCounts(w)).toEqual(before);
  });
});
