import { smsLength } from '@redress/core';
import { describe, expect, it } from 'vitest';
import { complaintIn, consumerTokenOf, type TestWorld, testWorld } from './harness';

/** A page's HTML as a signed-in user sees it. */
async function pageAs(w: TestWorld, cookie: string, path: string) {
  const res = await w.app.request(path, { headers: { Cookie: cookie } });
  return { status: res.status, html: await res.text() };
}

const tokenIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

/** A form sent from the page at `from` with that page's form token, as a browser without JavaScript would. */
async function send(
  w: TestWorld,
  cookie: string,
  from: string,
  path: string,
  fields: Record<string, string> = {},
) {
  const token = tokenIn((await pageAs(w, cookie, from)).html);
  const res = await w.app.request(path, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Origin: 'http://localhost',
      Cookie: cookie,
    },
    body: new URLSearchParams({ _csrf: token, ...fields }).toString(),
  });
  return { status: res.status, html: await res.text(), location: res.headers.get('Location') };
}

describe('the owner of a complaint', () => {
  it('is one of the merchant’s users, set and cleared through the API, and filters the list', async () => {
    const w = await testWorld();
    const { merchantA, merchantB, staff, stationA } = w.actors;
    const agent = await w.user('merchant_agent', { merchantId: w.merchantA.id });
    const colleague = await w.user('merchant_agent', { merchantId: w.merchantA.id });
    const other = await w.user('merchant_agent', { merchantId: w.merchantB.id });
    const mine = await w.intake({ stationId: w.stationA.id });
    const nobodys = await w.intake();
    expect(mine.owner).toBeNull();

    const set = await w.call(merchantA, 'PUT', `/api/v1/complaints/${mine.id}/owner`, { userId: agent.id });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body.owner).toEqual({ id: agent.id, name: agent.name });
    expect(set.body.version).toBe(mine.version + 1);
    // The owner is on every read of the complaint.
    expect((await w.call(merchantA, 'GET', `/api/v1/complaints/${mine.id}`)).body.owner.id).toBe(agent.id);
    expect((await w.call(staff, 'GET', `/api/v1/complaints/${mine.id}`)).body.owner.id).toBe(agent.id);

    // Filters: a user id, nobody's, and `me` for a signed-in user.
    const ids = async (actor: Parameters<typeof w.call>[0], q: string) =>
      (await w.call(actor, 'GET', `/api/v1/complaints?${q}`)).body.data.map((c: any) => c.id);
    expect(await ids(merchantA, `owner=${agent.id}`)).toEqual([mine.id]);
    expect(await ids(merchantA, 'owner=none')).toEqual([nobodys.id]);
    expect(await ids({ cookie: agent.cookie }, 'owner=me')).toEqual([mine.id]);
    expect(await ids({ cookie: colleague.cookie }, 'owner=me')).toEqual([]);
    expect((await w.call(merchantA, 'GET', '/api/v1/complaints?owner=me')).status).toBe(422);
    expect((await w.call(merchantA, 'GET', '/api/v1/complaints?owner=someone')).status).toBe(422);
    // Merchant B sees none of A's, whatever the filter.
    expect(await ids(merchantB, `owner=${agent.id}`)).toEqual([]);

    // Assign to me, from a user's session; to a colleague; the event says who.
    const me = await w.call({ cookie: colleague.cookie }, 'PUT', `/api/v1/complaints/${mine.id}/owner`, {
      userId: colleague.id,
    });
    expect(me.body.owner.id).toBe(colleague.id);
    const events = (await w.call(merchantA, 'GET', `/api/v1/complaints/${mine.id}/events`)).body.data;
    const changed = events.filter((e: any) => e.type === 'complaint.owner_changed');
    expect(changed.map((e: any) => [e.data.owner?.id, e.data.previousOwnerId])).toEqual([
      [agent.id, null],
      [colleague.id, agent.id],
    ]);

    // Refused: another merchant's user, a disabled user (422); another merchant (404); staff and stations (403).
    const put = (actor: Parameters<typeof w.call>[0], userId: string | null, id = mine.id) =>
      w.call(actor, 'PUT', `/api/v1/complaints/${id}/owner`, { userId });
    const foreign = await put(merchantA, other.id);
    expect(foreign.status).toBe(422);
    expect(foreign.body.errors[0]).toMatchObject({ path: 'userId', code: 'not_found' });
    expect((await w.call(merchantA, 'POST', `/api/v1/users/${agent.id}/disable`)).status).toBe(200);
    expect((await put(merchantA, agent.id)).status).toBe(422);
    expect((await put(merchantB, other.id)).status).toBe(404);
    expect((await put(staff, null)).status).toBe(403);
    expect((await put(stationA, null)).status).toBe(403);
    expect((await put(merchantA, 'usr_01JD3Z6Y8G5C4F0QK3W2A1B9XE')).status).toBe(422);

    // Nobody, then routed to merchant B: the owner was A's, so it is cleared.
    expect((await put(merchantA, null)).body.owner).toBeNull();
    await put(merchantA, colleague.id);
    const routed = await w.call(staff, 'POST', `/api/v1/complaints/${mine.id}/assign`, {
      merchantId: w.merchantB.id,
    });
    expect(routed.body.owner).toBeNull();
  });
});

describe('the owner on the pages', () => {
  it('assign to me, to a colleague, and the inbox filtered by owner', async () => {
    const w = await testWorld();
    const agent = await w.user('merchant_agent', { merchantId: w.merchantA.id });
    const colleague = await w.user('merchant_agent', { merchantId: w.merchantA.id });
    const first = await w.intake({ subject: '第一件：冰箱不制冷' });
    const second = await w.intake({ subject: '第二件：洗衣机漏水' });
    const page = await pageAs(w, agent.cookie, `/complaints/${first.id}`);
    expect(page.html).toContain('id="assign-to-me"');
    expect(page.html).toContain(`<option value="${colleague.id}"`);

    const mine = await send(w, agent.cookie, `/complaints/${first.id}`, `/complaints/${first.id}/owner`, {
      userId: 'me',
    });
    expect(mine.status).toBe(303);
    expect((await w.call(w.actors.merchantA, 'GET', `/api/v1/complaints/${first.id}`)).body.owner.id).toBe(
      agent.id,
    );
    const after = await pageAs(w, agent.cookie, `/complaints/${first.id}`);
    expect(after.html).toContain(`data-owner="${agent.id}"`);
    // Already mine: no "assign to me" button.
    expect(after.html).not.toContain('id="assign-to-me"');
    const given = await send(w, agent.cookie, `/complaints/${second.id}`, `/complaints/${second.id}/owner`, {
      userId: colleague.id,
    });
    expect(given.status).toBe(303);
    // A user of another merchant is refused on the page, with the reason.
    const stranger = await w.user('merchant_agent', { merchantId: w.merchantB.id });
    const refused = await send(
      w,
      agent.cookie,
      `/complaints/${second.id}`,
      `/complaints/${second.id}/owner`,
      {
        userId: stranger.id,
      },
    );
    expect(refused.status).toBe(422);

    const inbox = async (cookie: string, q: string) => (await pageAs(w, cookie, `/inbox?${q}`)).html;
    const minePage = await inbox(agent.cookie, 'owner=me');
    expect(minePage).toContain('第一件');
    expect(minePage).not.toContain('第二件');
    expect(await inbox(colleague.cookie, 'owner=me')).toContain('第二件');
    expect(await inbox(agent.cookie, `owner=${colleague.id}`)).not.toContain('第一件');
    expect(await inbox(agent.cookie, 'owner=none')).not.toContain('第一件');
    expect(minePage).toContain('id="f-owner"');
  });
});

describe('reply templates', () => {
  it('are managed by the merchant admin, read by its agents, and nobody else’s', async () => {
    const w = await testWorld();
    const { merchantA, merchantB, staff } = w.actors;
    const admin = await w.user('merchant_admin', { merchantId: w.merchantA.id });
    const agent = await w.user('merchant_agent', { merchantId: w.merchantA.id });
    const created = await w.call(admin, 'POST', '/api/v1/reply-templates', {
      name: '已核实退款',
      body: '您好，经核实，我们将为您办理全额退款。',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.id).toMatch(/^tpl_/);
    expect((await w.call(agent, 'POST', '/api/v1/reply-templates', { name: 'x', body: 'y' })).status).toBe(
      403,
    );
    expect((await w.call(agent, 'GET', '/api/v1/reply-templates')).body.data.map((t: any) => t.name)).toEqual(
      ['已核实退款'],
    );
    expect((await w.call(merchantB, 'GET', '/api/v1/reply-templates')).body.data).toEqual([]);
    expect((await w.call(merchantB, 'GET', `/api/v1/reply-templates/${created.body.id}`)).status).toBe(404);
    expect((await w.call(merchantB, 'DELETE', `/api/v1/reply-templates/${created.body.id}`)).status).toBe(
      404,
    );
    expect((await w.call(staff, 'GET', '/api/v1/reply-templates')).status).toBe(403);
    expect(
      (await w.call(merchantA, 'PATCH', `/api/v1/reply-templates/${created.body.id}`, { body: '改过的内容' }))
        .body.body,
    ).toBe('改过的内容');

    // The agent picks it on the complaint page: the message comes filled in, to edit and send.
    const complaint = await w.intake();
    await w.call(merchantA, 'POST', `/api/v1/complaints/${complaint.id}/acknowledge`);
    const page = await pageAs(w, agent.cookie, `/complaints/${complaint.id}`);
    expect(page.html).toContain(`<option value="${created.body.id}">已核实退款</option>`);
    const picked = await pageAs(w, agent.cookie, `/complaints/${complaint.id}?template=${created.body.id}`);
    expect(picked.html).toMatch(/<textarea id="message-body"[^>]*>改过的内容<\/textarea>/);
    const sent = await send(
      w,
      agent.cookie,
      `/complaints/${complaint.id}`,
      `/complaints/${complaint.id}/messages`,
      {
        body: '改过的内容，另加一句：感谢您的耐心。',
      },
    );
    expect(sent.status).toBe(303);
    const events = (await w.call(merchantA, 'GET', `/api/v1/complaints/${complaint.id}/events`)).body.data;
    expect(events.at(-1).data.message.body).toBe('改过的内容，另加一句：感谢您的耐心。');
  });
});

describe('internal notes', () => {
  it('are seen by the author’s side only, on every route, page, feed and webhook', async () => {
    const w = await testWorld();
    const { merchantA, merchantB, staff, stationA } = w.actors;
    const complaint = await w.intake({ stationId: w.stationA.id });
    // Endpoints for both sides, subscribed to notes.
    const hook = async (actor: Parameters<typeof w.call>[0]) => {
      const res = await w.call(actor, 'POST', '/api/v1/webhook-endpoints', {
        url: 'http://127.0.0.1:9/hooks',
        eventTypes: ['complaint.note_added'],
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.id as string;
    };
    const merchantHook = await hook(merchantA);
    const commissionHook = await hook({ cookie: w.admin.cookie });
    const merchantBHook = await hook(merchantB);
    // A message, so that the consumer has a link and an SMS.
    await w.call(merchantA, 'POST', `/api/v1/complaints/${complaint.id}/acknowledge`);
    await w.call(merchantA, 'POST', `/api/v1/complaints/${complaint.id}/messages`, {
      body: '您好，正在核实。',
    });

    const merchantNote = '商家内部：该客户曾多次投诉';
    const staffNote = '消保委内部：注意该商家的处理期限';
    const m = await w.call(merchantA, 'POST', `/api/v1/complaints/${complaint.id}/notes`, {
      body: merchantNote,
    });
    expect(m.status, JSON.stringify(m.body)).toBe(201);
    expect(m.body).toMatchObject({ side: 'merchant', body: merchantNote, complaintId: complaint.id });
    expect(m.body.id).toMatch(/^nte_/);
    const s = await w.call(staff, 'POST', `/api/v1/complaints/${complaint.id}/notes`, { body: staffNote });
    expect(s.status).toBe(201);
    expect(s.body.side).toBe('staff');
    // Who may not write one: another merchant (404), a station (403), the consumer link (no route).
    expect(
      (await w.call(merchantB, 'POST', `/api/v1/complaints/${complaint.id}/notes`, { body: 'x' })).status,
    ).toBe(404);
    expect(
      (await w.call(stationA, 'POST', `/api/v1/complaints/${complaint.id}/notes`, { body: 'x' })).status,
    ).toBe(403);

    // The notes list: each side its own.
    const notes = async (actor: Parameters<typeof w.call>[0]) =>
      w.call(actor, 'GET', `/api/v1/complaints/${complaint.id}/notes`);
    expect((await notes(merchantA)).body.data.map((n: any) => n.body)).toEqual([merchantNote]);
    expect((await notes(staff)).body.data.map((n: any) => n.body)).toEqual([staffNote]);
    expect((await notes(stationA)).status).toBe(403);
    expect((await notes(merchantB)).status).toBe(404);

    // The timeline of each: the note events of its side only.
    const timeline = async (actor: Parameters<typeof w.call>[0]) =>
      JSON.stringify((await w.call(actor, 'GET', `/api/v1/complaints/${complaint.id}/events`)).body);
    const asMerchant = await timeline(merchantA);
    expect(asMerchant).toContain(merchantNote);
    expect(asMerchant).not.toContain(staffNote);
    const asStaff = await timeline(staff);
    expect(asStaff).toContain(staffNote);
    expect(asStaff).not.toContain(merchantNote);
    const asStation = await timeline(stationA);
    expect(asStation).not.toContain(merchantNote);
    expect(asStation).not.toContain(staffNote);

    // The feed of each.
    const feed = async (actor: Parameters<typeof w.call>[0]) =>
      JSON.stringify((await w.call(actor, 'GET', '/api/v1/events?limit=100')).body);
    expect(await feed(merchantA)).toContain(merchantNote);
    expect(await feed(merchantA)).not.toContain(staffNote);
    expect(await feed(staff)).toContain(staffNote);
    expect(await feed(staff)).not.toContain(merchantNote);
    for (const other of [merchantB, stationA]) {
      expect(await feed(other)).not.toContain(merchantNote);
      expect(await feed(other)).not.toContain(staffNote);
    }

    // Webhooks: the merchant's note to the merchant's endpoint, the staff note to the commission's.
    const delivered = await w.runtime.db
      .selectFrom('webhook_deliveries as d')
      .innerJoin('events as e', 'e.id', 'd.event_id')
      .select(['d.endpoint_id', 'e.data'])
      .where('d.event_type', '=', 'complaint.note_added')
      .execute();
    const reached = (endpoint: string) =>
      delivered.filter((d) => d.endpoint_id === endpoint).map((d) => JSON.parse(d.data).note.body);
    expect(reached(merchantHook)).toEqual([merchantNote]);
    expect(reached(commissionHook)).toEqual([staffNote]);
    expect(reached(merchantBHook)).toEqual([]);

    // The consumer: not in the link's JSON, not on its page, not in any SMS.
    const token = await consumerTokenOf(w, complaint.id);
    const view = JSON.stringify((await w.call(null, 'GET', `/api/v1/consumer/${token}`)).body);
    expect(view).toContain('您好，正在核实。');
    expect(view).not.toContain(merchantNote);
    expect(view).not.toContain(staffNote);
    const consumerPage = await (await w.app.request(`/c/${token}`)).text();
    expect(consumerPage).toContain('您好，正在核实。');
    expect(consumerPage).not.toContain(merchantNote);
    expect(consumerPage).not.toContain(staffNote);
    const sms = await w.runtime.db.selectFrom('notifications').select('body').execute();
    expect(JSON.stringify(sms)).not.toContain('内部');

    // Pages: the merchant's user sees its note marked internal; another merchant's user gets 404.
    const agent = await w.user('merchant_agent', { merchantId: w.merchantA.id });
    const page = await pageAs(w, agent.cookie, `/complaints/${complaint.id}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain(merchantNote);
    expect(page.html).not.toContain(staffNote);
    expect(page.html).toMatch(/data-internal="true"/);
    const otherUser = await w.user('merchant_agent', { merchantId: w.merchantB.id });
    expect((await pageAs(w, otherUser.cookie, `/complaints/${complaint.id}`)).status).toBe(404);
    const staffUser = await w.user('commission_staff');
    const staffPage = await pageAs(w, staffUser.cookie, `/complaints/${complaint.id}`);
    expect(staffPage.html).toContain(staffNote);
    expect(staffPage.html).not.toContain(merchantNote);
    const operator = await w.user('station_operator', { stationId: w.stationA.id });
    const stationPage = await pageAs(w, operator.cookie, `/complaints/${complaint.id}`);
    expect(stationPage.status).toBe(200);
    expect(stationPage.html).not.toContain(merchantNote);
    expect(stationPage.html).not.toContain(staffNote);
  });

  it('of a merchant stay with that merchant when the complaint is routed to another', async () => {
    const w = await testWorld();
    const { merchantA, merchantB, staff } = w.actors;
    const complaint = await w.intake();
    await w.call(merchantA, 'POST', `/api/v1/complaints/${complaint.id}/notes`, { body: '甲的内部备注' });
    const routed = await w.call(staff, 'POST', `/api/v1/complaints/${complaint.id}/assign`, {
      merchantId: w.merchantB.id,
    });
    expect(routed.status, JSON.stringify(routed.body)).toBe(200);
    const events = JSON.stringify(
      (await w.call(merchantB, 'GET', `/api/v1/complaints/${complaint.id}/events`)).body,
    );
    expect(events).toContain('complaint.assigned');
    expect(events).not.toContain('甲的内部备注');
    expect((await w.call(merchantB, 'GET', `/api/v1/complaints/${complaint.id}/notes`)).body.data).toEqual(
      [],
    );
  });
});

describe('short consumer links', () => {
  it('resolve to their one complaint until they expire; anything else is the bad-link page', async () => {
    const w = await testWorld();
    const { merchantA } = w.actors;
    const c = await w.intake();
    const other = await w.intake();
    await w.call(merchantA, 'POST', `/api/v1/complaints/${c.id}/acknowledge`);
    // A long message: the SMS keeps two parts at most, cut on a word with an ellipsis.
    const long =
      '您好，我们已经核实了您的订单情况，商品确实存在质量问题，我们同意为您办理全额退款并承担往返运费，请您在收到短信后三日内寄回商品，谢谢您的耐心等待和理解支持，祝您生活愉快。';
    expect(
      (await w.call(merchantA, 'POST', `/api/v1/complaints/${c.id}/messages`, { body: long })).status,
    ).toBe(200);
    const sms = await w.runtime.db
      .selectFrom('notifications')
      .select(['body', 'link'])
      .where('complaint_id', '=', c.id)
      .executeTakeFirstOrThrow();
    const code = new URL(sms.link!).pathname.slice(3);
    expect(code).toMatch(/^[0-9a-hjkmnp-tv-z]{10}$/);
    expect(sms.link!.length).toBeLessThan(60);
    expect(smsLength(sms.body).segments).toBe(2);
    expect(sms.body).toContain(`… ${sms.link}`);
    // A message without words to cut fits one SMS.
    await w.call(merchantA, 'POST', `/api/v1/complaints/${c.id}/messages`, { body: '好的' });
    const short = await w.runtime.db
      .selectFrom('notifications')
      .select('body')
      .where('complaint_id', '=', c.id)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(smsLength(short.body)).toMatchObject({ encoding: 'ucs2', segments: 1 });

    // Resolves: the page and the JSON, this complaint only.
    const view = await w.call(null, 'GET', `/api/v1/consumer/${code}`);
    expect(view.status).toBe(200);
    expect(view.body.complaint.id).toBe(c.id);
    expect(view.body.complaint.id).not.toBe(other.id);
    const page = await w.app.request(`/c/${code}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(c.reference);
    // Acts for that complaint only: the consumer's reply goes to it.
    await w.call(merchantA, 'POST', `/api/v1/complaints/${c.id}/info-requests`, { body: '请提供发票' });
    expect(
      (await w.call(null, 'POST', `/api/v1/consumer/${code}/reply`, { body: '发票已拍照' })).status,
    ).toBe(200);

    // Unknown, malformed, and expired: the same clear page as a bad signed link.
    const badPage = await (await w.app.request('/c/not-a-link')).text();
    const unknown = await w.app.request('/c/zzzzzzzzzz');
    expect(unknown.status).toBe(404);
    const unknownHtml = await unknown.text();
    const title = (html: string) => /<title>([^<]*)<\/title>/.exec(html)?.[1];
    expect(title(unknownHtml)).toBe(title(badPage));
    expect((await w.call(null, 'GET', '/api/v1/consumer/zzzzzzzzzz')).status).toBe(401);
    await w.travel(w.clock.now() + 31 * 86_400_000);
    const expired = await w.app.request(`/c/${code}`);
    expect(expired.status).toBe(404);
    expect(title(await expired.text())).toBe(title(badPage));
    expect((await w.call(null, 'GET', `/api/v1/consumer/${code}`)).status).toBe(401);
    // Housekeeping deletes it once expired.
    const { housekeep } = await import('../src/housekeeping/job');
    expect((await housekeep(w.runtime)).consumerLinks).toBeGreaterThanOrEqual(1);
  });
});

describe('the consumer’s rating', () => {
  it('is shown to the merchant on the complaint and in its scorecard, and to nobody else’s', async () => {
    const w = await testWorld();
    const settled = await complaintIn(w, 'settled');
    const token = await consumerTokenOf(w, settled.id);
    const rated = await w.call(null, 'POST', `/api/v1/consumer/${token}/rating`, {
      rating: 4,
      comment: '处理及时，态度很好',
    });
    expect(rated.status).toBe(200);
    const agent = await w.user('merchant_agent', { merchantId: w.merchantA.id });
    const page = await pageAs(w, agent.cookie, `/complaints/${settled.id}`);
    expect(page.html).toContain('data-rating="4"');
    expect(page.html).toContain('处理及时，态度很好');
    const staffUser = await w.user('commission_staff');
    expect((await pageAs(w, staffUser.cookie, `/complaints/${settled.id}`)).html).toContain(
      '处理及时，态度很好',
    );

    const boss = await w.user('merchant_admin', { merchantId: w.merchantA.id });
    // The scorecard (figures/): its satisfaction and the comments, the merchant's own only.
    const card = await pageAs(w, boss.cookie, '/scorecard');
    expect(card.html).toContain('处理及时，态度很好');
    const otherBoss = await w.user('merchant_admin', { merchantId: w.merchantB.id });
    const other = await pageAs(w, otherBoss.cookie, '/scorecard');
    expect(other.html).not.toContain('处理及时，态度很好');
  });
});

/** The cookies a response sets, as a browser would send them back (name=value; …), merged into `jar`. */
function keep(jar: Map<string, string>, res: Response) {
  for (const raw of res.headers.getSetCookie()) {
    const [pair] = raw.split(';');
    const [name, ...value] = pair!.split('=');
    if (/Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(raw)) jar.delete(name!);
    else jar.set(name!, value.join('='));
  }
}
const cookieOf = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');

/** A browser without JavaScript: a cookie jar, GETs, and the forms of the page it is on. */
function browserOf(w: TestWorld, session: string) {
  const jar = new Map<string, string>([session.split('=') as [string, string]]);
  return {
    async get(path: string) {
      const res = await w.app.request(path, { headers: { Cookie: cookieOf(jar) } });
      keep(jar, res);
      return { status: res.status, html: await res.text() };
    },
    async post(path: string, body: string) {
      const res = await w.app.request(path, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Origin: 'http://localhost',
          Cookie: cookieOf(jar),
        },
        body,
      });
      keep(jar, res);
      return { status: res.status, location: res.headers.get('Location'), html: await res.text() };
    },
  };
}

/** The hidden fields and the form token of the form posting to `action`, as the page rendered them. */
function formOf(html: string, action: string): URLSearchParams {
  const start = html.indexOf(`action="${action}"`);
  const form = html.slice(start, html.indexOf('</form>', start));
  const fields = new URLSearchParams();
  for (const m of form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g))
    fields.set(m[1]!, m[2]!);
  return fields;
}

describe('the merchant admin’s settings pages', () => {
  it('webhook endpoints: created once however often the form is sent, the secret shown once, rotated, the log, a retry', async () => {
    const w = await testWorld();
    const boss = await w.user('merchant_admin', { merchantId: w.merchantA.id });
    const b = browserOf(w, boss.cookie);
    const list = await b.get('/settings/webhooks');
    expect(list.status).toBe(200);
    const fields = formOf(list.html, '/settings/webhooks');
    expect(fields.get('formKey')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    fields.set('url', 'http://127.0.0.1:9/hooks');
    fields.append('eventTypes', 'complaint.assigned');
    fields.append('eventTypes', 'complaint.note_added');
    const first = await b.post('/settings/webhooks', fields.toString());
    expect(first.status, first.html).toBe(303);
    expect(first.location).toMatch(/^\/settings\/webhooks\/whe_/);
    // The reload of the POST (the same form, the same key): nothing more is created.
    const again = await b.post('/settings/webhooks', fields.toString());
    expect(again.status).toBe(303);
    expect(again.location).toBe(first.location);
    const count = async () =>
      Number(
        (
          await w.runtime.db
            .selectFrom('webhook_endpoints')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await count()).toBe(1);

    // The secret once, after the redirect; not on a reload of the page.
    const shown = await b.get(first.location!);
    expect(shown.html).toMatch(/id="webhook-secret"><code>whsec_/);
    expect((await b.get(first.location!)).html).not.toContain('whsec_');
    expect((await b.get('/settings/webhooks')).html).not.toContain('whsec_');

    // A delivery (to nowhere: it fails), shown in the log, retried from the page.
    await w.intake();
    const { webhookDelivery } = await import('../src/webhooks/job');
    await webhookDelivery.run(w.runtime);
    const log = await b.get(first.location!);
    const deliveryId = /data-delivery="(whd_[^"]+)"/.exec(log.html)?.[1];
    expect(deliveryId).toBeDefined();
    const retry = await b.post(
      `/settings/webhook-deliveries/${deliveryId}/retry`,
      formOf(log.html, `/settings/webhook-deliveries/${deliveryId}/retry`).toString(),
    );
    expect(retry.status).toBe(303);
    expect(retry.location).toBe(first.location);

    // Rotation: a new secret shown once; the form sent twice rotates once.
    const page = await b.get(first.location!);
    const rotateForm = formOf(page.html, `${first.location}/rotate`).toString();
    const before = await w.runtime.db
      .selectFrom('webhook_endpoints')
      .select('secret')
      .executeTakeFirstOrThrow();
    expect((await b.post(`${first.location}/rotate`, rotateForm)).status).toBe(303);
    const rotated = await b.get(first.location!);
    expect(rotated.html).toMatch(/id="webhook-secret"><code>whsec_/);
    const mid = await w.runtime.db.selectFrom('webhook_endpoints').select('secret').executeTakeFirstOrThrow();
    expect(mid.secret).not.toBe(before.secret);
    await b.post(`${first.location}/rotate`, rotateForm);
    const after = await w.runtime.db
      .selectFrom('webhook_endpoints')
      .select('secret')
      .executeTakeFirstOrThrow();
    expect(after.secret).toBe(mid.secret);

    // Another merchant's admin: the endpoint is not theirs (404); an agent may not (403).
    const otherBoss = await w.user('merchant_admin', { merchantId: w.merchantB.id });
    expect((await browserOf(w, otherBoss.cookie).get(first.location!)).status).toBe(404);
    const agent = await w.user('merchant_agent', { merchantId: w.merchantA.id });
    expect((await browserOf(w, agent.cookie).get('/settings/webhooks')).status).toBe(403);
    // A refused URL is said beside the form, and nothing is made.
    const bad = formOf((await b.get('/settings/webhooks')).html, '/settings/webhooks');
    bad.set('url', 'not a url');
    bad.append('eventTypes', 'complaint.assigned');
    expect((await b.post('/settings/webhooks', bad.toString())).status).toBe(422);
    expect(await count()).toBe(1);
  });

  it('API clients: the form sent twice makes one client, its secret shown once after the redirect', async () => {
    const w = await testWorld();
    const boss = await w.user('merchant_admin', { merchantId: w.merchantA.id });
    const b = browserOf(w, boss.cookie);
    const settings = await b.get('/settings');
    const fields = formOf(settings.html, '/settings/api-clients');
    fields.set('name', 'CRM 对接');
    const first = await b.post('/settings/api-clients', fields.toString());
    expect(first.status).toBe(303);
    const again = await b.post('/settings/api-clients', fields.toString());
    expect(again.status).toBe(303);
    const clients = await w.runtime.db
      .selectFrom('api_clients')
      .select('name')
      .where('name', '=', 'CRM 对接')
      .execute();
    expect(clients).toHaveLength(1);
    const shown = await b.get('/settings');
    expect(shown.html).toMatch(/id="new-client-secret">rsk_/);
    expect((await b.get('/settings')).html).not.toContain('id="new-client-secret"');
  });

  it('reply templates: added, changed, refused twice by name, deleted', async () => {
    const w = await testWorld();
    const boss = await w.user('merchant_admin', { merchantId: w.merchantA.id });
    const b = browserOf(w, boss.cookie);
    const page = await b.get('/settings/templates');
    const token = formOf(page.html, '/settings/templates').get('_csrf')!;
    const form = (fields: Record<string, string>) =>
      new URLSearchParams({ _csrf: token, ...fields }).toString();
    expect(
      (await b.post('/settings/templates', form({ name: '致歉', body: '非常抱歉给您带来不便。' }))).status,
    ).toBe(303);
    const dup = await b.post('/settings/templates', form({ name: '致歉', body: '重复' }));
    expect(dup.status).toBe(422);
    expect(dup.html).toContain('已有同名的模板');
    const listed = await b.get('/settings/templates');
    expect(listed.html).toContain('非常抱歉给您带来不便。');
    const id = /action="\/settings\/templates\/(tpl_[^"/]+)"/.exec(listed.html)?.[1];
    expect(
      (await b.post(`/settings/templates/${id}`, form({ name: '致歉', body: '再次致歉。' }))).status,
    ).toBe(303);
    expect((await b.get('/settings/templates')).html).toContain('再次致歉。');
    expect((await b.post(`/settings/templates/${id}/delete`, form({}))).status).toBe(303);
    expect((await b.get('/settings/templates')).html).not.toContain('再次致歉。');
    const agent = await w.user('merchant_agent', { merchantId: w.merchantA.id });
    expect((await browserOf(w, agent.cookie).get('/settings/templates')).status).toBe(403);
  });
});
