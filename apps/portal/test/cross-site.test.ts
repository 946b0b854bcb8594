import { describe, expect, it } from 'vitest';
import { safeNext } from '../src/auth/routes';
import {
  allCounts,
  complaintAsStaff,
  expectProblem,
  postSignInForm,
  type TestWorld,
  testWorld,
} from './harness';

/**
 * The browser cannot be turned against its user: a write authenticated by the session cookie
 * must come from the portal's own pages, and the address after sign-in stays on the portal.
 */

/** A request as a browser sends it with the session cookie, with exactly the headers given. */
async function send(
  w: TestWorld,
  cookie: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
) {
  const res = await w.app.request(path, { method, headers: { Cookie: cookie, ...headers }, body });
  const text = await res.text();
  let json: any = text;
  try {
    json = JSON.parse(text);
  } catch {}
  return { status: res.status, body: json, headers: res.headers };
}

const FOREIGN: Record<string, Record<string, string>> = {
  'a foreign Origin': { Origin: 'https://evil.example' },
  'Sec-Fetch-Site: cross-site, no Origin': { 'Sec-Fetch-Site': 'cross-site' },
  'Sec-Fetch-Site: same-site': { 'Sec-Fetch-Site': 'same-site', Origin: 'https://sub.localhost' },
  'neither Origin nor Sec-Fetch-Site': {},
  'Origin: null': { Origin: 'null' },
};

const BODIES: Record<string, { headers: Record<string, string>; body?: string }> = {
  'no body': { headers: {} },
  'text/plain': { headers: { 'Content-Type': 'text/plain' }, body: '{"reason":"x"}' },
  'a form': { headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'reason=x' },
  JSON: { headers: { 'Content-Type': 'application/json' }, body: '{"reason":"消费者撤诉"}' },
};

describe('cookie-authenticated writes to the API', () => {
  it('are refused (403 problem+json) from another site, whatever the body, and change nothing', async () => {
    const w = await testWorld();
    const c = await w.intake();
    const before = await allCounts(w);
    for (const [from, originHeaders] of Object.entries(FOREIGN)) {
      for (const [kind, { headers, body }] of Object.entries(BODIES)) {
        const res = await send(
          w,
          w.admin.cookie,
          'POST',
          `/api/v1/complaints/${c.id}/withdraw`,
          { ...headers, ...originHeaders },
          body,
        );
        expectProblem(res, 403, `${from}, ${kind}`);
        expect(res.body.type).toMatch(/cross-site$/);
      }
    }
    for (const method of ['PUT', 'PATCH', 'DELETE']) {
      const res = await send(w, w.admin.cookie, method, `/api/v1/stations/${w.stationA.id}`, {
        Origin: 'https://evil.example',
        'Content-Type': 'application/json',
      });
      expectProblem(res, 403, method);
    }
    expect((await complaintAsStaff(w, c.id)).status).toBe('assigned');
    expect(await allCounts(w)).toEqual(before);
  });

  it('work from the portal’s own pages (same Origin, or Sec-Fetch-Site: same-origin)', async () => {
    const w = await testWorld({ config: { publicUrl: 'https://portal.example' } });
    const c1 = await w.intake();
    const c2 = await w.intake();
    const c3 = await w.intake();
    const json = { 'Content-Type': 'application/json' };
    // The public origin; and the process's own (addressed directly, behind no proxy).
    for (const [c, origin] of [
      [c1, 'https://portal.example'],
      [c2, 'http://localhost'],
    ] as const) {
      const res = await send(
        w,
        w.admin.cookie,
        'POST',
        `/api/v1/complaints/${c.id}/withdraw`,
        { ...json, Origin: origin },
        '{"reason":"消费者撤诉"}',
      );
      expect(res.status, `${origin}: ${JSON.stringify(res.body)}`).toBe(200);
    }
    const byFetchSite = await send(w, w.admin.cookie, 'POST', `/api/v1/complaints/${c3.id}/withdraw`, {
      'Sec-Fetch-Site': 'same-origin',
    });
    expect(byFetchSite.status).toBe(200);
    // Reads are not writes: a GET from anywhere answers.
    const read = await send(w, w.admin.cookie, 'GET', `/api/v1/complaints/${c1.id}`, {
      Origin: 'https://evil.example',
      'Sec-Fetch-Site': 'cross-site',
    });
    expect(read.status).toBe(200);
  });

  it('leave Bearer-token calls alone, even with a foreign Origin or a cookie beside them', async () => {
    const w = await testWorld();
    const c = await w.intake();
    const res = await w.call(w.actors.staff, 'POST', `/api/v1/complaints/${c.id}/withdraw`, undefined, {
      Origin: 'https://evil.example',
      'Sec-Fetch-Site': 'cross-site',
      Cookie: w.admin.cookie,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.status).toBe('withdrawn');
  });
});

describe('POST /logout', () => {
  it('from another site keeps the session (403), whatever the body; from the page it ends it', async () => {
    const w = await testWorld();
    const u = await w.user('merchant_agent', { merchantId: w.merchantA.id });
    for (const [from, originHeaders] of Object.entries(FOREIGN)) {
      for (const [kind, { headers, body }] of Object.entries(BODIES)) {
        const res = await send(w, u.cookie, 'POST', '/logout', { ...headers, ...originHeaders }, body);
        expect(res.status, `${from}, ${kind}`).toBe(403);
        expect(res.headers.get('Set-Cookie'), `${from}, ${kind}`).toBeNull();
      }
    }
    expect((await w.call(u, 'GET', '/api/v1/complaints')).status).toBe(200);
    const own = await send(w, u.cookie, 'POST', '/logout', {
      Accept: 'application/json',
      'Sec-Fetch-Site': 'same-origin',
    });
    expect(own.status).toBe(204);
    expect((await w.call(u, 'GET', '/api/v1/complaints')).status).toBe(401);
  });
});

describe('next after sign-in', () => {
  it('only ever leads to a path of the portal', () => {
    for (const bad of [
      '//evil.example',
      '/\\evil.example',
      '/\t/evil.example',
      '/\n/evil.example',
      '/\r\n/evil.example',
      '/..//evil.example',
      '/.//evil.example',
      'https://evil.example/',
      'javascript:alert(1)',
      ' /inbox',
      '',
      undefined,
    ]) {
      expect(safeNext(bad), JSON.stringify(bad)).toBe('/');
    }
    expect(safeNext('/complaints/cmp_1?status=new#top')).toBe('/complaints/cmp_1?status=new#top');
    expect(safeNext('/%09/evil.example')).toBe('/%09/evil.example'); // stays a path: never decoded again
    for (const weird of ['/a\nb', '/in\u0000box', '/收件箱', '/x?q=\u0007']) {
      expect(safeNext(weird), JSON.stringify(weird)).toMatch(/^\/[\x21-\x7e]*$/);
    }
  });

  it('a sign-in with a next that leaves the portal, or carries control characters, goes home and is never a 500', async () => {
    const w = await testWorld();
    const m = await w.user('merchant_agent', { merchantId: w.merchantA.id });
    const form = (next: string) => postSignInForm(w, { email: m.email, password: m.password, next });
    for (const next of ['/\t/evil.example', '//evil.example', '/\\evil.example', '/\n', '/%0a']) {
      const res = await form(next);
      expect(res.status, JSON.stringify(next)).toBe(303);
      const location = res.headers.get('Location')!;
      expect(new URL(location, 'http://localhost').origin, JSON.stringify(next)).toBe('http://localhost');
      expect(location).not.toMatch(/^\/\//);
    }
    expect((await form('/inbox?status=new')).headers.get('Location')).toBe('/inbox?status=new');
    // The sign-in page's own query: decoded %09 and %0a are refused, never a 500.
    for (const query of [
      '/%09/evil.example',
      '%0a',
      '/%0a',
      '/%0d%0aSet-Cookie:x=1',
      '%2F%09%2Fevil.example',
    ]) {
      const page = await w.app.request(`/login?next=${query}`, { headers: { Accept: 'text/html' } });
      expect(page.status, query).toBe(200);
      const html = await page.text();
      const hidden = /name="next" value="([^"]*)"/.exec(html)?.[1];
      expect(hidden, query).toMatch(/^\/(?!\/)[\x21-\x7e]*$/);
      expect(hidden, query).not.toMatch(/evil/);
      const signedIn = await w.app.request(`/login?next=${query}`, {
        headers: { Accept: 'text/html', Cookie: m.cookie },
      });
      expect(signedIn.status, query).toBe(303);
      expect(new URL(signedIn.headers.get('Location')!, 'http://localhost').origin).toBe('http://localhost');
    }
  });
});
