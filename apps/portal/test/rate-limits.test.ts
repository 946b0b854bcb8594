import { describe, expect, it } from 'vitest';
import { createApp } from '../src/app';
import { RATE_LIMIT_DEFAULTS, type RateLimitConfig } from '../src/config';
import { SYSTEM } from '../src/http/principal';
import { MemoryRateLimitStore } from '../src/rate-limits/store';
import { createUser } from '../src/users/service';
import { expectProblem, postSignInForm, type TestWorld, testWorld } from './harness';

/** Guessing and flooding are limited: sign-ins, token requests and API calls (on the test's database). */

const limits = (overrides: Partial<RateLimitConfig>) => ({
  config: { rateLimits: { ...RATE_LIMIT_DEFAULTS, ...overrides } },
});

async function signIn(w: TestWorld, email: string, password: string, headers: Record<string, string> = {}) {
  const res = await w.app.request('/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify({ email, password }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

/** What an answer says, without what differs on every request (its id). */
function shape(res: Awaited<ReturnType<typeof signIn>>) {
  const { requestId: _, ...body } = res.body ?? {};
  const headers = [...res.headers.entries()]
    .filter(([name]) => !['x-request-id', 'content-length'].includes(name))
    .sort();
  return { status: res.status, body, headers };
}

describe('failed sign-ins', () => {
  it('lock the account after 5: the 6th is 429 with Retry-After, the right password too; after the wait it works', async () => {
    const w = await testWorld();
    const u = await w.user('merchant_agent', { merchantId: w.merchantA.id });
    for (let i = 1; i <= 5; i++) {
      const res = await signIn(w, u.email, `wrong ${i}`);
      expectProblem(res, 401, `failure ${i}`);
    }
    const sixth = await signIn(w, u.email, 'wrong 6');
    expectProblem(sixth, 429, 'sixth');
    expect(sixth.headers.get('Retry-After')).toBe('60');
    expect(sixth.headers.get('RateLimit-Limit')).toBe('5');
    expect(sixth.headers.get('RateLimit-Remaining')).toBe('0');
    expect(sixth.headers.get('RateLimit-Reset')).toBe('60');
    // The right password during the wait: refused the same way, so the wait tells nothing.
    const right = await signIn(w, u.email, u.password);
    expect(shape(right)).toEqual(shape(sixth));
    expect(right.headers.get('Set-Cookie')).toBeNull();
    // The email in another spelling is the same account.
    expect((await signIn(w, `  ${u.email.toUpperCase()} `, u.password)).status).toBe(429);

    w.clock.advance(30_000);
    expect((await signIn(w, u.email, u.password)).headers.get('Retry-After')).toBe('30');
    w.clock.advance(30_000);
    const after = await signIn(w, u.email, u.password);
    expect(after.status, JSON.stringify(after.body)).toBe(200);
    expect(after.headers.get('Set-Cookie')).toMatch(/^redress_session=/);
  });

  it('lock longer each time in a row (1, 2, 4 minutes … at most an hour); a success forgives', async () => {
    const w = await testWorld(limits({ lockoutMaxSeconds: 300 }));
    const u = await w.user('merchant_agent', { merchantId: w.merchantA.id });
    const waits: string[] = [];
    for (let run = 0; run < 4; run++) {
      for (let i = 0; i < 5; i++) expect((await signIn(w, u.email, 'wrong')).status).toBe(401);
      const refused = await signIn(w, u.email, u.password);
      expect(refused.status).toBe(429);
      waits.push(refused.headers.get('Retry-After')!);
      w.clock.advance(Number(refused.headers.get('Retry-After')) * 1000);
    }
    expect(waits).toEqual(['60', '120', '240', '300']);
    expect((await signIn(w, u.email, u.password)).status).toBe(200);
    for (let i = 0; i < 5; i++) await signIn(w, u.email, 'wrong');
    expect((await signIn(w, u.email, u.password)).headers.get('Retry-After')).toBe('60');
  });

  it('hold against a burst of guesses sent at once: at most 5 are tried, the rest and the right password are 429', async () => {
    const w = await testWorld();
    const u = await w.user('merchant_agent', { merchantId: w.merchantA.id });
    const burst = await Promise.all(Array.from({ length: 20 }, (_, i) => signIn(w, u.email, `guess ${i}`)));
    const statuses = burst.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
    expect((await signIn(w, u.email, u.password)).status).toBe(429);
  });

  it('lock an unknown email exactly as a known one: the same answers in the same order', async () => {
    const w = await testWorld();
    const u = await w.user('merchant_agent', { merchantId: w.merchantA.id });
    const known: unknown[] = [];
    const unknown: unknown[] = [];
    for (let i = 0; i < 7; i++) {
      known.push(shape(await signIn(w, u.email, 'wrong')));
      unknown.push(shape(await signIn(w, 'nobody@example.cn', 'wrong')));
    }
    expect(unknown).toEqual(known);
    expect((known[6] as { status: number }).status).toBe(429);
  });

  it('from one address are limited across accounts (credential stuffing); another address goes on', async () => {
    const w = await testWorld(limits({ signInAddressFailures: 3, trustProxy: true }));
    const u = await w.user('merchant_agent', { merchantId: w.merchantA.id });
    const from = (ip: string) => ({ 'X-Forwarded-For': `203.0.113.9, ${ip}` });
    for (let i = 0; i < 3; i++) {
      expect((await signIn(w, `guess${i}@example.cn`, 'password', from('198.51.100.7'))).status).toBe(401);
    }
    const refused = await signIn(w, u.email, u.password, from('198.51.100.7'));
    expectProblem(refused, 429, 'address');
    expect(refused.headers.get('RateLimit-Limit')).toBe('3');
    expect(Number(refused.headers.get('Retry-After'))).toBe(900);
    // The client's own claim (the first entry) is not the address: only the proxy's last one is.
    expect(
      (await signIn(w, u.email, u.password, { 'X-Forwarded-For': '198.51.100.7, 192.0.2.1' })).status,
    ).toBe(200);
    w.clock.advance(900_000);
    expect((await signIn(w, u.email, u.password, from('198.51.100.7'))).status).toBe(200);
  });

  it('from one address count only failures: an office signing in many people is not stopped', async () => {
    const w = await testWorld(limits({ signInAddressFailures: 3, trustProxy: true }));
    const office = { 'X-Forwarded-For': '198.51.100.20' };
    for (let i = 0; i < 6; i++) {
      const u = await w.user('merchant_agent', { merchantId: w.merchantA.id });
      expect((await signIn(w, u.email, u.password, office)).status, `sign-in ${i}`).toBe(200);
    }
    expect((await signIn(w, 'typo@example.cn', 'x', office)).status).toBe(401);
  });

  it('through the page form: the wait is a message beside the form, not a 500', async () => {
    const w = await testWorld();
    const u = await w.user('merchant_agent', { merchantId: w.merchantA.id });
    const form = (password: string) => postSignInForm(w, { email: u.email, password });
    for (let i = 0; i < 5; i++) {
      expect((await form('wrong')).headers.get('Location')).toBe('/login?error=credentials');
    }
    const locked = await form(u.password);
    expect(locked.status).toBe(303);
    expect(locked.headers.get('Location')).toBe('/login?error=wait');
    expect(locked.headers.get('Retry-After')).toBe('60');
    expect(locked.headers.get('Set-Cookie') ?? '').not.toMatch(/redress_session=/);
    const page = await w.app.request('/login?error=wait', { headers: { Accept: 'text/html' } });
    expect(await page.text()).toContain('登录失败次数过多，请稍候几分钟再试。');
  });
});

describe('a wrong password and an unknown email', () => {
  it('take the same time: the unknown email is checked against a dummy hash', async () => {
    const w = await testWorld(limits({ signInAccountFailures: 1000, signInAddressFailures: 1000 }));
    const system = { ...w.runtime, principal: SYSTEM };
    const emails: string[] = [];
    for (let i = 0; i < 6; i++) {
      const email = `timing${i}@example.cn`;
      await createUser(system, {
        email,
        password: 'correct horse battery',
        role: 'merchant_agent',
        merchantId: w.merchantA.id,
      });
      emails.push(email);
    }
    const time = async (email: string) => {
      const start = performance.now();
      const res = await signIn(w, email, 'wrong password');
      expect(res.status).toBe(401);
      return performance.now() - start;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    for (let round = 0; round < 2; round++) {
      for (const [i, email] of emails.entries()) {
        known.push(await time(email));
        unknown.push(await time(`missing${round}.${i}@example.cn`));
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const ratio = median(unknown) / median(known);
    // scrypt dominates both (tens of ms); without the dummy hash the unknown email answers in ~1 ms.
    expect(median(known)).toBeGreaterThan(5);
    expect(
      ratio,
      `known ${median(known).toFixed(1)} ms, unknown ${median(unknown).toFixed(1)} ms`,
    ).toBeGreaterThan(0.6);
    expect(ratio).toBeLessThan(1.6);
  });
});

describe('POST /oauth/token', () => {
  it('is limited per client id per minute (429, Retry-After, RateLimit headers); other clients go on', async () => {
    const w = await testWorld(limits({ tokenPerMinute: 3 }));
    const ask = (id: string, secret: string) =>
      w.app.request('/oauth/token', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: id, client_secret: secret }),
      });
    const { merchantA, merchantB } = w.actors;
    // Aligned to the minute: start at the top of one.
    w.clock.set(w.clock.now() - (w.clock.now() % 60_000));
    const first = await ask(merchantA.id, merchantA.secret!);
    expect(first.status).toBe(200);
    expect(first.headers.get('RateLimit-Limit')).toBe('3');
    expect(first.headers.get('RateLimit-Remaining')).toBe('2');
    expect(first.headers.get('RateLimit-Reset')).toBe('60');
    expect((await ask(merchantA.id, 'wrong secret')).status).toBe(401); // guesses count too
    expect((await ask(merchantA.id, merchantA.secret!)).headers.get('RateLimit-Remaining')).toBe('0');
    w.clock.advance(15_000);
    const refused = await ask(merchantA.id, merchantA.secret!);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('Content-Type')).toMatch(/problem\+json/);
    expect(refused.headers.get('Retry-After')).toBe('45');
    expect(refused.headers.get('RateLimit-Remaining')).toBe('0');
    expect((await ask(merchantB.id, merchantB.secret!)).status).toBe(200);
    w.clock.advance(45_000);
    expect((await ask(merchantA.id, merchantA.secret!)).status).toBe(200);
  });
});

describe('API calls', () => {
  it('are limited per principal per minute, with RateLimit headers on every answer', async () => {
    const w = await testWorld(limits({ apiPerMinute: 4 }));
    w.clock.set(w.clock.now() - (w.clock.now() % 60_000) + 10_000);
    await w.travel(w.clock.now());
    const remaining: (string | null)[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await w.call(w.actors.merchantA, 'GET', '/api/v1/complaints');
      expect(res.status).toBe(200);
      expect(res.headers.get('RateLimit-Limit')).toBe('4');
      remaining.push(res.headers.get('RateLimit-Remaining'));
    }
    expect(remaining).toEqual(['3', '2', '1', '0']);
    const refused = await w.call(w.actors.merchantA, 'GET', '/api/v1/complaints');
    expectProblem(refused, 429, 'fifth call');
    expect(refused.headers.get('Retry-After')).toBe('50');
    // Writes are calls too, and refused before they act.
    const write = await w.call(w.actors.merchantA, 'POST', '/api/v1/complaints/x/acknowledge');
    expect(write.status).toBe(429);
    // Another principal, and a signed-in user, count on their own.
    expect((await w.call(w.actors.merchantB, 'GET', '/api/v1/complaints')).status).toBe(200);
    expect((await w.call(w.admin, 'GET', '/api/v1/complaints')).headers.get('RateLimit-Remaining')).toBe('3');
    w.clock.advance(50_000);
    expect((await w.call(w.actors.merchantA, 'GET', '/api/v1/complaints')).status).toBe(200);
  });

  it('are counted in blocks by each process: never more than the limit between two, one count per block', async () => {
    // 200 a minute: blocks of 2. A second app over the same store is a second portal process.
    const w = await testWorld(limits({ apiPerMinute: 200 }));
    w.clock.set(w.clock.now() - (w.clock.now() % 60_000) + 10_000);
    await w.travel(w.clock.now());
    const other = createApp(w.runtime);
    const { merchantA } = w.actors;
    const key = `api:client:${merchantA.id}`;
    const get = (app: typeof other) =>
      app.request('/api/v1/complaints?limit=1', { headers: { Authorization: `Bearer ${merchantA.token}` } });
    const first = await get(w.app);
    expect(first.headers.get('RateLimit-Remaining')).toBe('199');
    expect((await w.runtime.rateLimits.read(key, w.clock.now()))?.hits).toBe(2);
    expect((await get(w.app)).headers.get('RateLimit-Remaining')).toBe('198');
    expect((await w.runtime.rateLimits.read(key, w.clock.now()))?.hits).toBe(2);
    const statuses: number[] = [first.status, 200];
    for (let i = 0; i < 218; i++) statuses.push((await get(i % 2 ? w.app : other)).status);
    // Exactly the limit admitted; one process may be refused while the other still holds a hit.
    expect(statuses.filter((s) => s === 200).length).toBe(200);
    expect(statuses.filter((s) => s === 429).length).toBe(20);
    expect(statuses.slice(205)).toEqual(Array(15).fill(429));
    // Refused calls are not counted again: at most one block past the limit.
    expect((await w.runtime.rateLimits.read(key, w.clock.now()))!.hits).toBeLessThanOrEqual(202);
    w.clock.advance(50_000);
    expect((await get(other)).status).toBe(200);
  });

  it('are generous by default: an integration paging through a thousand complaints is not stopped', async () => {
    expect(RATE_LIMIT_DEFAULTS.apiPerMinute).toBeGreaterThanOrEqual(1000);
    const w = await testWorld();
    let last: string | null = null;
    for (let i = 0; i < 50; i++) {
      const res = await w.call(w.actors.merchantA, 'GET', '/api/v1/complaints?limit=20');
      expect(res.status).toBe(200);
      last = res.headers.get('RateLimit-Remaining');
    }
    expect(Number(last)).toBe(RATE_LIMIT_DEFAULTS.apiPerMinute - 50 - 0);
  });
});

describe('the in-memory counters (SQLite)', () => {
  it('stay bounded: a flood of made-up keys is forgotten oldest first, and expired keys are dropped', async () => {
    const store = new MemoryRateLimitStore(100);
    const now = 1_000_000;
    const w = { now, windowMs: 60_000, start: now, expiresAt: now + 60_000 };
    for (let i = 0; i < 1000; i++) await store.increment(`signin:account:flood${i}@example.cn`, w);
    expect(store.size).toBeLessThanOrEqual(100);
    expect(await store.read('signin:account:flood999@example.cn', now)).not.toBeNull();
    expect(await store.read('signin:account:flood0@example.cn', now)).toBeNull();
    const later = { ...w, now: now + 61_000, start: now + 61_000, expiresAt: now + 121_000 };
    await store.increment('fresh', later);
    expect(store.size).toBe(1);
  });
});
