import { InternalServerError, Redress } from '@redress/sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Portal, startPortal } from './portal';
import { type FaultProxy, startProxy } from './proxy';

let portal: Portal;
let proxy: FaultProxy;
let redress: Redress;

beforeAll(async () => {
  portal = await startPortal();
  proxy = await startProxy(portal.url);
  redress = new Redress({ baseUrl: proxy.url, ...portal.clients.merchantA });
});
afterEach(() => {
  proxy.set(() => ({ kind: 'forward' }));
  proxy.seen.length = 0;
});
afterAll(async () => {
  await proxy.close();
  await portal.close();
});

/** Fails the first `n` API requests to `path` with `action`, then forwards. */
const failFirst = (
  n: number,
  path: string,
  action: Parameters<FaultProxy['set']>[0] extends (...a: any[]) => infer A ? A : never,
) =>
  proxy.set((req, seen) =>
    req.path.startsWith(path) && seen.filter((s) => s.path.startsWith(path)).length < n
      ? action
      : { kind: 'forward' },
  );

describe('retries', () => {
  it('retry a 503 and a dropped connection, then answer', async () => {
    const c = await portal.intake();
    failFirst(1, `/api/v1/complaints/${c.id}`, { kind: 'reply', status: 503 });
    expect((await redress.complaints.get(c.id)).id).toBe(c.id);
    expect(proxy.count('GET', `/api/v1/complaints/${c.id}`)).toBe(2);

    proxy.seen.length = 0;
    failFirst(1, `/api/v1/complaints/${c.id}`, { kind: 'drop' });
    expect((await redress.complaints.get(c.id)).id).toBe(c.id);
    expect(proxy.count('GET', `/api/v1/complaints/${c.id}`)).toBe(2);
  });

  it('give up after maxRetries (2 by default; per request too)', async () => {
    proxy.set((req) => (req.path.startsWith('/api/') ? { kind: 'reply', status: 500 } : { kind: 'forward' }));
    await expect(redress.merchant.get()).rejects.toBeInstanceOf(InternalServerError);
    expect(proxy.count('GET', '/api/v1/merchant')).toBe(3);
    proxy.seen.length = 0;
    await expect(redress.merchant.get({ maxRetries: 0 })).rejects.toBeInstanceOf(InternalServerError);
    expect(proxy.count('GET', '/api/v1/merchant')).toBe(1);
  });

  it('do not retry a 4xx other than 408 and 429', async () => {
    proxy.set((req) => (req.path.startsWith('/api/') ? { kind: 'reply', status: 400 } : { kind: 'forward' }));
    await expect(redress.merchant.get()).rejects.toMatchObject({ status: 400 });
    expect(proxy.count('GET', '/api/v1/merchant')).toBe(1);
  });

  it('honour Retry-After in seconds and as an HTTP date', async () => {
    failFirst(1, '/api/v1/merchant', { kind: 'reply', status: 429, headers: { 'retry-after': '1' } });
    let started = Date.now();
    await redress.merchant.get();
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);

    proxy.seen.length = 0;
    const date = new Date(Date.now() + 2_000).toUTCString();
    failFirst(1, '/api/v1/merchant', { kind: 'reply', status: 503, headers: { 'retry-after': date } });
    started = Date.now();
    await redress.merchant.get();
    // An HTTP date has whole seconds: between 1 and 2 s from now.
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(proxy.count('GET', '/api/v1/merchant')).toBe(2);
  });
});

describe('idempotency', () => {
  it('a POST the portal acted on but whose answer was lost is retried with the same key and acts once', async () => {
    const c = await portal.intake();
    const path = `/api/v1/complaints/${c.id}/acknowledge`;
    failFirst(1, path, { kind: 'forward-then', status: 503 });
    const answer = await redress.complaints.acknowledge(c.id);
    expect(answer.status).toBe('acknowledged');
    const attempts = proxy.seen.filter((s) => s.path === path);
    expect(attempts.map((a) => a.status)).toEqual([503, 200]);
    const keys = attempts.map((a) => a.headers['idempotency-key']);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(await portal.countEvents(c.id, 'complaint.acknowledged')).toBe(1);
  });

  it('each call gets its own key; a caller may set one', async () => {
    const c = await portal.intake();
    await redress.complaints.acknowledge(c.id);
    await redress.complaints.message(c.id, { body: '第一条' });
    await redress.complaints.message(c.id, { body: '第二条' });
    const keys = proxy.seen
      .filter((s) => s.method === 'POST' && s.path.startsWith('/api/'))
      .map((s) => s.headers['idempotency-key']);
    expect(new Set(keys).size).toBe(3);
    await redress.complaints.message(c.id, { body: '同一条' }, { idempotencyKey: 'crm-msg-1' });
    await redress.complaints.message(c.id, { body: '同一条' }, { idempotencyKey: 'crm-msg-1' });
    expect(await portal.countEvents(c.id, 'complaint.message_sent')).toBe(3);
  });

  it('GETs carry no key', async () => {
    await redress.merchant.get();
    expect(proxy.seen.find((s) => s.path === '/api/v1/merchant')?.headers['idempotency-key']).toBeUndefined();
  });
});
