import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signConsumerLink } from '../src/auth/tokens';
import { buildOpenApiDocument } from '../src/openapi/document';
import { complaintIn, expectProblem, type TestWorld, testWorld } from './harness';

/**
 * No input is a 500. Seeded fuzzing over every route of the app (its own route table, so a new
 * route is fuzzed without anyone listing it): random path parameters, query strings, headers
 * and bodies, as several callers. Bodies and queries of API routes are drawn from the OpenAPI
 * document's schemas, then spoiled here and there, so that the requests reach past validation.
 * Every answer must be below 500, and every API error a problem+json document.
 *
 * REDRESS_FUZZ_SEED (the base seed: route i draws from SEED + i) and REDRESS_FUZZ_RUNS replay a failure or search longer; REDRESS_FUZZ_SHRINK=1
 * shrinks a counterexample (slower) instead of reporting the first one found.
 */
const SEED = Number(process.env.REDRESS_FUZZ_SEED ?? 20_261_202);
const RUNS = Number(process.env.REDRESS_FUZZ_RUNS ?? 0);

type Schema = Record<string, any>;
const doc = buildOpenApiDocument({ serverUrl: 'http://localhost:8787' }) as unknown as {
  paths: Record<string, Record<string, { parameters?: Schema[]; requestBody?: Schema }>>;
  components: { schemas: Record<string, Schema> };
};

/** Strings that have broken parsers before: control characters, bad escapes, lone surrogates. */
const NASTY = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\t',
  '\n',
  '\r\n',
  '\u001f',
  '\u007f',
  '%',
  '%zz',
  '%E4%BD',
  '\ud800',
  '\udfff',
  '\u202e',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  "'; drop table complaints; --",
  '9'.repeat(400),
  '长'.repeat(3000),
  '-1',
  '0',
  '1e309',
  'NaN',
  'null',
  'true',
  '[]',
  '{}',
  '__proto__',
  'constructor',
  '//evil.example',
  '/%09/evil.example',
  'cmp_01JD3Z6Y8G5C4F0QK3W2A1B9XE',
  'mer_00000000000000000000000000',
  'eyJhbGciOiJFZERTQSJ9.e30.AAAA',
];
const nasty = fc.constantFrom(...NASTY);
/** Percent-encodes every byte of the UTF-8 (a lone surrogate too, which encodeURIComponent refuses). */
const pct = (s: string) =>
  [...Buffer.from(s, 'utf8')]
    .map((b) =>
      /[A-Za-z0-9_.~-]/.test(String.fromCharCode(b))
        ? String.fromCharCode(b)
        : `%${b.toString(16).padStart(2, '0')}`,
    )
    .join('');
const anyString = fc.oneof(
  { weight: 3, arbitrary: nasty },
  { weight: 2, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  {
    weight: 1,
    arbitrary: fc.string({ unit: fc.integer({ min: 0, max: 0x1f }).map((n) => String.fromCharCode(n)) }),
  },
);
const anyJson = fc.oneof(
  { weight: 3, arbitrary: anyString },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(-1, 0, 1.5, 2 ** 53, -(2 ** 63), 1e308, Number.MAX_SAFE_INTEGER, true, null),
  },
);

function resolve(schema: Schema): Schema {
  let s = schema;
  while (s.$ref) s = doc.components.schemas[String(s.$ref).split('/').pop()!] ?? {};
  return s;
}

/** A value of a JSON schema: mostly valid, sometimes anything at all (depth-limited). */
function fromSchema(raw: Schema, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(raw);
  const valid = validFromSchema(s, depth);
  return fc.oneof({ weight: 6, arbitrary: valid }, { weight: 1, arbitrary: anyJson });
}

function validFromSchema(s: Schema, depth: number): fc.Arbitrary<unknown> {
  const alternatives = s.oneOf ?? s.anyOf;
  if (alternatives) return fc.oneof(...alternatives.map((a: Schema) => fromSchema(a, depth + 1)));
  if (s.enum) return fc.constantFrom(...s.enum);
  if (s.const !== undefined) return fc.constant(s.const);
  const type = Array.isArray(s.type) ? s.type.find((t: string) => t !== 'null') : s.type;
  switch (type) {
    case 'string': {
      if (s.format === 'date-time')
        return fc
          .date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })
          .map((d) => d.toISOString());
      if (s.format === 'date') return fc.constantFrom('2026-11-30', '2027-02-29', '2026-13-01');
      if (s.format === 'email') return fc.emailAddress();
      if (s.format === 'uri') return fc.webUrl();
      if (s.pattern) {
        try {
          return fc.stringMatching(new RegExp(s.pattern));
        } catch {
          // a pattern the JavaScript engine does not take: any string below
        }
      }
      return fc.string({ minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 40, 60) });
    }
    case 'integer':
      return fc.integer({ min: s.minimum ?? -1_000, max: s.maximum ?? 10_000_000 });
    case 'number':
      return fc.double({ min: s.minimum ?? -1e6, max: s.maximum ?? 1e9, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return depth > 3
        ? fc.constant([])
        : fc.array(fromSchema(s.items ?? {}, depth + 1), { maxLength: Math.min(s.maxItems ?? 4, 4) });
    case 'object': {
      if (depth > 3) return fc.constant({});
      const props: Record<string, Schema> = s.properties ?? {};
      const required = new Set<string>(s.required ?? []);
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, p] of Object.entries(props)) model[name] = fromSchema(p, depth + 1);
      return fc.record(model, { requiredKeys: [...required].filter((k) => k in model) });
    }
    default:
      return anyJson;
  }
}

/** The OpenAPI operation of a hono route, if the API documents it. */
function operationOf(method: string, path: string) {
  const openApiPath = path.replace(/:(\w+)/g, '{$1}');
  return doc.paths[openApiPath]?.[method.toLowerCase()];
}

interface Route {
  method: string;
  path: string;
}

function pathParam(name: string, f: { ids: string[]; consumerTokens: string[] }): fc.Arbitrary<string> {
  const real =
    name === 'token'
      ? fc.constantFrom(...f.consumerTokens)
      : name === 'year'
        ? fc.constantFrom('2026', '2027', '1999', '99999')
        : fc.constantFrom(...f.ids);
  return fc.oneof(
    { weight: 3, arbitrary: real },
    { weight: 2, arbitrary: anyString.map((s) => pct(s)) },
    { weight: 1, arbitrary: fc.constantFrom('%', '%zz', '%E4%BD', '%00', '%0a', '..', '%2F') },
  );
}

const BAD_ESCAPES = ['%', '%zz', '%00', '%0a', '%E4%BD', '%ff'];
const text = (v: unknown) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? ''));

/** One parameter, present or not: its value encoded, or now and then a broken escape. */
function parameter(
  name: string,
  value: fc.Arbitrary<unknown>,
  presence: number,
): fc.Arbitrary<string | null> {
  const encoded = fc.oneof(
    {
      weight: 4,
      arbitrary: value.map((v) =>
        Array.isArray(v) && v.length > 0
          ? v.map((x) => `${name}=${pct(text(x))}`).join('&')
          : `${name}=${pct(text(v))}`,
      ),
    },
    { weight: 1, arbitrary: fc.constantFrom(...BAD_ESCAPES).map((e) => `${name}=${e}`) },
  );
  return fc.option(encoded, { freq: presence });
}

/**
 * A query string: the documented parameters (mostly valid, sometimes spoiled), each there half
 * the time, and now and then one of the parameters pages read or a stray one.
 */
function queryOf(route: Route): fc.Arbitrary<string> {
  const op = operationOf(route.method, route.path);
  const parts: fc.Arbitrary<string | null>[] = [];
  const documented = new Set<string>();
  for (const p of op?.parameters ?? []) {
    if (p.in !== 'query') continue;
    documented.add(p.name);
    parts.push(parameter(p.name, fromSchema(p.schema ?? {}), 2));
  }
  for (const name of ['cursor', 'limit', 'q', 'queue', 'status', 'next', 'error', 'lang', 'after', 'stray']) {
    if (!documented.has(name)) parts.push(parameter(name, anyJson, 8));
  }
  return fc.tuple(...parts).map((present) => present.filter((p) => p !== null).join('&'));
}

function bodyOf(route: Route): fc.Arbitrary<{ type?: string; text?: string }> {
  const op = operationOf(route.method, route.path);
  const schema = op?.requestBody?.content?.['application/json']?.schema;
  const json = schema ? fromSchema(schema) : anyJson;
  const form = fc
    .dictionary(
      fc.constantFrom(
        '_csrf',
        'email',
        'password',
        'next',
        'body',
        'reason',
        'outcome',
        'amountFen',
        'name',
        'rating',
      ),
      anyString,
      { maxKeys: 5 },
    )
    .map((d) => new URLSearchParams(d).toString());
  return fc.oneof(
    {
      weight: 4,
      arbitrary: json.map((v) => ({ type: 'application/json', text: JSON.stringify(v) ?? 'null' })),
    },
    { weight: 2, arbitrary: form.map((text) => ({ type: 'application/x-www-form-urlencoded', text })) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        { type: 'application/json', text: '{"a":' },
        { type: 'application/json', text: '' },
        { type: 'application/x-www-form-urlencoded', text: '%%%=%' },
        { type: 'multipart/form-data; boundary=x', text: '--x\r\nbroken' },
        { type: 'multipart/form-data', text: 'no boundary' },
        { type: 'text/plain', text: 'hello' },
        { type: 'application/json; charset=latin1', text: '"\u00ff"' },
        {},
      ),
    },
  );
}

const headersOf = fc.record(
  {
    authorization: fc.oneof(
      fc.constantFrom('Basic', 'Basic %', 'Basic ===', 'Bearer', 'Bearer x.y.z', 'Negotiate abc'),
      anyString.map((s) => `Basic ${Buffer.from(s, 'latin1').toString('base64')}`),
      fc.tuple(anyString, anyString).map(([a, b]) => `Basic ${Buffer.from(`${a}:${b}`).toString('base64')}`),
    ),
    accept: fc.constantFrom('text/html', 'application/json', '*/*', 'text/csv', 'image/png'),
    'accept-language': fc.oneof(fc.constantFrom('zh-CN', 'en', 'en-US,en;q=0.9', 'xx', '*', ';;;q=')),
    'idempotency-key': anyString.map((s) => pct(s).slice(0, 300) || 'k'),
    origin: fc.constantFrom('http://localhost', 'http://localhost:8787', 'https://evil.example', 'null'),
    'sec-fetch-site': fc.constantFrom('same-origin', 'cross-site', 'none'),
    'if-none-match': fc.constantFrom('*', '"x"', 'W/"1"'),
    cookie: fc.constantFrom('redress_session=', 'redress_session=%', 'redress_session=a.b.c', 'lang=xx'),
  },
  { requiredKeys: [] },
);

const COOKIE_CALLERS = ['admin', 'merchantAdmin', 'agent', 'operator'] as const;
const TOKEN_CALLERS = ['staff', 'merchant', 'station'] as const;
type Caller = 'none' | 'garbage' | (typeof COOKIE_CALLERS)[number] | (typeof TOKEN_CALLERS)[number];

/** Pages are mostly called with a session, the API mostly with a token; each sometimes the other way. */
function callerFor(route: Route): fc.Arbitrary<Caller> {
  const page = !route.path.startsWith('/api/') && !route.path.startsWith('/oauth/');
  return fc.oneof(
    { weight: page ? 8 : 2, arbitrary: fc.constantFrom(...COOKIE_CALLERS) },
    { weight: page ? 2 : 6, arbitrary: fc.constantFrom(...TOKEN_CALLERS) },
    { weight: 1, arbitrary: fc.constantFrom<Caller>('none', 'garbage') },
  );
}

async function fixtures(w: TestWorld) {
  const complaints = [
    await complaintIn(w, 'assigned'),
    await complaintIn(w, 'proposed'),
    await complaintIn(w, 'escalated'),
  ];
  const sessions = {
    admin: w.admin,
    merchantAdmin: await w.user('merchant_admin', { merchantId: w.merchantA.id }),
    agent: await w.user('merchant_agent', { merchantId: w.merchantA.id }),
    operator: await w.user('station_operator', { stationId: w.stationA.id }),
  };
  const endpoint = await w.call(w.actors.merchantA, 'POST', '/api/v1/webhook-endpoints', {
    url: 'http://127.0.0.1:9/hook',
    eventTypes: ['complaint.assigned'],
  });
  const ids = [
    ...complaints.map((c) => c.id),
    w.merchantA.id,
    w.merchantB.id,
    w.stationA.id,
    w.actors.merchantA.id,
    endpoint.body?.id ?? 'whe_x',
    'cmp_01JD3Z6Y8G5C4F0QK3W2A1B9XE',
  ];
  const consumerTokens = [
    ...(await Promise.all(complaints.map((c) => signConsumerLink(w.runtime.keys, w.clock, c.id, 3600)))),
    'not-a-link',
  ];
  // Each session's form token, read from a page as a browser would.
  const csrf = new Map<string, string>();
  for (const [name, who] of Object.entries(sessions)) {
    const page = await (await w.app.request('/', { headers: { Cookie: who.cookie } })).text();
    const token = /name="_csrf" value="([^"]+)"/.exec(page)?.[1];
    if (token) csrf.set(name, token);
  }
  return { ids, consumerTokens, csrf, sessions };
}

/** The routes of the app as hono registered them, each once, and two that do not exist. */
function routesOf(w: TestWorld): Route[] {
  const routes = new Map<string, Route>();
  for (const r of w.app.routes) {
    if (r.method === 'ALL' || r.path.includes('*')) continue;
    routes.set(`${r.method} ${r.path}`, { method: r.method, path: r.path });
  }
  // Every documented operation is among them (the document and the app agree).
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of Object.keys(item)) {
      const key = `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`;
      expect(routes.has(key), key).toBe(true);
    }
  }
  return [
    ...routes.values(),
    { method: 'GET', path: '/no/such/:id' },
    { method: 'PUT', path: '/api/v1/complaints/:id' },
  ];
}

interface Sent {
  route: Route;
  params: string[];
  query: string;
  body: { type?: string; text?: string };
  headers: Record<string, string>;
  caller: Caller;
  withCsrf: boolean;
}

/** Sends one request and checks the answer: below 500; on the API an error is problem+json. */
async function check(w: TestWorld, f: Awaited<ReturnType<typeof fixtures>>, r: Sent): Promise<void> {
  let i = 0;
  const path = r.route.path.replace(/:(\w+)/g, () => r.params[i++]!);
  const url = r.query ? `${path}?${r.query}` : path;
  const h: Record<string, string> = { ...r.headers };
  if (r.body.type) h['content-type'] = r.body.type;
  if (r.caller === 'none') delete h.authorization;
  if ((TOKEN_CALLERS as readonly string[]).includes(r.caller)) {
    const actor = { staff: w.actors.staff, merchant: w.actors.merchantA, station: w.actors.stationA }[
      r.caller as (typeof TOKEN_CALLERS)[number]
    ];
    h.authorization = `Bearer ${actor.token}`;
  }
  if ((COOKIE_CALLERS as readonly string[]).includes(r.caller)) {
    h.cookie = f.sessions[r.caller as (typeof COOKIE_CALLERS)[number]].cookie;
    h.origin = 'http://localhost';
    delete h.authorization;
  }
  let text = r.body.text;
  const token = f.csrf.get(r.caller);
  if (r.withCsrf && token && text !== undefined && r.body.type?.startsWith('application/x-www-form')) {
    text = `${text}&_csrf=${token}`;
  }
  const res = await w.app.request(`http://localhost${url}`, {
    method: r.route.method,
    headers: h,
    body: r.route.method === 'GET' ? undefined : text,
  });
  const label = `${r.route.method} ${url} as ${r.caller} ${JSON.stringify(h)} ${text?.slice(0, 300)}`;
  expect(res.status, label).toBeLessThan(500);
  const isApi = url.startsWith('/api/v1/') || (url.startsWith('/oauth/') && r.route.method === 'POST');
  if (isApi && res.status >= 400) {
    expect(res.headers.get('content-type'), label).toMatch(/^application\/problem\+json/);
  }
  await res.arrayBuffer();
}

describe('no input is a 500', () => {
  it('refuses undecodable Basic credentials at /oauth/token with 400 invalid_request', async () => {
    const w = await testWorld();
    const good = w.actors.merchantA;
    const basic = (raw: string) => ({ Authorization: `Basic ${raw}` });
    const form = 'grant_type=client_credentials';
    for (const raw of [
      Buffer.from('%:%').toString('base64'), // bad percent escapes
      Buffer.from('%E4%BD:x').toString('base64'), // a cut UTF-8 sequence
      Buffer.from('no colon').toString('base64'),
      Buffer.from([0xff, 0xfe, 0x3a, 0x41]).toString('base64'), // not UTF-8
      '!!!notbase64',
      'QQ', // one character short of a block... still valid base64 without padding: no colon
    ]) {
      const res = await w.call(null, 'POST', '/oauth/token', form, {
        ...basic(raw),
        'Content-Type': 'application/x-www-form-urlencoded',
      });
      expectProblem(res, 400, raw);
      expect(res.body.error, raw).toBe('invalid_request');
    }
    // The same header, well formed, still works; a secret may hold a colon (only the first separates).
    const ok = await w.call(null, 'POST', '/oauth/token', form, {
      ...basic(
        Buffer.from(`${encodeURIComponent(good.id)}:${encodeURIComponent(good.secret!)}`).toString('base64'),
      ),
      'Content-Type': 'application/x-www-form-urlencoded',
    });
    expect(ok.status).toBe(200);
    const colon = await w.call(null, 'POST', '/oauth/token', form, {
      ...basic(Buffer.from(`${good.id}:${good.secret}:extra`).toString('base64')),
      'Content-Type': 'application/x-www-form-urlencoded',
    });
    expectProblem(colon, 401);
  });

  it('answers a bad cursor and control characters on every list and page with 400/422, never 500', async () => {
    const w = await testWorld();
    const f = await fixtures(w);
    const gets = routesOf(w).filter((r) => r.method === 'GET' && !r.path.includes(':'));
    let checked = 0;
    const send = async (route: Route, caller: Caller, query: string) => {
      await check(w, f, { route, params: [], query, body: {}, headers: {}, caller, withCsrf: false });
      checked++;
    };
    for (const route of gets) {
      // A cursor that is not base64url JSON, one of the wrong shape, and one too long.
      for (const caller of ['admin', 'agent', 'operator', 'staff', 'merchant'] as const) {
        for (const cursor of ['abc', 'WzEsMl0', 'A'.repeat(300)])
          await send(route, caller, `cursor=${cursor}`);
      }
      for (const caller of ['admin', 'staff'] as const) {
        for (const query of ['q=%00', 'next=%0a', 'x=a%1fb']) await send(route, caller, query);
      }
    }
    expect(checked).toBeGreaterThan(100);
    // What the answers say: a problem naming the parameter on the API, the 400 page for a browser.
    const api = await w.call(w.actors.staff, 'GET', '/api/v1/complaints?q=a%00b');
    expectProblem(api, 422);
    expect(api.body.errors).toEqual([
      { path: 'q', code: 'control_character', message: 'must not contain control characters' },
    ]);
    const cursor = await w.call(w.actors.staff, 'GET', '/api/v1/complaints?cursor=abc');
    expectProblem(cursor, 422);
    const page = await w.app.request('/inbox?cursor=abc', { headers: { Cookie: f.sessions.agent.cookie } });
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('请求无法处理');
    const nul = await w.app.request('/inbox?q=%00', {
      headers: { Cookie: f.sessions.agent.cookie, Accept: 'text/html' },
    });
    // A page reads its filters through the same schemas and leaves out the one it cannot use.
    expect(nul.status).toBe(200);
    expect(nul.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('fuzzes every route and page: no answer is a 5xx, every API error is problem+json', async () => {
    const w = await testWorld();
    const f = await fixtures(w);
    const routes = routesOf(w);
    // Every route gets its own runs (a draw over all routes left some never tried: the consumer
    // link page, among others), each from its own seed, so a failure replays alone.
    const perRoute = RUNS > 0 ? Math.ceil(RUNS / routes.length) : 4;
    for (const [i, route] of routes.entries()) {
      const params = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
      const request: fc.Arbitrary<Sent> = fc.record({
        route: fc.constant(route),
        params: fc.tuple(...params.map((p) => pathParam(p, f))),
        query: queryOf(route),
        body: route.method === 'GET' ? fc.constant({}) : bodyOf(route),
        headers: headersOf,
        caller: callerFor(route),
        withCsrf: fc.boolean(),
      });
      await fc.assert(
        fc.asyncProperty(request, (r) => check(w, f, r)),
        { seed: SEED + i, numRuns: perRoute, endOnFailure: process.env.REDRESS_FUZZ_SHRINK === undefined },
      );
    }
  }, 120_000);
});
