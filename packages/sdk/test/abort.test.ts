import { AbortError, Redress, TimeoutError } from '@redress/sdk';
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
  await redress.merchant.get(); // the token, so that counts below are API requests only
});
afterEach(() => {
  proxy.set(() => ({ kind: 'forward' }));
  proxy.seen.length = 0;
});
afterAll(async () => {
  await proxy.close();
  await portal.close();
});

const slow = (ms: number) => proxy.set(() => ({ kind: 'forward', delayMs: ms }));

/** An AbortSignal that counts the listeners added to it and removed from it. */
function countingSignal() {
  const controller = new AbortController();
  const counts = { added: 0, removed: 0 };
  const add = controller.signal.addEventListener.bind(controller.signal);
  const remove = controller.signal.removeEventListener.bind(controller.signal);
  controller.signal.addEventListener = ((...args: Parameters<AbortSignal['addEventListener']>) => {
    counts.added++;
    add(...args);
  }) as AbortSignal['addEventListener'];
  controller.signal.removeEventListener = ((...args: Parameters<AbortSignal['removeEventListener']>) => {
    counts.removed++;
    remove(...args);
  }) as AbortSignal['removeEventListener'];
  return { controller, signal: controller.signal, counts };
}

describe('timeouts', () => {
  it('end an attempt that gets no answer in time, and are retried', async () => {
    slow(1_000);
    const started = Date.now();
    await expect(redress.merchant.get({ timeout: 100, maxRetries: 0 })).rejects.toBeInstanceOf(TimeoutError);
    expect(Date.now() - started).toBeLessThan(900);
    proxy.seen.length = 0;
    await expect(redress.merchant.get({ timeout: 100, maxRetries: 1 })).rejects.toBeInstanceOf(TimeoutError);
    expect(proxy.count('GET', '/api/v1/merchant')).toBe(2);
  });

  it('let a slow answer within the timeout through', async () => {
    slow(100);
    expect((await redress.merchant.get({ timeout: 2_000 })).id).toBe(portal.merchantA.id);
  });
});

describe('aborts', () => {
  it('stop a request in flight without retrying it', async () => {
    slow(2_000);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    await expect(redress.merchant.get({ signal: controller.signal })).rejects.toBeInstanceOf(AbortError);
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(proxy.count('GET', '/api/v1/merchant')).toBe(1);
  });

  it('send nothing with a signal aborted already', async () => {
    await expect(redress.merchant.get({ signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortError);
    expect(proxy.seen).toHaveLength(0);
  });

  it('stop the wait for a token without cancelling it for others', async () => {
    proxy.set((req) =>
      req.path === '/oauth/token' ? { kind: 'forward', delayMs: 400 } : { kind: 'forward' },
    );
    const fresh = new Redress({ baseUrl: proxy.url, ...portal.clients.merchantA });
    const patient = fresh.merchant.get();
    const started = Date.now();
    await expect(fresh.merchant.get({ signal: AbortSignal.timeout(50) })).rejects.toBeInstanceOf(AbortError);
    expect(Date.now() - started).toBeLessThan(350);
    expect((await patient).id).toBe(portal.merchantA.id);
    expect(proxy.count('POST', '/oauth/token')).toBe(1);
  });

  it('stop the wait between retries', async () => {
    proxy.set(() => ({ kind: 'reply', status: 503, headers: { 'retry-after': '30' } }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    const started = Date.now();
    await expect(redress.merchant.get({ signal: controller.signal })).rejects.toBeInstanceOf(AbortError);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(proxy.seen).toHaveLength(1);
  });

  it('leave no listener on a signal shared by many requests', async () => {
    const { signal, counts } = countingSignal();
    for (let i = 0; i < 10; i++) await redress.merchant.get({ signal });
    proxy.set((_req, seen) => (seen.length % 2 === 0 ? { kind: 'reply', status: 503 } : { kind: 'forward' }));
    for (let i = 0; i < 3; i++) await redress.merchant.get({ signal });
    slow(500);
    await expect(redress.merchant.get({ signal, timeout: 50, maxRetries: 1 })).rejects.toBeInstanceOf(
      TimeoutError,
    );
    proxy.set(() => ({ kind: 'reply', status: 400 }));
    await expect(redress.merchant.get({ signal })).rejects.toMatchObject({ status: 400 });
    expect(counts.added).toBeGreaterThanOrEqual(18);
    expect(counts.removed).toBe(counts.added);
  });

  it('end a poll quietly', async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 150);
    let n = 0;
    for await (const _ of redress.events.poll({ signal: controller.signal, intervalMs: 10_000 })) n++;
    expect(n).toBe(0);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
