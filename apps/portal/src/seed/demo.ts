import { type Kysely, sql } from 'kysely';
import { createApiClient } from '../api-clients';
import type { AppDeps } from '../context';
import type { Database } from '../db/database';
import type { Transact } from '../db/transact';
import { ManualClock } from '../http/clock';
import { SYSTEM } from '../http/principal';
import { silentLogger } from '../logger';
import { createMerchant } from '../merchants';
import { CalendarStore } from '../sla';
import { createStation } from '../stations';
import { createUser } from '../users';
import { seedCommissionDeadlines } from './commission-deadlines';
import { seedComplaints } from './complaints';

/** The password of every demo user (documented in the README). */
export const DEMO_PASSWORD = 'redress-demo';

export interface DemoLogin {
  email: string;
  role: string;
  who: string;
}

const ADMIN = { ...SYSTEM, role: 'commission_admin' as const };

/** Why `seedDemo` refuses production: its passwords are published in the README. */
export const DEMO_REFUSED_IN_PRODUCTION =
  'the demo world is not seeded in production mode (its passwords are published); ' +
  'set REDRESS_MODE=development to seed a development database';

/**
 * The demo world: the commission, three networked merchants, two liaison stations, users of
 * every role, an API client, and a few hundred complaints spread over statuses, categories
 * and the hot topics, as if the last weeks had happened. All of it or nothing: the whole seed
 * is one transaction, so a failure leaves the database as it was (and `start` seeds it again
 * next time). Refused in production mode.
 */
export async function seedDemo(runtime: AppDeps, options: { complaints?: number } = {}) {
  if (runtime.config.mode === 'production') throw new Error(DEMO_REFUSED_IN_PRODUCTION);
  return runtime.db.transaction().execute((trx) => seedWorld(inTransaction(runtime, trx), options));
}

/**
 * The services' dependencies bound to one outer transaction: every read and write of the seed
 * goes through it (SQLite has one connection, held by the transaction), and each service's own
 * `transact` becomes a savepoint inside it, so a service that handles its own failure still can.
 */
function inTransaction(runtime: AppDeps, trx: Kysely<Database>): AppDeps {
  let depth = 0;
  const transact: Transact = async (fn) => {
    const name = sql.raw(`seed_${++depth}`);
    await sql`savepoint ${name}`.execute(trx);
    try {
      const value = await fn(trx);
      await sql`release savepoint ${name}`.execute(trx);
      return value;
    } catch (err) {
      await sql`rollback to savepoint ${name}`.execute(trx);
      await sql`release savepoint ${name}`.execute(trx);
      throw err;
    } finally {
      depth--;
    }
  };
  return { ...runtime, db: trx, transact, calendars: new CalendarStore(trx) };
}

async function seedWorld(runtime: AppDeps, options: { complaints?: number }) {
  const now = runtime.clock.now();
  const ctx = { ...runtime, principal: ADMIN };
  const merchants = [
    await createMerchant(ctx, {
      name: '浦江电器有限公司',
      creditCode: '91310115MA1H7GXKAY',
      slaPolicy: 'standard',
    }),
    await createMerchant(ctx, {
      name: '东方优选网络科技有限公司',
      creditCode: '91310115MA1K4B2LXB',
      slaPolicy: 'fast',
    }),
    await createMerchant(ctx, {
      name: '申城新能源充电服务有限公司',
      creditCode: '91310115MA1L6C8NQ9',
      slaPolicy: 'standard',
    }),
  ];
  const stations = [
    await createStation(ctx, {
      name: '第一八佰伴消费维权联络站',
      address: '浦东新区张杨路501号',
      host: '第一八佰伴',
      online: true,
    }),
    await createStation(ctx, {
      name: '陆家嘴中心消费维权联络站',
      address: '浦东新区世纪大道8号',
      host: '国金中心商场',
      online: true,
    }),
  ];
  const logins: DemoLogin[] = [];
  const user = async (
    email: string,
    role: Parameters<typeof createUser>[1]['role'],
    who: string,
    scope: { merchantId?: string; stationId?: string } = {},
  ) => {
    await createUser(ctx, { email, password: DEMO_PASSWORD, role, name: who, ...scope });
    logins.push({ email, role, who });
  };
  await user('admin@redress.example', 'commission_admin', '消保委管理员');
  await user('staff@redress.example', 'commission_staff', '消保委工作人员');
  const slugs = ['pujiang', 'dongfang', 'shencheng'];
  for (const [i, m] of merchants.entries()) {
    await user(`admin@${slugs[i]}.example`, 'merchant_admin', `${m.name} 管理员`, { merchantId: m.id });
    await user(`agent@${slugs[i]}.example`, 'merchant_agent', `${m.name} 客服`, { merchantId: m.id });
  }
  await user('station1@redress.example', 'station_operator', stations[0]!.name, {
    stationId: stations[0]!.id,
  });
  await user('station2@redress.example', 'station_operator', stations[1]!.name, {
    stationId: stations[1]!.id,
  });
  const client = await createApiClient(ctx, {
    name: 'CRM 对接（演示）',
    actsAs: 'merchant',
    merchantId: merchants[0]!.id,
  });

  // The history is made by the real services on a clock that walks through the past weeks.
  const clock = new ManualClock(now);
  const asked = options.complaints ?? 300;
  // Two of them show the commission's own deadlines due soon (acceptance, mediation).
  const nearDeadline = asked >= 2 ? 2 : 0;
  const count = await seedComplaints(
    { ...runtime, clock, log: silentLogger },
    { merchants, stations, count: asked - nearDeadline, until: now },
  );
  if (nearDeadline > 0)
    await seedCommissionDeadlines({ ...runtime, clock, log: silentLogger }, { merchants, until: now });
  return { merchants, stations, logins, client, complaints: count + nearDeadline };
}

/** Whether the database holds anything yet (the start command seeds an empty one). */
export async function isEmpty(runtime: AppDeps): Promise<boolean> {
  const row = await runtime.db.selectFrom('merchants').select('id').limit(1).executeTakeFirst();
  return row === undefined;
}
