import { AuthenticationError, Redress } from '@redress/sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../../apps/portal/src/http/clock';
import { type Portal, startPortal } from './portal';
import { type FaultProxy, startProxy } from './proxy';

let clock: ManualClock;
let portal: Portal;
let proxy: FaultProxy;

beforeAll(async () => {
  clock = new ManualClock(Date.now());
  portal = await startPortal({ clock });
  proxy = await startProxy(portal.url);
});
afterEach(() => {
  proxy.seen.length = 0;
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});
afterAll(async () => {
  await proxy.close();
  await portal.close();
});

const tokenCalls = () => proxy.count('POST', '/oauth/token');
const client = () => new Redress({ baseUrl: proxy.url, ...portal.clients.merchantA });

describe('client credentials', () => {
  it('fetch a token once and reuse it', async () => {
    const redress = client();
    for (let i = 0; i < 5; i++) await redress.merchant.get();
    expect(tokenCalls()).toBe(1);
    expect(proxy.seen.find((s) => s.path === '/oauth/token')?.body).toMatch(/grant_type=client_credentials/);
  });

  it('make one token request however many calls wait for it', async () => {
    const redress = client();
    const answers = await Promise.all(Array.from({ length: 12 }, () => redress.merchant.get()));
    expect(answers).toHaveLength(12);
    expect(tokenCalls()).toBe(1);
  });

  it('refresh once and retry when the portal refuses an expired token', async () => {
    const redress = client();
    await redress.merchant.get();
    clock.advance(901_000);
    const statuses: number[] = [];
    const watched = new Redress({
      baseUrl: proxy.url,
      ...portal.clients.merchantA,
      onResponse: ({ status }) => statuses.push(status),
    });
    await watched.merchant.get();
    clock.advance(901_000);
    statuses.length = 0;
    expect((await watched.merchant.get()).id).toBe(portal.merchantA.id);
    expect(statuses).toEqual([401, 200, 200]);
    expect((await redress.merchant.get()).id).toBe(portal.merchantA.id);
  });

  it('refresh 60 s before expiry, without a refused request', async () => {
    const statuses: number[] = [];
    const redress = new Redress({
      baseUrl: proxy.url,
      ...portal.clients.merchantA,
      onResponse: ({ status, url }) => statuses.push(url.includes('/oauth/') ? -status : status),
    });
    await redress.merchant.get();
    const now = Date.now();
    vi.spyOn(Date, 'now').mockReturnValue(now + 845_000);
    await redress.merchant.get();
    expect(statuses).toEqual([-200, 200, -200, 200]);
  });

  it('do not loop on credentials the portal refuses', async () => {
    const fixed = new Redress({ baseUrl: proxy.url, accessToken: 'expired-or-wrong' });
    await expect(fixed.merchant.get()).rejects.toBeInstanceOf(AuthenticationError);
    expect(proxy.count('GET', '/api/v1/merchant')).toBe(1);
  });

  it('fall back to REDRESS_* environment variables', async () => {
    vi.stubEnv('REDRESS_BASE_URL', proxy.url);
    vi.stubEnv('REDRESS_CLIENT_ID', portal.clients.merchantA.clientId);
    vi.stubEnv('REDRESS_CLIENT_SECRET', portal.clients.merchantA.clientSecret);
    expect((await new Redress().merchant.get()).id).toBe(portal.merchantA.id);
    vi.unstubAllEnvs();
    const { access_token } = (await (
      await fetch(`${portal.url}/oauth/token`, {
        method: 'POST',
        body: new URLSearchParams({ grant_type: 'client_credentials', ...credentialsForm() }),
      })
    ).json()) as { access_token: string };
    vi.stubEnv('REDRESS_BASE_URL', proxy.url);
    vi.stubEnv('REDRESS_ACCESS_TOKEN', access_token);
    expect((await new Redress().merchant.get()).id).toBe(portal.merchantA.id);
  });

  it('never show the secret or a token to the logger or the hooks', async () => {
    const lines: string[] = [];
    const log = (message: string, data?: unknown) => lines.push(`${message} ${JSON.stringify(data)}`);
    let token = '';
    const redress = new Redress({
      baseUrl: proxy.url,
      ...portal.clients.merchantA,
      maxRetries: 1,
      logger: { debug: log, warn: log },
      onRequest: (info) => lines.push(JSON.stringify(info)),
      onResponse: (info) =>
        lines.push(JSON.stringify({ ...info, headers: Object.fromEntries(info.headers) })),
      fetch: async (url, init) => {
        const res = await fetch(url, init);
        if (String(url).includes('/oauth/token'))
          token = ((await res.clone().json()) as { access_token: string }).access_token;
        return res;
      },
    });
    proxy.set((req, seen) =>
      req.path === '/api/v1/merchant' && !seen.some((s) => s.path === '/api/v1/merchant')
        ? { kind: 'reply', status: 503 }
        : { kind: 'forward' },
    );
    await redress.merchant.get();
    proxy.set(() => ({ kind: 'forward' }));
    const all = lines.join('\n');
    expect(lines.length).toBeGreaterThan(4);
    expect(all).toContain('redress: retrying');
    expect(all).toContain('[redacted]');
    expect(token.length).toBeGreaterThan(20);
    expect(all).not.toContain(token);
    expect(all).not.toContain(portal.clients.merchantA.clientSecret);
  });
});

function credentialsForm() {
  return {
    client_id: portal.clients.merchantA.clientId,
    client_secret: portal.clients.merchantA.clientSecret,
  };
}
