import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { deliverDue, settleDeliveries, webhookDelivery } from '../src/webhooks/job';
import { claimDeliveries } from '../src/webhooks/outbox';
import { type Actor, advance, type TestWorld, testWorld } from './harness';
import { type Received, type Receiver, type Reply, startReceiver } from './webhooks-receiver';

const receivers: Receiver[] = [];
afterEach(async () => {
  for (const r of receivers.splice(0)) await r.close();
});

async function receiver(reply?: (n: number, r: Received) => Reply): Promise<Receiver> {
  const r = await startReceiver(reply);
  receivers.push(r);
  return r;
}

/** Verifies a delivery as a receiver would, with the standardwebhooks package, at the portal's time. */
function verify(secret: string, r: Received, now: number): unknown {
  vi.setSystemTime(now);
  try {
    return new Webhook(secret).verify(r.body, r.headers);
  } finally {
    vi.useRealTimers();
  }
}

/** Runs the delivery job until nothing is due. */
async function drain(w: TestWorld): Promise<number> {
  let total = 0;
  for (let n = await webhookDelivery.run(w.runtime); n > 0; n = await webhookDelivery.run(w.runtime))
    total += n;
  return total;
}

async function endpoint(
  w: TestWorld,
  actor: Actor | { cookie: string },
  url: string,
  eventTypes: string[] = ['complaint.assigned', 'complaint.acknowledged'],
) {
  const res = await w.call(actor, 'POST', '/api/v1/webhook-endpoints', {
    url,
    eventTypes,
    description: 'CRM',
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; secret: string; [k: string]: any };
}

const deliveries = async (w: TestWorld, actor: Actor | { cookie: string }, id: string) =>
  (await w.call(actor, 'GET', `/api/v1/webhook-endpoints/${id}/deliveries`)).body.data as any[];

describe('webhook endpoints', () => {
  it('are created with a secret shown once, read, changed and deleted by the merchant admin', async () => {
    const w = await testWorld();
    const created = await endpoint(w, w.actors.merchantA, 'http://127.0.0.1:9/hooks');
    expect(created.id).toMatch(/^whe_/);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(created.secret.slice(6), 'base64')).toHaveLength(32);
    expect(created).toMatchObject({ merchantId: w.merchantA.id, enabled: true, disabledReason: null });

    const read = await w.call(w.actors.merchantA, 'GET', `/api/v1/webhook-endpoints/${created.id}`);
    expect(read.status).toBe(200);
    expect(read.body.secret).toBeUndefined();
    const list = await w.call(w.actors.merchantA, 'GET', '/api/v1/webhook-endpoints');
    expect(list.body.data.map((e: any) => e.id)).toEqual([created.id]);

    const patched = await w.call(w.actors.merchantA, 'PATCH', `/api/v1/webhook-endpoints/${created.id}`, {
      eventTypes: ['complaint.settled', 'complaint.settled'],
      description: null,
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ eventTypes: ['complaint.settled'], description: null });

    const bad = await w.call(w.actors.merchantA, 'POST', '/api/v1/webhook-endpoints', {
      url: 'ftp://example.cn/x',
      eventTypes: ['complaint.nonsense'],
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: any) => e.path).sort()).toEqual(['eventTypes.0', 'url']);

    expect(
      (await w.call(w.actors.merchantA, 'DELETE', `/api/v1/webhook-endpoints/${created.id}`)).status,
    ).toBe(204);
    expect((await w.call(w.actors.merchantA, 'GET', `/api/v1/webhook-endpoints/${created.id}`)).status).toBe(
      404,
    );
  });

  it('are managed by admins only; the commission admin sees all but changes only its own', async () => {
    const w = await testWorld();
    const a = await endpoint(w, w.actors.merchantA, 'http://127.0.0.1:9/a');
    const agent = await w.user('merchant_agent', { merchantId: w.merchantA.id });
    expect((await w.call(agent, 'GET', '/api/v1/webhook-endpoints')).status).toBe(403);
    expect((await w.call(w.actors.staff, 'GET', '/api/v1/webhook-endpoints')).status).toBe(403);
    expect((await w.call(null, 'GET', '/api/v1/webhook-endpoints')).status).toBe(401);

    const commission = await endpoint(w, w.admin, 'http://127.0.0.1:9/c');
    expect(commission.merchantId).toBeNull();
    const all = await w.call(w.admin, 'GET', '/api/v1/webhook-endpoints');
    expect(all.body.data.map((e: any) => e.id)).toEqual([a.id, commission.id]);
    expect((await w.call(w.admin, 'GET', `/api/v1/webhook-endpoints/${a.id}/deliveries`)).status).toBe(200);
    expect((await w.call(w.admin, 'POST', `/api/v1/webhook-endpoints/${a.id}/rotate-secret`)).status).toBe(
      403,
    );
    expect(
      (await w.call(w.actors.merchantA, 'GET', `/api/v1/webhook-endpoints/${commission.id}`)).status,
    ).toBe(404);
  });

  it('of another merchant answer 404, and so do their deliveries', async () => {
    const w = await testWorld();
    const r = await receiver();
    const a = await endpoint(w, w.actors.merchantA, r.url);
    await w.intake();
    await drain(w);
    const [delivery] = await deliveries(w, w.actors.merchantA, a.id);
    expect(delivery.status).toBe('succeeded');

    const B = w.actors.merchantB;
    expect((await w.call(B, 'GET', '/api/v1/webhook-endpoints')).body.data).toEqual([]);
    for (const [method, path] of [
      ['GET', `/api/v1/webhook-endpoints/${a.id}`],
      ['PATCH', `/api/v1/webhook-endpoints/${a.id}`],
      ['DELETE', `/api/v1/webhook-endpoints/${a.id}`],
      ['POST', `/api/v1/webhook-endpoints/${a.id}/rotate-secret`],
      ['GET', `/api/v1/webhook-endpoints/${a.id}/deliveries`],
      ['POST', `/api/v1/webhook-deliveries/${delivery.id}/retry`],
    ] as const) {
      const res = await w.call(B, method, path, method === 'PATCH' ? { enabled: false } : undefined);
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    expect((await w.call(w.actors.merchantA, 'GET', `/api/v1/webhook-endpoints/${a.id}`)).body.enabled).toBe(
      true,
    );
  });
});

describe('webhook delivery', () => {
  it('delivers subscribed events signed per Standard Webhooks, to the merchant and the commission', async () => {
    const w = await testWorld();
    const ra = await receiver();
    const rb = await receiver();
    const rc = await receiver();
    const a = await endpoint(w, w.actors.merchantA, ra.url);
    await endpoint(w, w.actors.merchantB, rb.url);
    const c = await endpoint(w, w.admin, rc.url, ['complaint.received', 'complaint.assigned']);
    const complaint = await w.intake();
    await w.call(w.actors.merchantA, 'POST', `/api/v1/complaints/${complaint.id}/acknowledge`);
    expect(await drain(w)).toBe(4);

    expect(ra.received.map((r) => JSON.parse(r.body).type)).toEqual([
      'complaint.assigned',
      'complaint.acknowledged',
    ]);
    expect(rb.received).toEqual([]);
    expect(rc.received.map((r) => JSON.parse(r.body).type).sort()).toEqual([
      'complaint.assigned',
      'complaint.received',
    ]);
    const events = (await w.call(w.actors.merchantA, 'GET', '/api/v1/events')).body.data as any[];
    for (const r of ra.received) {
      const body = verify(a.secret, r, w.clock.now()) as any;
      const event = events.find((e) => e.id === body.id);
      expect(body).toEqual({ id: event.id, type: event.type, timestamp: event.createdAt, data: event.data });
      expect(r.headers['webhook-id']).toBe(event.id);
      expect(r.headers['webhook-timestamp']).toBe(String(Math.floor(w.clock.now() / 1000)));
      expect(r.headers['content-type']).toBe('application/json');
      expect(r.headers['user-agent']).toBe('Redress-Webhooks/1');
      expect(body.data.object.id).toBe(complaint.id);
    }
    for (const r of rc.received) verify(c.secret, r, w.clock.now());
    expect(() => verify(c.secret, ra.received[0]!, w.clock.now())).toThrow();
  });

  it('retries a failing receiver on the schedule and delivers exactly once as a success', async () => {
    const w = await testWorld();
    const r = await receiver((n) =>
      n < 2 ? { status: 500, body: 'down for maintenance' } : { status: 200 },
    );
    const e = await endpoint(w, w.actors.merchantA, r.url, ['complaint.assigned']);
    await w.intake();
    expect(await drain(w)).toBe(1);
    let [d] = await deliveries(w, w.actors.merchantA, e.id);
    expect(d).toMatchObject({ status: 'pending', attemptCount: 1, lastStatusCode: 500 });
    const retryAt = Date.parse(d.nextAttemptAt) - w.clock.now();
    expect(retryAt).toBeGreaterThanOrEqual(4_500);
    expect(retryAt).toBeLessThanOrEqual(5_500);

    await advance(w, 4_000);
    expect(await drain(w)).toBe(0);
    await advance(w, 1_600);
    expect(await drain(w)).toBe(1);
    [d] = await deliveries(w, w.actors.merchantA, e.id);
    expect(Date.parse(d.nextAttemptAt) - w.clock.now()).toBeGreaterThanOrEqual(270_000);
    await advance(w, 330_000);
    expect(await drain(w)).toBe(1);
    await advance(w, 24 * 3600_000);
    expect(await drain(w)).toBe(0);

    [d] = await deliveries(w, w.actors.merchantA, e.id);
    expect(d).toMatchObject({
      status: 'succeeded',
      attemptCount: 3,
      nextAttemptAt: null,
      lastStatusCode: 200,
    });
    expect(d.attempts.map((a: any) => a.statusCode)).toEqual([500, 500, 200]);
    expect(d.attempts[0].responseExcerpt).toBe('down for maintenance');
    expect(r.received).toHaveLength(3);
    expect(new Set(r.received.map((x) => x.headers['webhook-id'])).size).toBe(1);
    const endpointNow = await w.call(w.actors.merchantA, 'GET', `/api/v1/webhook-endpoints/${e.id}`);
    expect(endpointNow.body).toMatchObject({ enabled: true, disabledReason: null });
  });

  it('keeps only the first kilobyte of an answer', async () => {
    const w = await testWorld();
    const r = await receiver(() => ({ status: 200, body: '字'.repeat(2_000) }));
    const e = await endpoint(w, w.actors.merchantA, r.url, ['complaint.assigned']);
    await w.intake();
    await drain(w);
    const [d] = await deliveries(w, w.actors.merchantA, e.id);
    const excerpt = d.attempts[0].responseExcerpt as string;
    expect(Buffer.byteLength(excerpt)).toBeLessThanOrEqual(1_024);
    expect(excerpt).toBe('字'.repeat(341));
  });

  it('disables an endpoint that answers 410 Gone, with the reason', async () => {
    const w = await testWorld();
    const r = await receiver(() => ({ status: 410 }));
    const e = await endpoint(w, w.actors.merchantA, r.url);
    const complaint = await w.intake();
    await w.call(w.actors.merchantA, 'POST', `/api/v1/complaints/${complaint.id}/acknowledge`);
    expect(await drain(w)).toBe(2);
    const got = await w.call(w.actors.merchantA, 'GET', `/api/v1/webhook-endpoints/${e.id}`);
    expect(got.body.enabled).toBe(false);
    expect(got.body.disabledReason).toMatch(/410 Gone/);
    const ds = await deliveries(w, w.actors.merchantA, e.id);
    expect(ds.every((d) => d.status === 'failed' && d.nextAttemptAt === null)).toBe(true);

    await w.intake();
    await advance(w, 48 * 3600_000);
    expect(await drain(w)).toBe(0);
    expect(r.received.length).toBeLessThanOrEqual(2);
    const retried = await w.call(w.actors.merchantA, 'POST', `/api/v1/webhook-deliveries/${ds[0].id}/retry`);
    expect(retried.status).toBe(409);
  });

  it('honours Retry-After when it is later than the schedule', async () => {
    const w = await testWorld();
    const r = await receiver((n) =>
      n === 0 ? { status: 503, headers: { 'Retry-After': '120' } } : { status: 200 },
    );
    const e = await endpoint(w, w.actors.merchantA, r.url, ['complaint.assigned']);
    await w.intake();
    const start = w.clock.now();
    await drain(w);
    const [d] = await deliveries(w, w.actors.merchantA, e.id);
    expect(Date.parse(d.nextAttemptAt)).toBe(start + 120_000);
    await advance(w, 60_000);
    expect(await drain(w)).toBe(0);
    await advance(w, 60_000);
    expect(await drain(w)).toBe(1);
    expect(r.received).toHaveLength(2);
  });

  it('disables an endpoint whose deliveries have all failed for 3 days', async () => {
    const w = await testWorld();
    const r = await receiver(() => ({ status: 502 }));
    const e = await endpoint(w, w.actors.merchantA, r.url, ['complaint.assigned']);
    await w.intake();
    await drain(w);
    await advance(w, 3 * 24 * 3600_000 - 60_000);
    await drain(w);
    expect((await w.call(w.actors.merchantA, 'GET', `/api/v1/webhook-endpoints/${e.id}`)).body.enabled).toBe(
      true,
    );
    await advance(w, 120_000);
    await w.intake();
    await drain(w);
    const got = await w.call(w.actors.merchantA, 'GET', `/api/v1/webhook-endpoints/${e.id}`);
    expect(got.body.enabled).toBe(false);
    expect(got.body.disabledReason).toMatch(/failed since .* \(3 days\)/);

    const enabled = await w.call(w.actors.merchantA, 'PATCH', `/api/v1/webhook-endpoints/${e.id}`, {
      enabled: true,
    });
    expect(enabled.body).toMatchObject({ enabled: true, disabledReason: null, disabledAt: null });
  });

  it('sends nothing to a disabled endpoint', async () => {
    const w = await testWorld();
    const r = await receiver();
    const e = await endpoint(w, w.actors.merchantA, r.url);
    await w.intake(); // written to the outbox while enabled...
    const off = await w.call(w.actors.merchantA, 'PATCH', `/api/v1/webhook-endpoints/${e.id}`, {
      enabled: false,
    });
    expect(off.body).toMatchObject({ enabled: false });
    expect(off.body.disabledReason).toMatch(/^disabled by cli_/);
    await w.intake(); // ...and not written while disabled
    await advance(w, 3600_000);
    expect(await drain(w)).toBe(0);
    expect(r.received).toEqual([]);
    const ds = await deliveries(w, w.actors.merchantA, e.id);
    expect(ds.map((d) => d.status)).toEqual(['failed']);
  });

  it('retries a delivery by hand', async () => {
    const w = await testWorld();
    const r = await receiver();
    const e = await endpoint(w, w.actors.merchantA, r.url, ['complaint.assigned']);
    await w.intake();
    await drain(w);
    const [d] = await deliveries(w, w.actors.merchantA, e.id);
    const res = await w.call(w.actors.merchantA, 'POST', `/api/v1/webhook-deliveries/${d.id}/retry`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: d.id, status: 'pending', nextAttemptAt: expect.any(String) });
    expect(await drain(w)).toBe(1);
    expect(r.received.map((x) => x.headers['webhook-id'])).toEqual([d.eventId, d.eventId]);
    const [after] = await deliveries(w, w.actors.merchantA, e.id);
    expect(after).toMatchObject({ status: 'succeeded', attemptCount: 2 });
  });

  it('pages through deliveries, newest first', async () => {
    const w = await testWorld();
    const r = await receiver();
    const e = await endpoint(w, w.actors.merchantA, r.url, ['complaint.assigned']);
    for (let i = 0; i < 5; i++) {
      await w.intake();
      await advance(w, 1_000);
    }
    await drain(w);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = cursor ? `&cursor=${cursor}` : '';
      const page = await w.call(
        w.actors.merchantA,
        'GET',
        `/api/v1/webhook-endpoints/${e.id}/deliveries?limit=2${q}`,
      );
      seen.push(...page.body.data.map((d: any) => d.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect([...seen].sort().reverse()).toEqual(seen);
  });
});

describe('webhook workers', () => {
  it('lose nothing when a worker dies mid-delivery: another takes over after the lease', async () => {
    const w = await testWorld();
    const r = await receiver((n) => (n === 0 ? 'hang' : { status: 200 }));
    const e = await endpoint(w, w.actors.merchantA, r.url, ['complaint.assigned']);
    await w.intake();
    const zombie = webhookDelivery.run(w.runtime); // never answered: this worker is as good as dead
    await vi.waitFor(() => expect(r.received).toHaveLength(1));
    expect(await drain(w)).toBe(0); // leased: nobody else takes it
    await advance(w, 61_000);
    expect(await drain(w)).toBe(1);
    r.releaseHanging();
    await zombie;
    await settleDeliveries(w.runtime); // its late failure must not undo the other worker's success
    const [d] = await deliveries(w, w.actors.merchantA, e.id);
    expect(d).toMatchObject({ status: 'succeeded', attemptCount: 1 });
    expect(r.received).toHaveLength(2);
  });

  it('lose nothing when claimed rows are abandoned', async () => {
    const w = await testWorld();
    const r = await receiver();
    const e = await endpoint(w, w.actors.merchantA, r.url, ['complaint.assigned']);
    await w.intake();
    await w.intake();
    const claimed = await claimDeliveries(w.runtime, 'dead-worker', { limit: 10, leaseMs: 60_000 });
    expect(claimed).toHaveLength(2);
    expect(await drain(w)).toBe(0);
    await advance(w, 60_001);
    expect(await drain(w)).toBe(2);
    expect(r.received).toHaveLength(2);
    expect((await deliveries(w, w.actors.merchantA, e.id)).map((d) => d.status)).toEqual([
      'succeeded',
      'succeeded',
    ]);
  });

  it('never deliver the same attempt twice when two run at once', async () => {
    const w = await testWorld();
    const r = await receiver();
    await endpoint(w, w.actors.merchantA, r.url, ['complaint.assigned']);
    for (let i = 0; i < 30; i++) await w.intake();
    const limit = { limit: 5 };
    const worker = async () => {
      let n = 0;
      for (let k = await deliverDue(w.runtime, limit); k > 0; k = await deliverDue(w.runtime, limit)) n += k;
      return n;
    };
    const [one, two] = await Promise.all([worker(), worker()]);
    expect(one + two).toBe(30);
    expect(one).toBeGreaterThan(0);
    expect(two).toBeGreaterThan(0);
    const ids = r.received.map((x) => x.headers['webhook-id']);
    expect(ids).toHaveLength(30);
    expect(new Set(ids).size).toBe(30);
    const attempts = await w.runtime.db
      .selectFrom('webhook_attempts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(attempts.n)).toBe(30);
  });
});

describe('webhook secret rotation', () => {
  it('signs with both secrets for 24 hours, then with the new one only', async () => {
    const w = await testWorld();
    const r = await receiver();
    const e = await endpoint(w, w.actors.merchantA, r.url, ['complaint.assigned']);
    const rotated = await w.call(
      w.actors.merchantA,
      'POST',
      `/api/v1/webhook-endpoints/${e.id}/rotate-secret`,
    );
    expect(rotated.status).toBe(200);
    const fresh = rotated.body.secret as string;
    expect(fresh).toMatch(/^whsec_/);
    expect(fresh).not.toBe(e.secret);
    expect(rotated.body.previousSecretExpiresAt).not.toBeNull();

    await w.intake();
    await drain(w);
    const during = r.received[0]!;
    expect(during.headers['webhook-signature']!.split(' ')).toHaveLength(2);
    expect(verify(e.secret, during, w.clock.now())).toBeTruthy();
    expect(verify(fresh, during, w.clock.now())).toBeTruthy();

    await advance(w, 24 * 3600_000 + 1_000);
    await w.intake();
    await drain(w);
    const after = r.received[1]!;
    expect(after.headers['webhook-signature']!.split(' ')).toHaveLength(1);
    expect(verify(fresh, after, w.clock.now())).toBeTruthy();
    expect(() => verify(e.secret, after, w.clock.now())).toThrow();
    const got = await w.call(w.actors.merchantA, 'GET', `/api/v1/webhook-endpoints/${e.id}`);
    expect(got.body.previousSecretExpiresAt).toBeNull();
  });
});
