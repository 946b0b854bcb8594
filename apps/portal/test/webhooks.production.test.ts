import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { webhookDelivery } from '../src/webhooks/job';
import { nextAttemptAt, RETRY_SCHEDULE_MS, retryAfterMs } from '../src/webhooks/schedule';
import { postWebhook } from '../src/webhooks/sender';
import { isPrivateAddress, urlProblem } from '../src/webhooks/url-guard';
import { testWorld } from './harness';
import { type Receiver, startReceiver } from './webhooks-receiver';

/** Names this file's DNS answers; every other name resolves for real. */
const dnsAnswers = vi.hoisted(() => new Map<string, string[]>());
vi.mock('node:dns', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:dns')>();
  const lookup = (host: string, options: any, callback: (...args: any[]) => void) => {
    const answers = dnsAnswers.get(host);
    if (!answers) return real.lookup(host, options, callback);
    const all = answers.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    queueMicrotask(() =>
      options?.all ? callback(null, all) : callback(null, all[0]!.address, all[0]!.family),
    );
  };
  return { ...real, lookup, default: { ...real, lookup } };
});

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  dnsAnswers.clear();
});

async function productionWorld() {
  const dataDir = mkdtempSync(join(tmpdir(), 'redress-webhooks-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  return testWorld({ config: { mode: 'production', dataDir } });
}

describe('webhook URLs in production', () => {
  it('must be https to a public address', async () => {
    const w = await productionWorld();
    for (const url of [
      'http://93.184.215.14/hooks',
      'https://127.0.0.1/hooks',
      'https://10.1.2.3/hooks',
      'https://172.16.0.9/hooks',
      'https://192.168.1.20/hooks',
      'https://169.254.169.254/latest/meta-data',
      'https://100.64.0.1/hooks',
      'https://0.0.0.0/hooks',
      'https://[::1]/hooks',
      'https://[fc00::1]/hooks',
      'https://[fd12:3456::1]/hooks',
      'https://[fe80::1]/hooks',
      'https://[::ffff:127.0.0.1]/hooks',
      'https://[::ffff:0:7f00:1]/hooks',
      'https://[::ffff:0:a00:1]/hooks',
      'https://[64:ff9b::7f00:1]/hooks',
      'https://[2002:a9fe:a9fe::]/hooks',
      'https://localhost/hooks',
      'https://api.localhost/hooks',
      'https://2130706433/hooks',
      'https://user:pass@93.184.215.14/hooks',
    ]) {
      const res = await w.call(w.actors.merchantA, 'POST', '/api/v1/webhook-endpoints', {
        url,
        eventTypes: ['complaint.assigned'],
      });
      expect(res.status, url).toBe(422);
      expect(res.body.errors[0].path, url).toBe('url');
    }
    const ok = await w.call(w.actors.merchantA, 'POST', '/api/v1/webhook-endpoints', {
      url: 'https://93.184.215.14/hooks',
      eventTypes: ['complaint.assigned'],
    });
    expect(ok.status).toBe(201);
    const v6 = await w.call(w.actors.merchantA, 'POST', '/api/v1/webhook-endpoints', {
      url: 'https://[2606:4700:4700::1111]/hooks',
      eventTypes: ['complaint.assigned'],
    });
    expect(v6.status).toBe(201);
    const patched = await w.call(w.actors.merchantA, 'PATCH', `/api/v1/webhook-endpoints/${ok.body.id}`, {
      url: 'https://10.0.0.1/hooks',
    });
    expect(patched.status).toBe(422);
    expect(patched.body.errors[0].path).toBe('url');
  });

  it('refuses a name that resolves to a private address', async () => {
    const w = await productionWorld();
    dnsAnswers.set('intranet.example.cn', ['203.0.114.7', '10.0.0.8']);
    const res = await w.call(w.actors.merchantA, 'POST', '/api/v1/webhook-endpoints', {
      url: 'https://intranet.example.cn/hooks',
      eventTypes: ['complaint.assigned'],
    });
    expect(res.status).toBe(422);
    expect(res.body.errors[0]).toMatchObject({
      path: 'url',
      code: 'url_not_allowed',
      message: expect.stringMatching(/10\.0\.0\.8/),
    });
  });

  it('checks the address again at delivery, against DNS rebinding', async () => {
    const w = await productionWorld();
    const r: Receiver = await startReceiver();
    cleanups.push(() => r.close());
    const port = new URL(r.url).port;
    dnsAnswers.set('rebind.example.cn', ['203.0.114.7']);
    const created = await w.call(w.actors.merchantA, 'POST', '/api/v1/webhook-endpoints', {
      url: `https://rebind.example.cn:${port}/hooks`,
      eventTypes: ['complaint.assigned'],
    });
    expect(created.status).toBe(201);
    dnsAnswers.set('rebind.example.cn', ['127.0.0.1']);
    await w.intake();
    expect(await webhookDelivery.run(w.runtime)).toBe(1);
    expect(r.received).toEqual([]);
    const list = await w.call(
      w.actors.merchantA,
      'GET',
      `/api/v1/webhook-endpoints/${created.body.id}/deliveries`,
    );
    expect(list.body.data[0].attempts[0]).toMatchObject({
      statusCode: null,
      error: expect.stringMatching(/refused: rebind\.example\.cn resolves to 127\.0\.0\.1/),
    });
  });

  it('allows http and local receivers outside production', async () => {
    expect(await urlProblem('http://127.0.0.1:8080/hooks', 'development')).toBeNull();
    expect(await urlProblem('http://localhost/hooks', 'test')).toBeNull();
    expect(await urlProblem('http://localhost/hooks', 'production')).toBe('must use https');
  });
});

describe('webhook rules', () => {
  it('tell private addresses from public ones', () => {
    for (const a of [
      '127.0.0.1',
      '10.9.8.7',
      '172.31.255.255',
      '192.168.0.1',
      '169.254.169.254',
      '::1',
      '::',
    ]) {
      expect(isPrivateAddress(a), a).toBe(true);
    }
    for (const a of [
      'fc00::1',
      'fe80::1',
      '::ffff:10.0.0.1',
      '::ffff:7f00:1',
      '::ffff:0:7f00:1', // IPv4-translated 127.0.0.1 (passed the hand-written guard)
      '::ffff:8.8.8.8', // any IPv4-mapped form: a receiver is given by its IPv4 address
      '::127.0.0.1', // IPv4-compatible (deprecated)
      '64:ff9b::a00:1',
      '2002:7f00:1::',
      '2001:db8::1',
      '100.64.0.1',
      '198.18.0.1',
      '255.255.255.255',
      'not-an-ip',
    ]) {
      expect(isPrivateAddress(a), a).toBe(true);
    }
    for (const a of [
      '93.184.215.14',
      '172.32.0.1',
      '8.8.8.8',
      '2606:4700:4700::1111',
      '2a00:1450:4001::200e',
    ]) {
      expect(isPrivateAddress(a), a).toBe(false);
    }
  });

  it('read Retry-After as seconds or an HTTP date, and keep to the schedule with jitter', () => {
    const now = Date.parse('2026-11-30T02:00:00Z');
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs('Mon, 30 Nov 2026 02:10:00 GMT', now)).toBe(600_000);
    expect(retryAfterMs('soon', now)).toBeNull();
    expect(RETRY_SCHEDULE_MS.map((ms) => ms / 1000)).toEqual([
      0, 5, 300, 1800, 7200, 18_000, 36_000, 50_400, 72_000, 86_400,
    ]);
    expect(nextAttemptAt(1, now, null, () => 0)).toBe(now + 4_500);
    expect(nextAttemptAt(1, now, null, () => 1)).toBe(now + 5_500);
    expect(nextAttemptAt(2, now, 3_600_000, () => 0.5)).toBe(now + 3_600_000);
    expect(nextAttemptAt(2, now, 7 * 86_400_000, () => 0.5)).toBe(now + 86_400_000);
    expect(nextAttemptAt(10, now, null)).toBeNull();
  });

  it('give up on a receiver that does not answer in time', async () => {
    const r = await startReceiver(() => 'hang');
    cleanups.push(() => r.close());
    const result = await postWebhook(r.url, {}, '{}', { guard: false, timeoutMs: 200 });
    expect(result).toMatchObject({ statusCode: null, error: 'timed out after 0.2 s' });
    expect(result.durationMs).toBeGreaterThanOrEqual(150);
  });
});
