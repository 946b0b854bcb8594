import { describe, expect, it } from 'vitest';
import { signConsumerLink } from '../src/auth/tokens';
import { postSignInForm, type TestWorld, testWorld } from './harness';

/**
 * Every answer of every route, page and API, signed in and not: the security headers are there.
 * The routes come from the app's own table, so a route added later is checked without editing this.
 */

const SAFE = new Set(['GET', 'HEAD']);

/** Every route of the app with its parameters filled in from a world (a complaint, a consumer link). */
async function everyRequest(w: TestWorld) {
  const c = await w.intake();
  const link = await signConsumerLink(w.runtime.keys, w.clock, c.id, 7 * 86_400);
  const values: Record<string, string> = { id: c.id, token: link };
  const seen = new Set<string>();
  const requests: { method: string; path: string }[] = [];
  for (const route of w.app.routes) {
    if (route.method === 'ALL' || route.path.includes('*')) continue;
    const path = route.path.replace(/:(\w+)(\{[^}]*\})?/g, (_, name: string) => values[name] ?? 'x');
    const key = `${route.method} ${path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    requests.push({ method: route.method, path });
  }
  return { complaint: c, requests };
}

function expectPageHeaders(headers: Headers, label: string, https: boolean) {
  const csp = headers.get('Content-Security-Policy') ?? '';
  expect(csp, label).toMatch(/frame-ancestors 'none'/);
  expect(csp, label).toMatch(/script-src 'none'/);
  expect(csp, label).toMatch(/default-src 'none'/);
  expect(csp, label).not.toMatch(/unsafe-inline|unsafe-eval/);
  expect(headers.get('X-Content-Type-Options'), label).toBe('nosniff');
  expect(headers.get('Referrer-Policy'), label).toBe('same-origin');
  expect(headers.get('X-Frame-Options'), label).toBe('DENY');
  if (https) expect(headers.get('Strict-Transport-Security'), label).toMatch(/^max-age=\d{7,}/);
  else expect(headers.get('Strict-Transport-Security'), label).toBeNull();
}

describe('security headers', () => {
  for (const https of [false, true]) {
    it(`are on every page and API answer, signed in and not (public URL ${https ? 'https' : 'http'})`, async () => {
      const w = await testWorld(https ? { config: { publicUrl: 'https://portal.example' } } : {});
      const { requests } = await everyRequest(w);
      expect(requests.length).toBeGreaterThan(60);
      let pages = 0;
      let api = 0;
      for (const { method, path } of requests) {
        const isApi = path.startsWith('/api/v1/');
        const who: Record<string, string>[] = [
          {},
          isApi
            ? { Authorization: `Bearer ${w.actors.staff.token}` }
            : { Cookie: w.admin.cookie, Origin: 'http://localhost' },
        ];
        for (const credentials of who) {
          const label = `${method} ${path} ${credentials.Authorization ? 'bearer' : credentials.Cookie ? 'cookie' : 'anonymous'}`;
          const res = await w.app.request(path, {
            method,
            headers: { Accept: isApi ? 'application/json' : 'text/html', ...credentials },
            body: SAFE.has(method) ? undefined : '',
          });
          expect(res.status, label).toBeLessThan(500);
          expectPageHeaders(res.headers, label, https);
          if (/text\/html/.test(res.headers.get('Content-Type') ?? '')) pages++;
          if (isApi) {
            api++;
            // Public documents (the OpenAPI description) may be cached; everything else is private.
            const cache = res.headers.get('Cache-Control');
            if (path === '/api/v1/openapi.json') expect(cache, label).toMatch(/^public/);
            else expect(cache, label).toBe('no-store');
          }
          await res.arrayBuffer();
        }
      }
      expect(pages).toBeGreaterThan(10);
      expect(api).toBeGreaterThan(60);
    });
  }

  it('the answers with a consumer’s whole phone number are not to be stored', async () => {
    const w = await testWorld();
    const c = await w.intake();
    const full = await w.call(w.actors.merchantA, 'GET', `/api/v1/complaints/${c.id}`);
    expect(full.body.consumer.phone).toBe('13812345678');
    expect(full.headers.get('Cache-Control')).toBe('no-store');
    expect(full.headers.get('X-Content-Type-Options')).toBe('nosniff');
    const acknowledged = await w.call(w.actors.merchantA, 'POST', `/api/v1/complaints/${c.id}/acknowledge`);
    expect(acknowledged.headers.get('Cache-Control')).toBe('no-store');
    const page = await w.app.request(`/complaints/${c.id}`, { headers: { Cookie: w.admin.cookie } });
    expect(page.headers.get('Cache-Control')).toBe('no-store');
  });

  it('the inline style of /api/docs is the one the policy admits by its hash', async () => {
    const w = await testWorld();
    const res = await w.app.request('/api/docs');
    const html = await res.text();
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
    expect(style).toContain('"PingFang SC"'); // as written, not HTML-escaped
    const { createHash } = await import('node:crypto');
    const hash = createHash('sha256').update(style).digest('base64');
    expect(res.headers.get('Content-Security-Policy')).toContain(`'sha256-${hash}'`);
    expect(html).not.toMatch(/<script|\son[a-z]+=/i);
  });
});

describe('cookies', () => {
  const login = async (w: TestWorld) => {
    const u = await w.user('merchant_agent', { merchantId: w.merchantA.id });
    const res = await w.app.request('/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: u.email, password: u.password }),
    });
    return res.headers.get('Set-Cookie') ?? '';
  };

  it('the session cookie is Secure when the public URL is https, or in production mode', async () => {
    expect(await login(await testWorld({ config: { publicUrl: 'https://portal.example' } }))).toMatch(
      /; Secure/,
    );
    expect(await login(await testWorld({ config: { mode: 'production' } }))).toMatch(/; Secure/);
    const plain = await login(await testWorld());
    expect(plain).toMatch(/^redress_session=.*HttpOnly/);
    expect(plain).not.toMatch(/Secure/);
  });

  it('the page cookies (language, flash, typed email) follow the same rule', async () => {
    const w = await testWorld({ config: { mode: 'production' } });
    const lang = await w.app.request('/login?lang=en');
    expect(lang.headers.get('Set-Cookie')).toMatch(/^redress_lang=en;.*Secure/);
    const failed = await postSignInForm(w, { email: 'nobody@example.cn', password: 'wrong' });
    expect(failed.headers.get('Set-Cookie')).toMatch(/^redress_login_email=.*Secure/);
  });
});
