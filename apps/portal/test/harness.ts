import { randomBytes } from 'node:crypto';
import { type Role, SHANGHAI_OFFSET_MS } from '@redress/core';
import pg from 'pg';
import { afterEach } from 'vitest';
import { createApiClient } from '../src/api-clients/service';
import { createApp } from '../src/app';
import { SYSTEM } from '../src/auth/principal';
import { issueAccessToken } from '../src/auth/service';
import { testConfig } from '../src/config';
import { openRuntime, type Runtime } from '../src/deps';
import { ManualClock } from '../src/http/clock';
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

async function databaseUrl(): Promise<string> {
  if (TEST_DB === 'sqlite') return 'sqlite::memory:';
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
  id: string;
  merchantId: string | null;
  stationId: string | null;
}

/** A fresh app over a fresh database, with a world to act in: a commission, two merchants, two stations. */
export async function testWorld(options: { now?: number } = {}) {
  const clock = new ManualClock(options.now ?? MONDAY_10AM);
  const runtime: Runtime = await openRuntime(testConfig({ databaseUrl: await databaseUrl() }), {
    clock,
    log: silentLogger,
    poolSize: 4,
  });
  cleanups.push(() => runtime.close());
  const app = createApp(runtime);
  const system = { ...runtime, principal: SYSTEM };
  const merchantA = await createMerchant(
    { ...system, principal: { ...SYSTEM, role: 'commission_admin' } },
    { name: '甲电器有限公司', creditCode: '91310115MA1K000001', slaPolicy: 'standard' },
  );
  const merchantB = await createMerchant(
    { ...system, principal: { ...SYSTEM, role: 'commission_admin' } },
    { name: '乙网络科技有限公司', creditCode: '91310115MA1K000002', slaPolicy: 'standard' },
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
    if (actor && 'cookie' in actor) h.Cookie = actor.cookie;
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
