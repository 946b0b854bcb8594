import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Role, SHANGHAI_OFFSET_MS, type Status } from '@redress/core';
import pg from 'pg';
import { afterEach, expect } from 'vitest';
import { createApiClient } from '../src/api-clients/service';
import { createApp } from '../src/app';
import { issueAccessToken } from '../src/auth/service';
import { testConfig } from '../src/config';
import { openRuntime, type Runtime } from '../src/deps';
import { ManualClock } from '../src/http/clock';
import { SYSTEM } from '../src/http/principal';
import { silentLogger } from '../src/logger';
import { createMerchant } from '../src/merchants/service';
import { createStation } from '../src/stations/service';
import { createUser } from '../src/users/service';

/**
 * Which database the portal's tests run on: SQLite in memory (the default), or the local
 * PostgreSQL when REDRESS_TEST_DB=postgres (the `portal-pg` project), each test in a schema of its own.
 */
export const TEST_DB = process.env.REDRESS_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';
export const PG_URL = process.env.REDRESS_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Runs `cleanup` after the test, before what was set up earlier is undone (a runtime before its database). */
export function afterThisTest(cleanup: () => Promise<void>): void {
  cleanups.push(cleanup);
}

/**
 * A fresh database for one test, dropped after it: SQLite in memory, or in a file of a temporary
 * folder with `shared` (for several runtimes to open it, as processes would); a PostgreSQL schema.
 */
export async function databaseUrl(options: { shared?: boolean } = {}): Promise<string> {
  if (TEST_DB === 'sqlite' && !options.shared) return 'sqlite::memory:';
  if (TEST_DB === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'redress-test-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    return `sqlite:${join(dir, 'redress.db')}`;
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  cleanups.push(async () => {
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    await c.query(`drop schema ${schema} cascade`);
    await c.end();
  });
  return `${PG_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
}

/** 2026-11-30 10:00 Shanghai, a Monday: a plain working day to start the clock on. */
export const MONDAY_10AM = Date.parse('2026-11-30T10:00:00+08:00');
export const shanghai = (iso: string) =>
  Date.parse(iso.includes('+') || iso.endsWith('Z') ? iso : `${iso}+08:00`);
void SHANGHAI_OFFSET_MS;

export interface Actor {
  token: string;
  /** For renewing the token when a test moves the clock past its expiry (`travel`). */
  secret?: string;
  id: string;
  merchantId: string | null;
  stationId: string | null;
}

/** A fresh app over a fresh database, with a world to act in: a commission, two merchants, two stations. */
export async function testWorld(options: { now?: number; config?: Parameters<typeof testConfig>[0] } = {}) {
  const clock = new ManualClock(options.now ?? MONDAY_10AM);
  const runtime: Runtime = await openRuntime(
    // A test that opens a second runtime on the same database passes its own (`databaseUrl({ shared: true })`).
    testConfig({ ...options.config, databaseUrl: options.config?.databaseUrl ?? (await databaseUrl()) }),
    {
      clock,
      log: silentLogger,
      poolSize: 4,
    },
  );
  cleanups.push(() => runtime.close());
  const app = createApp(runtime);
  const system = { ...runtime, principal: SYSTEM };
  const merchantA = await createMerchant(
    { ...system, principal: { ...SYSTEM, role: 'commission_admin' } },
    { name: '甲电器有限公司', creditCode: '91310115MA1K000016', slaPolicy: 'standard' },
  );
  const merchantB = await createMerchant(
    { ...system, principal: { ...SYSTEM, role: 'commission_admin' } },
    { name: '乙网络科技有限公司', creditCode: '91310115MA1K000029', slaPolicy: 'standard' },
  );
  const stationA = await createStation(
    { ...system, principal: { ...SYSTEM, role: 'commission_admin' } },
    { name: '第一八佰伴联络站', address: '张杨路501号', host: '第一八佰伴', online: true },
  );
  const stationB = await createStation(
    { ...system, principal: { ...SYSTEM, role: 'commission_admin' } },
    { name: '陆家嘴联络站', address: '世纪大道8号', host: '国金中心', online: true },
  );

  async function client(
    actsAs: 'merchant' | 'station' | 'commission',
    scope?: { merchantId?: string; stationId?: string },
  ): Promise<Actor> {
    const created = await createApiClient(system, { name: `test ${actsAs}`, actsAs, ...scope });
    const { access_token } = await issueAccessToken(runtime, {
      clientId: created.id,
      clientSecret: created.secret!,
    });
    return {
      token: access_token,
      secret: created.secret!,
      id: created.id,
      merchantId: created.merchantId,
      stationId: created.stationId,
    };
  }

  /** A user with a session cookie, signed in through the real login route. */
  async function user(role: Role, scope: { merchantId?: string; stationId?: string } = {}) {
    const email = `${role}.${randomBytes(3).toString('hex')}@example.cn`;
    const created = await createUser(system, { email, password: 'correct horse battery', role, ...scope });
    const res = await app.request('/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password: 'correct horse battery' }),
    });
    const cookie = res.headers.get('Set-Cookie')?.split(';')[0];
    if (!cookie) throw new Error(`login failed: ${res.status}`);
    return { ...created, cookie, password: 'correct horse battery' };
  }

  const actors = {
    staff: await client('commission'),
    merchantA: await client('merchant', { merchantId: merchantA.id }),
    merchantB: await client('merchant', { merchantId: merchantB.id }),
    stationA: await client('station', { stationId: stationA.id }),
    stationB: await client('station', { stationId: stationB.id }),
  };
  const admin = await user('commission_admin');

  /**
   * Moves the clock (forward or back) and renews the actors' tokens and the admin's session,
   * as clients would: for tests that let days pass.
   */
  async function travel(to: number) {
    clock.set(to);
    for (const actor of Object.values(actors)) {
      actor.token = (
        await issueAccessToken(runtime, { clientId: actor.id, clientSecret: actor.secret! })
      ).access_token;
    }
    const res = await app.request('/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: admin.email, password: admin.password }),
    });
    admin.cookie = res.headers.get('Set-Cookie')?.split(';')[0] ?? admin.cookie;
  }

  /** Calls the API as an actor: JSON in, parsed JSON (or problem) out. */
  async function call(
    actor: Actor | { cookie: string } | null,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) {
    const h: Record<string, string> = { ...headers };
    if (actor && 'token' in actor) h.Authorization = `Bearer ${actor.token}`;
    if (actor && 'cookie' in actor) {
      h.Cookie = actor.cookie;
      // As the portal's own pages send it: a cookie write from elsewhere is refused (403).
      h.Origin ??= 'http://localhost';
    }
    if (body !== undefined) h['Content-Type'] ??= 'application/json';
    const res = await app.request(path, {
      method,
      headers: h,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let json: any = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = text;
    }
    return { status: res.status, body: json, headers: res.headers };
  }

  /** Takes a complaint in as staff, assigned to merchant A unless told otherwise. */
  async function intake(overrides: Record<string, unknown> = {}) {
    const res = await call(actors.staff, 'POST', '/api/v1/complaints', {
      channel: 'hotline',
      merchantId: merchantA.id,
      subject: '空调安装后漏水，商家拒绝上门维修',
      description: '今年七月购买的空调，安装一个月后室内机漏水，多次联系客服未果。',
      category: 'appliance_repair',
      tags: ['after_sales', 'installation_repair'],
      consumer: { name: '张先生', phone: '13812345678' },
      claimFen: 59900,
      ...overrides,
    });
    if (res.status !== 201) throw new Error(`intake failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; status: string; [k: string]: any };
  }

  return {
    app,
    runtime,
    clock,
    travel,
    merchantA,
    merchantB,
    stationA,
    stationB,
    actors,
    admin,
    user,
    client,
    call,
    intake,
  };
}

export type TestWorld = Awaited<ReturnType<typeof testWorld>>;

/** Counts the rows of a table: a change that should not have happened shows here. */
export async function countRows(
  world: TestWorld,
  table: 'complaints' | 'events' | 'settlements' | 'merchants' | 'users' | 'stations',
): Promise<number> {
  const row = await world.runtime.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * A fresh complaint of merchant A brought to `status` through real API calls:
 * new, assigned (intake), acknowledged, awaiting_consumer (info request), proposed (proposal),
 * settled (settlement the consumer accepted), escalated (decline), referred, closed, withdrawn.
 * `stepMs` moves the clock after each call, so that a timeline has distinct times.
 */
export async function complaintIn(
  w: TestWorld,
  status: Status,
  options: { stepMs?: number; intake?: Record<string, unknown> } = {},
): Promise<{ id: string; status: string; version: number; [k: string]: any }> {
  const { staff, merchantA } = w.actors;
  const first = await w.intake(
    status === 'new' ? { merchantId: undefined, ...options.intake } : options.intake,
  );
  let current = first;
  if (options.stepMs) await advance(w, options.stepMs);
  const step = async (actor: Actor, action: string, body?: unknown) => {
    const res = await w.call(actor, 'POST', `/api/v1/complaints/${first.id}/${action}`, body);
    if (res.status !== 200) throw new Error(`${action} failed: ${res.status} ${JSON.stringify(res.body)}`);
    current = res.body;
    if (options.stepMs) await advance(w, options.stepMs);
  };
  const path: Record<Status, () => Promise<void>> = {
    new: async () => {},
    assigned: async () => {},
    acknowledged: () => step(merchantA, 'acknowledge'),
    awaiting_consumer: async () => {
      await path.acknowledged();
      await step(merchantA, 'info-requests', { body: '请提供购买发票和故障照片' });
    },
    proposed: async () => {
      await path.acknowledged();
      await step(merchantA, 'proposals', { outcome: 'refund', amountFen: 12_800, terms: '退还安装费128元' });
    },
    settled: async () => {
      await path.acknowledged();
      await step(merchantA, 'settlement', { outcome: 'repair', amountFen: 0, consumerAccepted: true });
    },
    escalated: () => step(merchantA, 'decline', { reason: '已超过保修期' }),
    referred: async () => {
      await path.escalated();
      await step(staff, 'refer', { to: 'people_mediation', note: '调解不成，移交人民调解' });
    },
    closed: async () => {
      await path.escalated();
      await step(staff, 'close', { reason: '调解终止' });
    },
    withdrawn: () => step(staff, 'withdraw', { reason: '消费者撤诉' }),
  };
  await path[status]();
  if (current.status !== status) throw new Error(`expected ${status}, got ${current.status}`);
  return current as { id: string; status: string; version: number };
}

/** The timeline of a complaint as staff sees it. */
export async function timelineOf(w: TestWorld, id: string): Promise<any[]> {
  const res = await w.call(w.actors.staff, 'GET', `/api/v1/complaints/${id}/events`);
  if (res.status !== 200) throw new Error(`timeline failed: ${res.status}`);
  return res.body.data;
}

/** The token of the consumer's link to a complaint, read from the latest notification they were sent. */
export async function consumerTokenOf(w: TestWorld, complaintId: string): Promise<string> {
  const note = await w.runtime.db
    .selectFrom('notifications')
    .select('link')
    .where('complaint_id', '=', complaintId)
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow();
  return new URL(note.link!).pathname.split('/').at(-1)!;
}

/** The complaint as staff sees it (no audit concerns in tests). */
export async function complaintAsStaff(w: TestWorld, id: string): Promise<any> {
  const res = await w.call(w.actors.staff, 'GET', `/api/v1/complaints/${id}`);
  if (res.status !== 200) throw new Error(`get failed: ${res.status}`);
  return res.body;
}

/** Asserts an RFC 9457 answer: the status, the media type, the members, and the request id. */
export function expectProblem(
  res: { status: number; body: any; headers: Headers },
  status: number,
  label = '',
): void {
  expect(res.status, `${label} status (${JSON.stringify(res.body)})`).toBe(status);
  expect(res.headers.get('Content-Type'), `${label} content type`).toMatch(/^application\/problem\+json/);
  expect(typeof res.body?.type, `${label} type`).toBe('string');
  expect(typeof res.body?.title, `${label} title`).toBe('string');
  expect(res.body?.status, `${label} status member`).toBe(status);
  const requestId = res.headers.get('X-Request-Id');
  expect(requestId, `${label} X-Request-Id`).toBeTruthy();
  expect(res.body?.requestId, `${label} requestId member`).toBe(requestId);
}

/** Row counts of every table a write could touch: compare before and after a refused request. */
export async function allCounts(w: TestWorld): Promise<Record<string, number>> {
  const tables = ['complaints', 'events', 'settlements', 'merchants', 'users', 'stations'] as const;
  const counts: Record<string, number> = {};
  for (const t of tables) counts[t] = await countRows(w, t);
  counts.api_clients = Number(
    (
      await w.runtime.db
        .selectFrom('api_clients')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  return counts;
}

/** Moves the clock forward by `ms`, renewing tokens and the admin's session (see `travel`). */
export async function advance(w: TestWorld, ms: number): Promise<void> {
  await w.travel(w.clock.now() + ms);
}

/** Posts the sign-in form as the portal's own page does (form-encoded, same Origin): the raw answer. */
export async function postSignInForm(w: TestWorld, fields: Record<string, string>): Promise<Response> {
  return await w.app.request('/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'http://localhost' },
    body: new URLSearchParams(fields).toString(),
  });
}
