import { describe, expect, it } from 'vitest';
import { complaintIn, type TestWorld, testWorld } from '../../test/harness';

/** The portal's pages through `app.request()`: language, roles, the form token, refused forms. */

const ORIGIN = 'http://localhost';

async function get(w: TestWorld, path: string, headers: Record<string, string> = {}) {
  const res = await w.app.request(path, { headers: { Accept: 'text/html', ...headers } });
  return { status: res.status, html: await res.text(), headers: res.headers };
}

const tokenIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

async function post(
  w: TestWorld,
  path: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
) {
  const res = await w.app.request(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: ORIGIN, ...headers },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: res.status, html: await res.text(), headers: res.headers };
}

describe('language', () => {
  it('speaks Simplified Chinese by default, English on ?lang=en (remembered) or Accept-Language', async () => {
    const w = await testWorld();
    const zh = await get(w, '/login');
    expect(zh.status).toBe(200);
    expect(zh.html).toMatch(/^<!DOCTYPE html><html lang="zh-CN">/);
    expect(zh.html).toContain('<label for="login-email">邮箱');

    const en = await get(w, '/login?lang=en');
    expect(en.html).toContain('<html lang="en">');
    expect(en.html).toContain('Sign in');
    const cookie = en.headers.get('Set-Cookie')?.split(';')[0] ?? '';
    expect(cookie).toBe('redress_lang=en');
    expect((await get(w, '/login', { Cookie: cookie })).html).toContain('<html lang="en">');

    expect((await get(w, '/login', { 'Accept-Language': 'en-GB,en;q=0.8' })).html).toContain(
      '<html lang="en">',
    );
    expect((await get(w, '/login', { 'Accept-Language': 'fr, zh-CN;q=0.5' })).html).toContain('lang="zh-CN"');
  });

  it('labels statuses with the glossary words in both languages', async () => {
    const w = await testWorld();
    const c = await w.intake();
    const m = await w.user('merchant_agent', { merchantId: w.merchantA.id });
    expect((await get(w, `/complaints/${c.id}`, { Cookie: m.cookie })).html).toContain('待受理');
    expect((await get(w, `/complaints/${c.id}?lang=en`, { Cookie: m.cookie })).html).toContain('Assigned');
  });
});

describe('roles', () => {
  it('sends a visitor to sign in, and each role home from /', async () => {
    const w = await testWorld();
    const anonymous = await get(w, '/inbox?status=assigned');
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('Location')).toBe('/login?next=%2Finbox%3Fstatus%3Dassigned');
    const station = await w.user('station_operator', { stationId: w.stationA.id });
    expect((await get(w, '/', { Cookie: station.cookie })).headers.get('Location')).toBe('/station');
    const staff = await w.user('commission_staff');
    expect((await get(w, '/', { Cookie: staff.cookie })).headers.get('Location')).toBe('/dashboard');
  });

  it('refuses a page to a role that may not use it with the 403 page', async () => {
    const w = await testWorld();
    const agent = await w.user('merchant_agent', { merchantId: w.merchantA.id });
    const station = await w.user('station_operator', { stationId: w.stationA.id });
    for (const [who, path] of [
      [agent, '/settings'],
      [agent, '/staff'],
      [agent, '/station'],
      [agent, '/intake'],
      [station, '/staff'],
    ] as const) {
      const res = await get(w, path, { Cookie: who.cookie });
      expect(res.status, path).toBe(403);
      expect(res.html).toContain('无权访问');
    }
  });

  it("shows another merchant's complaint as the 404 page", async () => {
    const w = await testWorld();
    const c = await w.intake();
    const other = await w.user('merchant_admin', { merchantId: w.merchantB.id });
    const res = await get(w, `/complaints/${c.id}`, { Cookie: other.cookie });
    expect(res.status).toBe(404);
    expect(res.html).toContain('页面不存在');
    expect(res.html).not.toContain(c.subject);
  });

  it('answers an unknown page with HTML and an unknown API path with problem+json', async () => {
    const w = await testWorld();
    const page = await get(w, '/no-such-page');
    expect(page.status).toBe(404);
    expect(page.headers.get('Content-Type')).toMatch(/text\/html/);
    const api = await w.call(w.actors.staff, 'GET', '/api/v1/no-such-thing', undefined, {
      Accept: 'text/html',
    });
    expect(api.status).toBe(404);
    expect(api.headers.get('Content-Type')).toMatch(/problem\+json/);
  });
});

describe('CSRF', () => {
  it('refuses a page POST without the form token, or from another origin, with the 403 page', async () => {
    const w = await testWorld();
    const c = await w.intake();
    const m = await w.user('merchant_agent', { merchantId: w.merchantA.id });
    const token = tokenIn((await get(w, `/complaints/${c.id}`, { Cookie: m.cookie })).html);
    expect(token).not.toBe('');

    const noToken = await post(w, `/complaints/${c.id}/acknowledge`, {}, { Cookie: m.cookie });
    expect(noToken.status).toBe(403);
    expect(noToken.html).toContain('表单已过期或并非来自本站');
    const wrongToken = await post(
      w,
      `/complaints/${c.id}/acknowledge`,
      { _csrf: `${token}x` },
      { Cookie: m.cookie },
    );
    expect(wrongToken.status).toBe(403);
    const foreign = await post(
      w,
      `/complaints/${c.id}/acknowledge`,
      { _csrf: token },
      { Cookie: m.cookie, Origin: 'https://evil.example' },
    );
    expect(foreign.status).toBe(403);
    // Another session's token is not this session's.
    const other = await w.user('merchant_agent', { merchantId: w.merchantA.id });
    const stolen = await post(
      w,
      `/complaints/${c.id}/acknowledge`,
      { _csrf: token },
      { Cookie: other.cookie },
    );
    expect(stolen.status).toBe(403);
    expect((await w.call(w.actors.staff, 'GET', `/api/v1/complaints/${c.id}`)).body.status).toBe('assigned');

    const ok = await post(w, `/complaints/${c.id}/acknowledge`, { _csrf: token }, { Cookie: m.cookie });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('Location')).toBe(`/complaints/${c.id}`);
    expect((await w.call(w.actors.staff, 'GET', `/api/v1/complaints/${c.id}`)).body.status).toBe(
      'acknowledged',
    );
  });

  it('checks the origin of the sign-in form and the token of the sign-out form', async () => {
    const w = await testWorld();
    const m = await w.user('merchant_agent', { merchantId: w.merchantA.id });
    const forged = await post(
      w,
      '/login',
      { email: m.email, password: m.password },
      { Origin: 'https://evil.example' },
    );
    expect(forged.status).toBe(403);
    expect(forged.headers.get('Set-Cookie')).toBeNull();
    const logout = await post(w, '/logout', {}, { Cookie: m.cookie });
    expect(logout.status).toBe(403);
    expect((await get(w, '/inbox', { Cookie: m.cookie })).status).toBe(200);
  });
});

describe('forms', () => {
  it('re-renders a refused form with 422, the error beside the field and what was typed', async () => {
    const w = await testWorld();
    const c = await complaintIn(w, 'acknowledged');
    const m = await w.user('merchant_agent', { merchantId: w.merchantA.id });
    const token = tokenIn((await get(w, `/complaints/${c.id}`, { Cookie: m.cookie })).html);
    const res = await post(
      w,
      `/complaints/${c.id}/proposals`,
      { _csrf: token, outcome: 'refund', amount: '12.345', terms: '退还安装费，三日内到账' },
      { Cookie: m.cookie },
    );
    expect(res.status).toBe(422);
    expect(res.html).toContain('value="12.345"');
    expect(res.html).toContain('退还安装费，三日内到账</textarea>');
    expect(res.html).toMatch(
      /id="propose-amount"[^>]*aria-invalid="true"[^>]*aria-describedby="propose-amount-error"/,
    );
    expect(res.html).toContain(
      '<small id="propose-amount-error" class="field-error">请输入金额，如 128 或 128.50</small>',
    );
    expect(res.html).toMatch(/<details open="">\s*<summary>提出和解方案/);
    expect((await w.call(w.actors.staff, 'GET', `/api/v1/complaints/${c.id}`)).body.status).toBe(
      'acknowledged',
    );

    const ok = await post(
      w,
      `/complaints/${c.id}/proposals`,
      { _csrf: token, outcome: 'refund', amount: '128.50', terms: '退还安装费' },
      { Cookie: m.cookie },
    );
    expect(ok.status).toBe(303);
    const after = await get(w, ok.headers.get('Location')!, {
      Cookie: `${m.cookie}; ${ok.headers.get('Set-Cookie')?.split(';')[0]}`,
    });
    expect(after.html).toContain('和解方案已发送给消费者。');
    expect(after.html).toContain('¥128.50');
  });

  it('refuses a settlement the consumer did not agree to, next to the checkbox', async () => {
    const w = await testWorld();
    const c = await complaintIn(w, 'acknowledged');
    const m = await w.user('merchant_agent', { merchantId: w.merchantA.id });
    const token = tokenIn((await get(w, `/complaints/${c.id}`, { Cookie: m.cookie })).html);
    const res = await post(
      w,
      `/complaints/${c.id}/settlement`,
      { _csrf: token, outcome: 'repair', amount: '0', note: '上门维修' },
      { Cookie: m.cookie },
    );
    expect(res.status).toBe(422);
    expect(res.html).toContain('settle-consumerAccepted-error');
    expect(res.html).toContain('上门维修</textarea>');
  });

  it('posts each action to the API’s slug: the two answers to a proposal are one action told by `accept`', async () => {
    const w = await testWorld();
    const staff = await w.user('commission_staff');
    const forms = async (id: string) => {
      const page = await get(w, `/complaints/${id}`, { Cookie: staff.cookie });
      return { html: page.html, token: tokenIn(page.html) };
    };
    const rejected = await complaintIn(w, 'proposed');
    const { html, token } = await forms(rejected.id);
    const answers = [
      ...html.matchAll(
        /<form method="post" action="([^"]+)"[^>]*>\s*<input type="hidden" name="_csrf"[^>]*\/?>\s*<input type="hidden" name="accept" value="(true|false)"/g,
      ),
    ].map((m) => [m[1], m[2]]);
    expect(answers).toEqual([
      [`/complaints/${rejected.id}/proposal-answers`, 'true'],
      [`/complaints/${rejected.id}/proposal-answers`, 'false'],
    ]);
    expect(html).toContain(`action="/complaints/${rejected.id}/messages"`);
    const no = await post(
      w,
      `/complaints/${rejected.id}/proposal-answers`,
      { _csrf: token, accept: 'false', comment: '消费者电话拒绝' },
      { Cookie: staff.cookie },
    );
    expect(no.status).toBe(303);
    expect((await w.call(w.actors.staff, 'GET', `/api/v1/complaints/${rejected.id}`)).body.status).toBe(
      'escalated',
    );

    const accepted = await complaintIn(w, 'proposed');
    const yes = await post(
      w,
      `/complaints/${accepted.id}/proposal-answers`,
      { _csrf: (await forms(accepted.id)).token, accept: 'true' },
      { Cookie: staff.cookie },
    );
    expect(yes.status).toBe(303);
    expect((await w.call(w.actors.staff, 'GET', `/api/v1/complaints/${accepted.id}`)).body.status).toBe(
      'settled',
    );
    // The page's old addresses are gone: one slug per action, the API's.
    const old = await post(
      w,
      `/complaints/${accepted.id}/info-request`,
      { _csrf: token, body: '请补充' },
      { Cookie: staff.cookie },
    );
    expect(old.status).toBe(404);
  });

  it('keeps the typed email when sign-in fails', async () => {
    const w = await testWorld();
    const res = await post(w, '/login', { email: 'wang@example.cn', password: 'wrong password' });
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/login?error=credentials');
    const cookie = res.headers.get('Set-Cookie')?.split(';')[0] ?? '';
    const page = await get(w, '/login?error=credentials', { Cookie: cookie });
    expect(page.html).toContain('邮箱或密码不正确');
    expect(page.html).toContain('value="wang@example.cn"');
  });

  it('shows the whole phone number only on request, and audits that read', async () => {
    const w = await testWorld();
    const c = await w.intake();
    const m = await w.user('merchant_agent', { merchantId: w.merchantA.id });
    const audits = async () => (await w.runtime.db.selectFrom('audit_log').selectAll().execute()).length;
    const before = await audits();
    const pageHtml = (await get(w, `/complaints/${c.id}`, { Cookie: m.cookie })).html;
    expect(pageHtml).toContain('138****5678');
    expect(pageHtml).not.toContain('13812345678');
    expect(await audits()).toBe(before);
    const revealed = await post(
      w,
      `/complaints/${c.id}/reveal-phone`,
      { _csrf: tokenIn(pageHtml) },
      { Cookie: m.cookie },
    );
    expect(revealed.status).toBe(200);
    expect(revealed.html).toContain('13812345678');
    expect(await audits()).toBe(before + 1);
  });
});
