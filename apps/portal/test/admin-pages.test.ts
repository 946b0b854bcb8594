import { describe, expect, it } from 'vitest';
import { advance, countRows, type TestWorld, testWorld } from './harness';

/**
 * The commission admin's pages (issue 13) through `app.request()`, as a browser without
 * JavaScript sends them, on both databases: each action answers with a redirect and its flash;
 * a refused form comes back with the message beside the field and nothing written; every other
 * role gets the 403 page and no link to them.
 */

const ORIGIN = 'http://localhost';
const tokenIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
const errorOf = (html: string, id: string) =>
  new RegExp(`id="${id}-error" class="field-error">([^<]*)<`).exec(html)?.[1];

/** A valid GB 32100-2015 code (the check character computed). */
const CODE_1 = '91310115MA1K4C3D1A';

async function get(w: TestWorld, path: string, cookie = w.admin.cookie) {
  const res = await w.app.request(path, { headers: { Accept: 'text/html', Cookie: cookie } });
  return { status: res.status, html: await res.text(), headers: res.headers };
}

/** A form sent from the page at `from`, with that page's form token. */
async function send(
  w: TestWorld,
  from: string,
  path: string,
  fields: Record<string, string> = {},
  cookie = w.admin.cookie,
) {
  const token = tokenIn((await get(w, from, cookie)).html);
  const res = await w.app.request(path, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Origin: ORIGIN,
      Cookie: cookie,
      Accept: 'text/html',
    },
    body: new URLSearchParams({ _csrf: token, ...fields }).toString(),
  });
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]);
  return {
    status: res.status,
    html: await res.text(),
    location: res.headers.get('Location'),
    /** The cookies the answer set, as the browser sends them with the next page. */
    next: [cookie, ...cookies].join('; '),
  };
}

/** Follows a redirect as the browser would, with the cookies the answer set. */
async function follow(w: TestWorld, sent: Awaited<ReturnType<typeof send>>) {
  expect(sent.status).toBe(303);
  return get(w, sent.location!, sent.next);
}

describe('the admin pages', () => {
  it('registers a merchant, changes its name and policy; the credit code is checked beside its field', async () => {
    const w = await testWorld();
    const list = await get(w, '/admin/merchants');
    expect(list.status).toBe(200);
    expect(list.html).toContain(w.merchantA.name);
    expect(list.html).toContain('aria-current="page"');
    const before = await countRows(w, 'merchants');

    const bad = await send(w, '/admin/merchants', '/admin/merchants', {
      name: '丙餐饮管理有限公司',
      creditCode: '9131-BAD',
      slaPolicy: 'standard',
    });
    expect(bad.status).toBe(422);
    expect(errorOf(bad.html, 'merchant-creditCode')).toBe(
      '统一社会信用代码为 18 位数字或大写字母，最后一位是校验码',
    );
    expect(bad.html).toContain('value="丙餐饮管理有限公司"');
    const unnamed = await send(w, '/admin/merchants', '/admin/merchants', {
      name: ' ',
      creditCode: CODE_1,
      slaPolicy: 'standard',
    });
    expect(errorOf(unnamed.html, 'merchant-name')).toBe('此项必填');
    const taken = await send(w, '/admin/merchants', '/admin/merchants', {
      name: '丙餐饮管理有限公司',
      creditCode: w.merchantA.creditCode,
      slaPolicy: 'standard',
    });
    expect(taken.status).toBe(422);
    expect(errorOf(taken.html, 'merchant-creditCode')).toBe('已有企业使用此统一社会信用代码');
    const unknown = await send(w, '/admin/merchants', '/admin/merchants?lang=en', {
      name: 'C Catering',
      creditCode: CODE_1,
      slaPolicy: 'nosuch',
    });
    expect(errorOf(unknown.html, 'merchant-slaPolicy')).toBe('Choose an SLA policy');
    expect(await countRows(w, 'merchants')).toBe(before);

    const done = await send(w, '/admin/merchants', '/admin/merchants', {
      name: '丙餐饮管理有限公司',
      creditCode: CODE_1.toLowerCase(),
      slaPolicy: 'fast',
    });
    const page = await follow(w, done);
    expect(page.html).toContain('已登记联网企业 丙餐饮管理有限公司。');
    expect(page.html).toContain(CODE_1);
    const id = done.location!.split('/').pop()!;
    const api = await w.call(w.actors.staff, 'GET', `/api/v1/merchants/${id}`);
    expect(api.body).toMatchObject({ name: '丙餐饮管理有限公司', creditCode: CODE_1, slaPolicy: 'fast' });

    // Changed: an emptied name is refused beside it, not left as it was.
    const emptied = await send(w, `/admin/merchants/${id}`, `/admin/merchants/${id}`, {
      name: '',
      slaPolicy: 'standard',
    });
    expect(emptied.status).toBe(422);
    expect(errorOf(emptied.html, 'merchant-name')).toBe('此项必填');
    const saved = await send(w, `/admin/merchants/${id}`, `/admin/merchants/${id}`, {
      name: '丙餐饮集团有限公司',
      slaPolicy: 'standard',
    });
    expect((await follow(w, saved)).html).toContain('已保存 丙餐饮集团有限公司 的信息。');
    expect((await w.call(w.actors.staff, 'GET', `/api/v1/merchants/${id}`)).body).toMatchObject({
      name: '丙餐饮集团有限公司',
      slaPolicy: 'standard',
    });
    expect((await get(w, '/admin/merchants/mer_nothing')).status).toBe(404);
  });

  it("adds a merchant's users and API clients; the secret is shown once after the redirect; revoking asks first", async () => {
    const w = await testWorld();
    const path = `/admin/merchants/${w.merchantA.id}`;
    const short = await send(w, path, `${path}/users`, {
      email: 'li@jia.example',
      role: 'merchant_admin',
      password: 'short',
    });
    expect(short.status).toBe(422);
    expect(errorOf(short.html, 'invite-password')).toBe('密码至少 10 位');
    expect(short.html).not.toContain('value="short"');
    const invited = await send(w, path, `${path}/users`, {
      email: 'Li@Jia.example',
      name: '李明',
      role: 'merchant_admin',
      password: 'correct horse battery',
    });
    expect((await follow(w, invited)).html).toContain('已添加用户 li@jia.example。');
    const users = await w.call(w.admin, 'GET', '/api/v1/users');
    expect(users.body.data.find((u: any) => u.email === 'li@jia.example')).toMatchObject({
      role: 'merchant_admin',
      merchantId: w.merchantA.id,
    });
    const again = await send(w, path, `${path}/users`, {
      email: 'li@jia.example',
      role: 'merchant_agent',
      password: 'correct horse battery',
    });
    expect(errorOf(again.html, 'invite-email')).toBe('该邮箱已被使用');

    const noName = await send(w, path, `${path}/api-clients`, { name: '' });
    expect(noName.status).toBe(422);
    expect(errorOf(noName.html, 'client-name')).toBe('此项必填');
    const created = await send(w, path, `${path}/api-clients`, { name: 'CRM 同步' });
    expect(created.status).toBe(303);
    expect(created.location).toBe(path);
    const shown = await get(w, path, created.next);
    const secret = /<code>(rsk_[^<]+)<\/code>/.exec(shown.html)?.[1];
    expect(secret).toBeDefined();
    // The page takes the secret's cookie away: a reload shows it no more, and makes no client.
    expect(shown.headers.getSetCookie().join()).toMatch(/redress_new_client=;/);
    expect((await get(w, path)).html).not.toContain(secret!);
    const clients = (await w.call(w.admin, 'GET', '/api/v1/api-clients')).body.data.filter(
      (c: any) => c.merchantId === w.merchantA.id && c.name === 'CRM 同步',
    );
    expect(clients).toHaveLength(1);
    const token = await w.app.request('/oauth/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: clients[0].id,
        client_secret: secret!,
      }).toString(),
    });
    expect(token.status).toBe(200);

    const revokePath = `${path}/api-clients/${clients[0].id}/revoke`;
    const confirm = await get(w, revokePath);
    expect(confirm.html).toContain(`action="${revokePath}"`);
    const revoked = await send(w, revokePath, revokePath);
    expect((await follow(w, revoked)).html).toContain('已停用该客户端。');
    // Sent again (a reload of the answer): the same redirect, nothing else changes.
    expect((await send(w, path, revokePath)).status).toBe(303);
    // Another merchant's client is not this merchant's to revoke.
    expect(
      (await get(w, `/admin/merchants/${w.merchantB.id}/api-clients/${w.actors.merchantA.id}/revoke`)).status,
    ).toBe(404);
  });

  it('adds a station, changes it and takes it offline, adds its operators', async () => {
    const w = await testWorld();
    const missing = await send(w, '/admin/stations', '/admin/stations', {
      name: '外滩联络站',
      address: '',
      host: '外滩中心',
      online: 'on',
    });
    expect(missing.status).toBe(422);
    expect(errorOf(missing.html, 'station-address')).toBe('此项必填');
    expect(await countRows(w, 'stations')).toBe(2);
    const created = await send(w, '/admin/stations', '/admin/stations', {
      name: '外滩联络站',
      address: '中山东一路1号',
      host: '外滩中心',
      online: 'on',
    });
    const page = await follow(w, created);
    expect(page.html).toContain('已新建联络站 外滩联络站。');
    const path = created.location!;
    const id = path.split('/').pop()!;
    // Unticked "online": the station is taken offline.
    const saved = await send(w, path, path, {
      name: '外滩联络站',
      address: '中山东一路2号',
      host: '外滩中心',
    });
    expect((await follow(w, saved)).html).toContain('已保存联络站 外滩联络站。');
    expect((await w.call(w.actors.staff, 'GET', `/api/v1/stations/${id}`)).body).toMatchObject({
      address: '中山东一路2号',
      online: false,
    });
    const long = await send(w, path, path, { name: 'x'.repeat(201), address: 'a', host: 'h', online: 'on' });
    expect(errorOf(long.html, 'station-name')).toBe('内容过长');

    const operator = await send(w, path, `${path}/operators`, {
      email: 'op@waitan.example',
      name: '周洁',
      role: 'station_operator',
      password: 'correct horse battery',
    });
    const withOperator = await follow(w, operator);
    expect(withOperator.html).toContain('op@waitan.example');
    const users = await w.call(w.admin, 'GET', '/api/v1/users');
    expect(users.body.data.find((u: any) => u.email === 'op@waitan.example')).toMatchObject({
      role: 'station_operator',
      stationId: id,
    });
    expect((await get(w, '/admin/stations?lang=en')).html).toContain('Offline');
  });

  it('edits an SLA policy as a new version: later complaints get it, running deadlines do not move', async () => {
    const w = await testWorld();
    const running = await w.intake();
    await advance(w, 3_600_000);
    const list = await get(w, '/admin/policies');
    expect(list.html).toMatch(
      /标准\(12315 ODR\)[\s\S]*?第 1 版[\s\S]*?2 个工作日[\s\S]*?10 个工作日[\s\S]*?3 个工作日/,
    );

    const path = '/admin/policies/standard';
    const form = {
      nameZh: '标准(12315 ODR)',
      nameEn: 'Standard (12315 ODR)',
      ackAmount: '3',
      ackUnit: 'working_days',
      settleAmount: '2',
      settleUnit: 'working_days',
      answerAmount: '3',
      answerUnit: 'working_days',
    };
    const shorter = await send(w, path, path, form);
    expect(shorter.status).toBe(422);
    expect(errorOf(shorter.html, 'policy-settleAmount')).toBe('和解时限不能短于受理时限');
    const notDays = await send(w, path, path, { ...form, settleAmount: '十', answerAmount: '0' });
    expect(errorOf(notDays.html, 'policy-settleAmount')).toBe('请输入 1–365 的整数');
    expect(errorOf(notDays.html, 'policy-answerAmount')).toBe('请输入 1–365 的整数');
    const noUnit = await send(w, path, `${path}?lang=en`, { ...form, settleAmount: '15', ackUnit: 'hours' });
    expect(errorOf(noUnit.html, 'policy-ackUnit')).toBe('Choose one');

    const saved = await send(w, path, path, { ...form, settleAmount: '15' });
    expect((await follow(w, saved)).html).toContain('已保存时限规则 标准(12315 ODR)（第 2 版）。');
    // The same form again changes nothing.
    const same = await send(w, path, path, { ...form, settleAmount: '15' });
    expect((await follow(w, same)).html).toContain('时限规则 标准(12315 ODR) 没有变化。');
    const versions = await w.runtime.db
      .selectFrom('sla_policy_versions')
      .selectAll()
      .where('code', '=', 'standard')
      .orderBy('version')
      .execute();
    expect(versions.map((v) => [v.version, v.ack_amount, v.settle_amount, v.changed_by])).toEqual([
      [1, 2, 10, null],
      [2, 3, 15, w.admin.id],
    ]);

    // Assigned on Monday 30 November, after the edit: 3 and 15 working days now, 2 and 10 for the running one.
    const later = await w.intake();
    expect(later.sla).toMatchObject({
      acknowledgeDueAt: '2026-12-04T00:00:00.000+08:00',
      settleDueAt: '2026-12-22T00:00:00.000+08:00',
    });
    const before = (await w.call(w.actors.staff, 'GET', `/api/v1/complaints/${running.id}`)).body;
    expect(before.sla).toMatchObject({
      acknowledgeDueAt: running.sla.acknowledgeDueAt,
      settleDueAt: running.sla.settleDueAt,
    });
    // The running one's clock counts with the version it was assigned with: its proposal gets
    // version 1's answer window (3 working days), the later one version 2's (5).
    await advance(w, 3_600_000);
    const v3 = await send(w, path, path, { ...form, settleAmount: '15', answerAmount: '5' });
    expect((await follow(w, v3)).html).toContain('（第 3 版）');
    for (const c of [running, later]) {
      expect(
        (await w.call(w.actors.merchantA, 'POST', `/api/v1/complaints/${c.id}/acknowledge`)).status,
      ).toBe(200);
      const proposed = await w.call(w.actors.merchantA, 'POST', `/api/v1/complaints/${c.id}/proposals`, {
        outcome: 'refund',
        amountFen: 100,
        terms: '退款',
      });
      expect(proposed.status).toBe(200);
    }
    const answerDue = async (id: string) =>
      (await w.call(w.actors.staff, 'GET', `/api/v1/complaints/${id}`)).body.sla.answerDueAt;
    expect(await answerDue(running.id)).toBe('2026-12-04T00:00:00.000+08:00');
    // … and one assigned after version 3 gets 5 working days.
    const third = await w.intake();
    await w.call(w.actors.merchantA, 'POST', `/api/v1/complaints/${third.id}/acknowledge`);
    await w.call(w.actors.merchantA, 'POST', `/api/v1/complaints/${third.id}/proposals`, {
      outcome: 'refund',
      amountFen: 100,
      terms: '退款',
    });
    expect(await answerDue(third.id)).toBe('2026-12-08T00:00:00.000+08:00');
    expect(await answerDue(later.id)).toBe('2026-12-04T00:00:00.000+08:00');
  });

  it('adds a policy with a code of its own; a taken or malformed code is refused beside it', async () => {
    const w = await testWorld();
    const fields = {
      nameZh: '极速',
      nameEn: 'Express',
      ackAmount: '1',
      ackUnit: 'calendar_days',
      settleAmount: '5',
      settleUnit: 'calendar_days',
      answerAmount: '2',
      answerUnit: 'working_days',
    };
    const taken = await send(w, '/admin/policies/new', '/admin/policies', { ...fields, code: 'fast' });
    expect(errorOf(taken.html, 'policy-code')).toBe('已有此代码的时限规则');
    const bad = await send(w, '/admin/policies/new', '/admin/policies', { ...fields, code: 'Express!' });
    expect(bad.status).toBe(422);
    expect(errorOf(bad.html, 'policy-code')).toContain('小写字母开头');
    const done = await send(w, '/admin/policies/new', '/admin/policies', { ...fields, code: 'express' });
    expect((await follow(w, done)).html).toContain('已保存时限规则 极速（第 1 版）。');
    const path = `/admin/merchants/${w.merchantB.id}`;
    expect((await get(w, path)).html).toContain('value="express"');
    await follow(w, await send(w, path, path, { name: w.merchantB.name, slaPolicy: 'express' }));
    const c = await w.intake({ merchantId: w.merchantB.id });
    expect(c.sla).toMatchObject({ policy: 'express', acknowledgeDueAt: '2026-12-02T00:00:00.000+08:00' });
  });

  it('adds a commission user on the users page; a merchant role there is refused beside the field', async () => {
    const w = await testWorld();
    const wrong = await send(w, '/users', '/users', {
      email: 'wang@commission.example',
      role: 'merchant_agent',
      password: 'correct horse battery',
    });
    expect(wrong.status).toBe(422);
    expect(errorOf(wrong.html, 'invite-role')).toBe('请选择一项');
    const badEmail = await send(w, '/users', '/users?lang=en', {
      email: 'wang@',
      role: 'commission_staff',
      password: 'correct horse battery',
    });
    expect(errorOf(badEmail.html, 'invite-email')).toBe('Enter an email address');
    const done = await send(w, '/users', '/users', {
      email: 'wang@commission.example',
      name: '王芳',
      role: 'commission_staff',
      password: 'correct horse battery',
    });
    const list = await follow(w, done);
    expect(list.html).toContain('已添加用户 wang@commission.example。');
    expect(list.html).toMatch(/wang@commission\.example<\/td><td[^>]*>消保委工作人员/);
    const signIn = await w.app.request('/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'wang@commission.example', password: 'correct horse battery' }),
    });
    expect(signIn.status).toBeLessThan(400);
  });

  it('is for commission admins only: the others get the 403 page and no link to it', async () => {
    const w = await testWorld();
    const hub = await get(w, '/admin');
    expect(hub.status).toBe(200);
    for (const href of ['/admin/merchants', '/admin/stations', '/users', '/admin/policies', '/calendars'])
      expect(hub.html).toContain(`href="${href}"`);
    const staff = await w.user('commission_staff');
    const merchant = await w.user('merchant_admin', { merchantId: w.merchantA.id });
    const station = await w.user('station_operator', { stationId: w.stationA.id });
    for (const who of [staff, merchant, station]) {
      for (const path of [
        '/admin',
        '/admin/merchants',
        `/admin/stations/${w.stationA.id}`,
        '/admin/policies',
      ]) {
        const res = await get(w, path, who.cookie);
        expect(res.status).toBe(403);
        expect(res.html).toContain('无权访问');
      }
      const home = await get(
        w,
        who === merchant ? '/inbox' : who === station ? '/station' : '/staff',
        who.cookie,
      );
      expect(home.html).not.toContain('href="/admin');
      // A form sent anyway is refused, and nothing is written.
      const sent = await send(
        w,
        '/admin',
        '/admin/stations',
        { name: 'x', address: 'y', host: 'z' },
        who.cookie,
      );
      expect(sent.status).toBe(403);
    }
    expect(await countRows(w, 'stations')).toBe(2);
    // Without a session: to the sign-in page.
    const anon = await w.app.request('/admin/merchants', { headers: { Accept: 'text/html' } });
    expect(anon.status).toBe(303);
    expect(anon.headers.get('Location')).toBe('/login?next=%2Fadmin%2Fmerchants');
  });
});

describe('the SLA policies API', () => {
  it('lists and reads policies for staff; a commission admin creates and changes one; the rules are the page’s', async () => {
    const w = await testWorld();
    const list = await w.call(w.actors.staff, 'GET', '/api/v1/sla-policies');
    expect(list.status).toBe(200);
    expect(list.body.data.map((p: any) => [p.code, p.version, p.validFrom, p.merchants])).toEqual([
      ['fast', 1, null, 0],
      ['standard', 1, null, 2],
    ]);
    const body = {
      name: { zh: '极速', en: 'Express' },
      acknowledge: { amount: 3, unit: 'working_days' },
      settle: { amount: 2, unit: 'working_days' },
    };
    const shorter = await w.call(w.admin, 'PUT', '/api/v1/sla-policies/express', body);
    expect(shorter.status).toBe(422);
    expect(shorter.body.errors).toEqual([
      expect.objectContaining({ path: 'settle.amount', code: 'too_small' }),
    ]);
    const created = await w.call(w.admin, 'PUT', '/api/v1/sla-policies/express', {
      ...body,
      settle: { amount: 5, unit: 'working_days' },
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      code: 'express',
      version: 1,
      answer: { amount: 3, unit: 'working_days' },
      validFrom: '2026-11-30T10:00:00.000+08:00',
    });
    // The same again changes nothing; another target is version 2.
    expect(
      (
        await w.call(w.admin, 'PUT', '/api/v1/sla-policies/express', {
          ...body,
          settle: { amount: 5, unit: 'working_days' },
        })
      ).body.version,
    ).toBe(1);
    const changed = await w.call(w.admin, 'PUT', '/api/v1/sla-policies/express', {
      ...body,
      settle: { amount: 6, unit: 'calendar_days' },
    });
    expect(changed.body).toMatchObject({ version: 2, settle: { amount: 6, unit: 'calendar_days' } });
    expect((await w.call(w.actors.staff, 'GET', '/api/v1/sla-policies/express')).body.version).toBe(2);
    // Staff read but do not change; merchants neither; a code of nothing is 404, a malformed one 422.
    const valid = { ...body, settle: { amount: 9, unit: 'working_days' } };
    expect((await w.call(w.actors.staff, 'PUT', '/api/v1/sla-policies/express', valid)).status).toBe(403);
    expect((await w.call(w.actors.merchantA, 'GET', '/api/v1/sla-policies')).status).toBe(403);
    expect((await w.call(w.actors.staff, 'GET', '/api/v1/sla-policies/nosuch')).status).toBe(404);
    expect((await w.call(w.actors.staff, 'GET', '/api/v1/sla-policies/Not-A-Code')).status).toBe(422);
    // The page shows the API's version.
    expect((await get(w, '/admin/policies')).html).toMatch(/极速[\s\S]*?第 2 版/);
  });
});
