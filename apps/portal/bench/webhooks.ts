/**
 * Webhooks, end to end: from a transition (`POST /complaints/{id}/messages` through
 * `app.request`) to the signed delivery arriving at a local receiver, on file-based SQLite,
 * with the delivery job running in its loop (`startJobs`) as inside `serve`.
 *
 *   1. delay at low load: one message at a time, ~100 ms apart
 *   2. sustained: 8 lanes post as fast as they can; events per second transition → delivered
 *   3. drain: a backlog written while no worker ran, delivered by one job
 *
 * `npx tsx apps/portal/bench/webhooks.ts [--events 2000]` — markdown on stdout, progress on stderr.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createApiClient } from '../src/api-clients/service';
import { createApp } from '../src/app';
import { issueAccessToken } from '../src/auth/service';
import { RATE_LIMIT_DEFAULTS, testConfig } from '../src/config';
import { openRuntime } from '../src/deps';
import { SYSTEM } from '../src/http/principal';
import { startJobs } from '../src/jobs/runner';
import { silentLogger } from '../src/logger';
import { createMerchant } from '../src/merchants/service';
import { webhookDelivery } from '../src/webhooks/job';
import { startReceiver } from '../test/webhooks-receiver';
import { fixed, int, ms, progress, table } from './lib/format';

const { values } = parseArgs({ options: { events: { type: 'string', default: '2000' } } });
const EVENTS = Number(values.events);
const LANES = 8;
const LOW_LOAD = 50;

const dir = mkdtempSync(join(tmpdir(), 'redress-bench-webhooks-'));
const runtime = await openRuntime(
  testConfig({
    mode: 'development',
    dataDir: dir,
    databaseUrl: `sqlite:${join(dir, 'redress.db')}`,
    // One merchant posts as fast as it can: the per-principal API limit is raised out of the way.
    rateLimits: { ...RATE_LIMIT_DEFAULTS, apiPerMinute: 1_000_000_000 },
  }),
  { log: silentLogger },
);
const app = createApp(runtime);
const admin = { ...runtime, principal: { ...SYSTEM, role: 'commission_admin' as const } };
const merchant = await createMerchant(admin, {
  name: '甲电器有限公司',
  creditCode: '91310115MA1K000016',
  slaPolicy: 'standard',
});
async function token(actsAs: 'merchant' | 'commission') {
  const c = await createApiClient(admin, {
    name: `bench ${actsAs}`,
    actsAs,
    merchantId: actsAs === 'merchant' ? merchant.id : undefined,
  });
  return (await issueAccessToken(runtime, { clientId: c.id, clientSecret: c.secret! })).access_token;
}
const staff = await token('commission');
const merchantToken = await token('merchant');

async function call(bearer: string, method: string, path: string, body?: unknown) {
  const res = await app.request(path, {
    method,
    headers: {
      Authorization: `Bearer ${bearer}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<any>;
}

/** When each message (by its body) was posted and when its delivery arrived. */
const postedAt = new Map<string, number>();
const arrivedAt = new Map<string, number>();
const receiver = await startReceiver(
  () => ({ status: 204 }),
  (r) => arrivedAt.set((JSON.parse(r.body) as any).data.message.body, performance.now()),
);
await call(merchantToken, 'POST', '/api/v1/webhook-endpoints', {
  url: receiver.url,
  eventTypes: ['complaint.message_sent'],
});

async function acknowledgedComplaint(): Promise<string> {
  const c = await call(staff, 'POST', '/api/v1/complaints', {
    channel: 'hotline',
    merchantId: merchant.id,
    subject: '空调安装后漏水',
    description: '安装一个月后室内机漏水。',
    category: 'appliance_repair',
    consumer: { name: '张先生', phone: '13812345678' },
  });
  await call(merchantToken, 'POST', `/api/v1/complaints/${c.id}/acknowledge`);
  return c.id;
}

async function post(complaintId: string, body: string) {
  postedAt.set(body, performance.now());
  await call(merchantToken, 'POST', `/api/v1/complaints/${complaintId}/messages`, { body });
}

async function until(done: () => boolean, timeoutMs = 60_000) {
  const start = performance.now();
  while (!done()) {
    if (performance.now() - start > timeoutMs) throw new Error('deliveries did not arrive in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

function delays(prefix: string) {
  const d = [...postedAt.keys()]
    .filter((k) => k.startsWith(prefix))
    .map((k) => arrivedAt.get(k)! - postedAt.get(k)!)
    .sort((a, b) => a - b);
  const at = (q: number) => d[Math.min(d.length - 1, Math.floor(q * d.length))]!;
  return { p50: at(0.5), p95: at(0.95), max: d.at(-1)! };
}

const lanes = await Promise.all(Array.from({ length: LANES }, acknowledgedComplaint));
const jobs = startJobs(runtime, [webhookDelivery]);

progress(`low load: ${LOW_LOAD} messages ~100 ms apart`);
for (let i = 0; i < LOW_LOAD; i++) {
  await post(lanes[0]!, `low-${i}`);
  await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
}
await until(() => arrivedAt.size >= LOW_LOAD);
const low = delays('low-');

progress(`sustained: ${EVENTS} messages from ${LANES} lanes`);
const started = performance.now();
await Promise.all(
  lanes.map(async (id, lane) => {
    for (let i = lane; i < EVENTS; i += LANES) await post(id, `load-${i}`);
  }),
);
const posted = performance.now();
await until(() => arrivedAt.size >= LOW_LOAD + EVENTS);
const delivered = Math.max(
  ...[...arrivedAt.entries()].filter(([k]) => k.startsWith('load-')).map(([, t]) => t),
);
const load = delays('load-');
await jobs.stop();

progress(`drain: a backlog of ${EVENTS} deliveries`);
const prefill = performance.now();
await Promise.all(
  lanes.map(async (id, lane) => {
    for (let i = lane; i < EVENTS; i += LANES) await post(id, `drain-${i}`);
  }),
);
const prefillMs = performance.now() - prefill;
const drainStart = performance.now();
const drainJobs = startJobs(runtime, [webhookDelivery]);
await until(() => arrivedAt.size >= LOW_LOAD + 2 * EVENTS);
const drainMs = performance.now() - drainStart;
await drainJobs.stop();

await receiver.close();
await runtime.close();
rmSync(dir, { recursive: true, force: true });

const perSecond = (n: number, elapsedMs: number) => int(n / (elapsedMs / 1000));
process.stdout.write(
  [
    `Webhooks on file-based SQLite (WAL), one process: app.request → outbox → delivery job (every ${webhookDelivery.intervalMs} ms when idle, batches of 50) → node:http receiver on 127.0.0.1.`,
    '',
    table(
      ['measure', 'value'],
      [
        [
          `delay transition → delivered, low load (${LOW_LOAD} events): p50 / p95 / max`,
          `${ms(low.p50)} / ${ms(low.p95)} / ${ms(low.max)}`,
        ],
        [
          `sustained, ${int(EVENTS)} events from ${LANES} lanes: transitions per second`,
          perSecond(EVENTS, posted - started),
        ],
        ['sustained: events per second, transition → delivered', perSecond(EVENTS, delivered - started)],
        ['the same transitions with no delivery job running', `${perSecond(EVENTS, prefillMs)} per second`],
        ['sustained: delay p50 / p95 / max', `${ms(load.p50)} / ${ms(load.p95)} / ${ms(load.max)}`],
        [`drain: ${int(EVENTS)} queued deliveries, deliveries per second`, perSecond(EVENTS, drainMs)],
        ['drain: time to empty the backlog', `${fixed(drainMs / 1000, 2)} s`],
      ],
    ),
    '',
  ].join('\n'),
);
