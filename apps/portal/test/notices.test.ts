import { EVENT_TYPES } from '@redress/core';
import { describe, expect, it } from 'vitest';
import { sweep } from '../src/complaints/sweeper';
import { openRuntime } from '../src/deps';
import { silentLogger } from '../src/logger';
import { makeDueDigests, sendDueMails } from '../src/notices';
import { digestSlot, STALE_MS } from '../src/notices/job';
import { deadlineText } from '../src/web/components';
import { afterThisTest, databaseUrl, MONDAY_10AM, shanghai, type TestWorld, testWorld } from './harness';
import { smtpServer } from './smtp';

/**
 * Notices to people by mail (docs/notices.md), against a real SMTP server started by each test
 * (smtp-server), parsed with mailparser: what arrives, per event, per preference, once with two
 * workers, after an SMTP failure, and the daily digests on a manual clock.
 */

const PUBLIC = 'https://redress.example.cn';
const OWNERS = (EVENT_TYPES as readonly string[]).includes('complaint.owner_changed');
const ORIGIN = 'http://localhost';
const tokenIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

async function world(options: { smtp?: string | null; databaseUrl?: string; now?: number } = {}) {
  return testWorld({
    now: options.now,
    config: {
      publicUrl: PUBLIC,
      mailFrom: 'Redress 投诉处理 <notices@redress.example.cn>',
      ...(options.smtp ? { smtpUrl: options.smtp } : {}),
      ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
    },
  });
}

async function getPage(w: TestWorld, path: string, cookie: string) {
  const res = await w.app.request(path, { headers: { Accept: 'text/html', Cookie: cookie } });
  return { status: res.status, html: await res.text() };
}

/** Saves a user's notice settings through the settings page, as a browser without JavaScript would. */
async function choose(w: TestWorld, cookie: string, fields: Record<string, string>) {
  const token = tokenIn((await getPage(w, '/settings/notices', cookie)).html);
  const res = await w.app.request('/settings/notices', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: ORIGIN, Cookie: cookie },
    body: new URLSearchParams({ _csrf: token, digestAt: '09:00', lang: 'zh-CN', ...fields }).toString(),
  });
  return { status: res.status, html: await res.text(), location: res.headers.get('Location') };
}

const ALL = ['assigned', 'due_soon', 'breached', 'consumer_replied', 'proposal_answered', 'escalated'];
const every = (choice: string) => Object.fromEntries(ALL.map((k) => [`choice_${k}`, choice]));

async function mailRows(w: TestWorld) {
  return w.runtime.db.selectFrom('notice_mails').selectAll().orderBy('id').execute();
}

/** Runs the delivery job until it finds nothing due. */
async function deliverAll(w: TestWorld) {
  while ((await sendDueMails(w.runtime)) > 0) {}
}

const to = (r: { envelope: { to: string[] } }) => r.envelope.to.join(',');

describe('notice mails', () => {
  it('tell the merchant’s users of an assigned complaint: headers, both parts, the deadline and the link', async () => {
    const smtp = await smtpServer();
    const w = await world({ smtp: smtp.url });
    const agent = await w.user('merchant_agent', { merchantId: w.merchantA.id });
    const english = await w.user('merchant_agent', { merchantId: w.merchantA.id });
    const other = await w.user('merchant_agent', { merchantId: w.merchantB.id });
    expect((await choose(w, english.cookie, { ...every('mine'), lang: 'en' })).status).toBe(303);
    const c = await w.intake();
    await deliverAll(w);

    expect(smtp.received.map(to).sort()).toEqual([agent.email, english.email].sort());
    expect(smtp.received.some((r) => to(r) === other.email)).toBe(false);
    const zh = smtp.received.find((r) => to(r) === agent.email)!;
    const m = zh.mail;
    expect(zh.user).toBe('redress'); // signed in with the URL's user and password
    expect(m.from?.value[0]).toMatchObject({
      address: 'notices@redress.example.cn',
      name: 'Redress 投诉处理',
    });
    expect(m.to && !Array.isArray(m.to) ? m.to.value[0]?.address : null).toBe(agent.email);
    expect(m.subject).toBe(`新投诉 ${c.reference}：${c.subject}`);
    expect(m.messageId).toMatch(/^<mal_[0-9A-Z]{26}@redress\.example\.cn>$/);
    expect(m.headers.get('content-type')).toMatchObject({ value: 'multipart/alternative' });
    const link = `${PUBLIC}/complaints/${c.id}`;
    const due = deadlineText(c.sla.acknowledgeDueAt);
    // The plain-text part and the HTML part say the same: reference, subject, deadline, link.
    for (const part of [m.text!, m.html as string]) {
      expect(part).toContain(c.reference);
      expect(part).toContain(c.subject);
      expect(part).toContain(`受理时限：${due} 前（`);
      expect(part).toMatch(/剩余 \d+ (个工作日|小时)/);
    }
    expect(m.text).toContain(`查看投诉: ${link}`);
    expect(m.html).toContain(`<a href="${link}">查看投诉</a>`);
    expect(m.text).toContain(`${PUBLIC}/settings/notices`);

    const en = smtp.received.find((r) => to(r) === english.email)!.mail;
    expect(en.subject).toBe(`New complaint ${c.reference}: ${c.subject}`);
    expect(en.text).toContain(`Acknowledge by: by ${due} (`);
    expect(en.html).toContain(`<a href="${link}">Open the complaint</a>`);
    expect((await mailRows(w)).every((r) => r.status === 'sent' && r.transport === 'smtp')).toBe(true);
  });

  it('tell of each event the right people, by each one’s choice; never the one who acted', async () => {
    const smtp = await smtpServer();
    const w = await world({ smtp: smtp.url });
    const agent = await w.user('merchant_agent', { merchantId: w.merchantA.id });
    const boss = await w.user('merchant_admin', { merchantId: w.merchantA.id });
    const quiet = await w.user('merchant_agent', { merchantId: w.merchantA.id });
    const mediator = await w.user('commission_staff');
    expect((await choose(w, quiet.cookie, every('off'))).status).toBe(303);
    const kinds = async () => {
      await deliverAll(w);
      const got = smtp.received.splice(0).map((r) => `${to(r)} ${r.mail.subject?.split(' ')[0]}`);
      return got.sort();
    };
    const c = await w.intake();
    // The agent at once (nobody owns it: `mine`), the admin by default too; the quiet one and staff not.
    expect(await kinds()).toEqual([`${agent.email} 新投诉`, `${boss.email} 新投诉`].sort());
    const post = (actor: Parameters<TestWorld['call']>[0], slug: string, body?: unknown) =>
      w.call(actor, 'POST', `/api/v1/complaints/${c.id}/${slug}`, body);
    expect((await post(w.actors.merchantA, 'acknowledge')).status).toBe(200);
    expect((await post(w.actors.merchantA, 'info-requests', { body: '请提供发票' })).status).toBe(200);
    expect(await kinds()).toEqual([]);
    expect((await post(w.actors.staff, 'consumer-replies', { body: '发票已拍照' })).status).toBe(200);
    // The admin's default for replies is the digest.
    expect(await kinds()).toEqual([`${agent.email} 消费者回复`]);
    const digestItems = await w.runtime.db.selectFrom('notice_digest_items').selectAll().execute();
    expect(digestItems.map((i) => i.user_id)).toEqual([boss.id]);
    expect(
      (await post(w.actors.merchantA, 'proposals', { outcome: 'refund', amountFen: 100, terms: '退款' }))
        .status,
    ).toBe(200);
    expect(
      (await post(w.actors.staff, 'proposal-answers', { accept: false, comment: '金额太少' })).status,
    ).toBe(200);
    // Rejected: the proposal's answer and the escalation; staff hear of both (mediation began).
    expect(await kinds()).toEqual(
      [
        `${agent.email} 消费者拒绝和解方案`,
        `${agent.email} 转消保委调解`,
        `${boss.email} 转消保委调解`,
        `${mediator.email} 消费者拒绝和解方案`,
        `${mediator.email} 转消保委调解`,
      ].sort(),
    );
    const rejected = (await w.runtime.db.selectFrom('notice_mails').selectAll().execute()).length;
    expect(rejected).toBe(8);

    // A signed-in merchant user who acts is not told of it: the admin escalates another complaint.
    const d = await w.intake();
    await kinds();
    const byAdmin = await w.call(boss, 'POST', `/api/v1/complaints/${d.id}/decline`, { reason: '不同意' });
    expect(byAdmin.status).toBe(200);
    expect(await kinds()).toEqual([`${agent.email} 转消保委调解`, `${mediator.email} 转消保委调解`].sort());
  });

  // Runs once the team feature (complaint owners, `complaint.owner_changed`) is on main.
  it.skipIf(!OWNERS)(
    'go to a complaint’s owner at once and to the other agents in the digest; a new owner is told',
    async () => {
      const smtp = await smtpServer();
      const w = await world({ smtp: smtp.url });
      const owner = await w.user('merchant_agent', { merchantId: w.merchantA.id });
      const colleague = await w.user('merchant_agent', { merchantId: w.merchantA.id });
      const c = await w.intake();
      await deliverAll(w);
      smtp.received.splice(0);
      // The colleague assigns it to the owner: the owner is told, the colleague (who acted) not.
      const put = await w.call(colleague, 'PUT', `/api/v1/complaints/${c.id}/owner`, { userId: owner.id });
      expect(put.status).toBe(200);
      await deliverAll(w);
      expect(smtp.received.map((r) => `${to(r)} ${r.mail.subject}`)).toEqual([
        `${owner.email} 指派给您 ${c.reference}：${c.subject}`,
      ]);
      smtp.received.splice(0);
      expect(
        (await w.call(w.actors.merchantA, 'POST', `/api/v1/complaints/${c.id}/acknowledge`)).status,
      ).toBe(200);
      await w.call(w.actors.merchantA, 'POST', `/api/v1/complaints/${c.id}/info-requests`, {
        body: '请提供发票',
      });
      await w.call(w.actors.staff, 'POST', `/api/v1/complaints/${c.id}/consumer-replies`, { body: '已上传' });
      await deliverAll(w);
      // `mine` (the agents' default): the owner at once, the colleague in the digest.
      expect(smtp.received.map(to)).toEqual([owner.email]);
      const waiting = await w.runtime.db.selectFrom('notice_digest_items').select('user_id').execute();
      expect(waiting.map((i) => i.user_id)).toEqual([colleague.id]);
    },
  );

  it('tell of deadlines due soon and passed: the merchant’s to its users, the commission’s to staff', async () => {
    const smtp = await smtpServer();
    const w = await world({ smtp: smtp.url });
    const agent = await w.user('merchant_agent', { merchantId: w.merchantA.id });
    const staff = await w.user('commission_staff');
    const c = await w.intake();
    const unassigned = await w.intake({ merchantId: undefined });
    await deliverAll(w);
    smtp.received.splice(0);
    await w.travel(shanghai('2026-12-01T09:00:00'));
    await sweep(w.runtime);
    await deliverAll(w);
    expect(smtp.received.map((r) => `${to(r)} ${r.mail.subject}`)).toEqual([
      `${agent.email} 时限即将到期 ${c.reference}：${c.subject}`,
    ]);
    smtp.received.splice(0);
    await w.travel(shanghai('2026-12-03T00:00:01'));
    await sweep(w.runtime);
    await deliverAll(w);
    const breach = smtp.received.find((r) => to(r) === agent.email)!.mail;
    expect(breach.subject).toBe(`已超时 ${c.reference}：${c.subject}`);
    expect(breach.text).toContain('受理时限已过，投诉已超时。');
    expect(breach.text).toMatch(/已超时 \d+ (小时|天)/);
    // The commission's acceptance deadline of the unassigned complaint: staff only (due soon: the digest).
    await w.travel(shanghai('2026-12-10T00:00:01'));
    await sweep(w.runtime);
    await deliverAll(w);
    const staffMails = smtp.received.filter((r) => to(r) === staff.email).map((r) => r.mail);
    expect(staffMails.map((m) => m.subject)).toEqual([
      `消保委期限已过 ${unassigned.reference}：${unassigned.subject}`,
    ]);
    expect(staffMails[0]!.text).toContain(
      `受理决定期限：${deadlineText(unassigned.commission.accept.dueAt)} 前（已超时`,
    );
    expect(staffMails[0]!.text).toContain(`${PUBLIC}/complaints/${unassigned.id}`);
  });

  it('are delivered once with two workers on one database', async () => {
    const smtp = await smtpServer();
    const url = await databaseUrl({ shared: true });
    const w = await world({ smtp: smtp.url, databaseUrl: url });
    const second = await openRuntime(w.runtime.config, { clock: w.clock, log: silentLogger, migrate: false });
    afterThisTest(() => second.close());
    const agents = await Promise.all(
      [1, 2, 3].map(() => w.user('merchant_agent', { merchantId: w.merchantA.id })),
    );
    for (let i = 0; i < 8; i++) await w.intake();
    const pending = await mailRows(w);
    expect(pending).toHaveLength(24);
    const worker = async (deps: typeof second) => {
      let n = 0;
      for (let k = 0; k < 10; k++) n += await sendDueMails(deps, { limit: 5 });
      return n;
    };
    const [one, two] = await Promise.all([worker(w.runtime), worker(second)]);
    expect(one + two).toBe(24);
    expect(smtp.received).toHaveLength(24);
    expect(new Set(smtp.received.map((r) => r.mail.messageId)).size).toBe(24);
    for (const a of agents) expect(smtp.received.filter((r) => to(r) === a.email)).toHaveLength(8);
    expect((await mailRows(w)).every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
  });

  it('are retried after an SMTP failure, with the same Message-ID, until the server takes them', async () => {
    const smtp = await smtpServer();
    const w = await world({ smtp: smtp.url });
    const agent = await w.user('merchant_agent', { merchantId: w.merchantA.id });
    smtp.failNext(2, 451);
    await w.intake();
    expect(await sendDueMails(w.runtime)).toBe(1);
    let [row] = await mailRows(w);
    expect(row).toMatchObject({ status: 'pending', attempts: 1, next_attempt_at: MONDAY_10AM + 30_000 });
    expect(row!.last_error).toMatch(/451/);
    expect(await sendDueMails(w.runtime)).toBe(0); // not before its time
    w.clock.advance(30_000);
    expect(await sendDueMails(w.runtime)).toBe(1);
    [row] = await mailRows(w);
    expect(row).toMatchObject({ status: 'pending', attempts: 2, next_attempt_at: MONDAY_10AM + 150_000 });
    w.clock.advance(120_000);
    expect(await sendDueMails(w.runtime)).toBe(1);
    [row] = await mailRows(w);
    expect(row).toMatchObject({ status: 'sent', attempts: 3, last_error: null });
    expect(smtp.received.map(to)).toEqual([agent.email]);
    expect(smtp.received[0]!.mail.messageId).toBe(`<${row!.id}@redress.example.cn>`);
    expect(await sendDueMails(w.runtime)).toBe(0);
    expect(smtp.received).toHaveLength(1);
  });

  it('are not sent of an event more than three days old (the seed’s history, a worker down for days)', async () => {
    const smtp = await smtpServer();
    const w = await world({ smtp: smtp.url });
    await w.user('merchant_agent', { merchantId: w.merchantA.id });
    await w.intake();
    w.clock.advance(STALE_MS + 1);
    expect(await sendDueMails(w.runtime)).toBe(1);
    expect(smtp.received).toHaveLength(0);
    expect((await mailRows(w))[0]).toMatchObject({ status: 'dropped', next_attempt_at: null });
  });

  it('go to the notifications table and the log without SMTP', async () => {
    const w = await world({ smtp: null });
    const agent = await w.user('merchant_agent', { merchantId: w.merchantA.id });
    const c = await w.intake();
    await deliverAll(w);
    const kept = await w.runtime.db
      .selectFrom('notifications')
      .selectAll()
      .where('channel', '=', 'email')
      .execute();
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({
      complaint_id: c.id,
      recipient: agent.email,
      link: `${PUBLIC}/complaints/${c.id}`,
    });
    expect(kept[0]!.body).toContain(`新投诉 ${c.reference}`);
    expect((await mailRows(w))[0]).toMatchObject({ status: 'sent', transport: 'log' });
  });
});

describe('daily digests', () => {
  it('send one mail per user per day at their time (Shanghai), exactly once with two workers', async () => {
    const smtp = await smtpServer();
    const url = await databaseUrl({ shared: true });
    const w = await world({ smtp: smtp.url, databaseUrl: url });
    const second = await openRuntime(w.runtime.config, { clock: w.clock, log: silentLogger, migrate: false });
    afterThisTest(() => second.close());
    const agent = await w.user('merchant_agent', { merchantId: w.merchantA.id });
    expect(
      (await choose(w, agent.cookie, { ...every('digest'), digestAt: '18:30', lang: 'en' })).status,
    ).toBe(303);
    const a = await w.intake();
    const b = await w.intake({ subject: '洗衣机噪音大，要求换货' });
    expect(await mailRows(w)).toHaveLength(0);
    // Before 18:30 nothing; the events wait.
    w.clock.set(shanghai('2026-11-30T18:29:00'));
    expect(await makeDueDigests(w.runtime)).toBe(0);
    w.clock.set(shanghai('2026-11-30T18:31:00'));
    const made = await Promise.all([
      makeDueDigests(w.runtime),
      makeDueDigests(second),
      makeDueDigests(w.runtime),
    ]);
    expect(made.reduce((x, y) => x + y, 0)).toBe(1);
    await Promise.all([sendDueMails(w.runtime), sendDueMails(second)]);
    expect(smtp.received).toHaveLength(1);
    const digest = smtp.received[0]!.mail;
    expect(to(smtp.received[0]!)).toBe(agent.email);
    expect(digest.subject).toBe('Daily digest 2026-11-30: 2 updates');
    expect(digest.headers.get('content-type')).toMatchObject({ value: 'multipart/alternative' });
    for (const c of [a, b]) {
      expect(digest.text).toContain(`New complaint ${c.reference}: ${c.subject}`);
      expect(digest.text).toContain(`${PUBLIC}/complaints/${c.id}`);
      expect(digest.html).toContain(`<a href="${PUBLIC}/complaints/${c.id}">`);
    }
    // Later the same day: an event waits for tomorrow's digest, never a second one today.
    await w.travel(shanghai('2026-11-30T20:00:00'));
    const c = await w.intake({ subject: '电视黑屏' });
    expect(await makeDueDigests(w.runtime)).toBe(0);
    w.clock.set(shanghai('2026-12-01T18:29:59'));
    expect(await makeDueDigests(w.runtime)).toBe(0);
    w.clock.set(shanghai('2026-12-01T18:30:00'));
    expect(await Promise.all([makeDueDigests(second), makeDueDigests(w.runtime)])).toSatisfy(
      (n: number[]) => n[0]! + n[1]! === 1,
    );
    await deliverAll(w);
    expect(smtp.received).toHaveLength(2);
    expect(smtp.received[1]!.mail.subject).toBe('Daily digest 2026-12-01: 1 updates');
    expect(smtp.received[1]!.mail.text).toContain(c.reference);
    expect(smtp.received[1]!.mail.text).not.toContain(a.reference);
    // A day with nothing in it sends nothing.
    w.clock.set(shanghai('2026-12-02T19:00:00'));
    expect(await makeDueDigests(w.runtime)).toBe(0);
  });

  it('find the slot of the day in Shanghai time', () => {
    expect(digestSlot(shanghai('2026-11-30T08:59:00'), 540)).toEqual({
      at: shanghai('2026-11-29T09:00:00'),
      day: '2026-11-29',
    });
    expect(digestSlot(shanghai('2026-11-30T09:00:00'), 540)).toEqual({
      at: shanghai('2026-11-30T09:00:00'),
      day: '2026-11-30',
    });
    // 00:30 Shanghai is 16:30 UTC the day before.
    expect(digestSlot(shanghai('2026-12-01T00:45:00'), 30).day).toBe('2026-12-01');
  });
});

describe('the notice settings page', () => {
  it('shows each role its kinds and the defaults, in both languages, and saves without JavaScript', async () => {
    const w = await world();
    const agent = await w.user('merchant_agent', { merchantId: w.merchantA.id });
    const staff = await w.user('commission_staff');
    const operator = await w.user('station_operator', { stationId: w.stationA.id });
    const zh = await getPage(w, '/settings/notices', agent.cookie);
    expect(zh.status).toBe(200);
    expect(zh.html).toContain('邮件通知');
    expect(zh.html).toContain(agent.email);
    expect(zh.html).toContain('name="choice_assigned"');
    expect(zh.html).toMatch(/<option value="mine" selected="">我负责的立即发送/);
    expect(zh.html).toContain('value="09:00"');
    expect(zh.html).toContain('href="/settings/notices"'); // in the navigation
    const en = await getPage(w, '/settings/notices?lang=en', agent.cookie);
    expect(en.html).toContain('Email notices');
    // Staff have no assignment notices and no "mine".
    const forStaff = await getPage(w, '/settings/notices', staff.cookie);
    expect(forStaff.html).not.toContain('name="choice_assigned"');
    expect(forStaff.html).not.toContain('value="mine"');
    expect((await getPage(w, '/settings/notices', operator.cookie)).status).toBe(403);

    const bad = await choose(w, agent.cookie, {
      ...every('digest'),
      choice_escalated: 'loudly',
      digestAt: '25:00',
    });
    expect(bad.status).toBe(422);
    expect(bad.html).toContain('请输入时间，如 09:00');
    expect(bad.html).toContain('请选择一项');
    const saved = await choose(w, agent.cookie, {
      ...every('digest'),
      choice_breached: 'immediate',
      digestAt: '07:15',
    });
    expect(saved).toMatchObject({ status: 303, location: '/settings/notices' });
    const again = await getPage(w, '/settings/notices', agent.cookie);
    expect(again.html).toContain('value="07:15"');
    expect(again.html).toMatch(/name="choice_breached"[\s\S]*?<option value="immediate" selected="">/);
    // Staff cannot choose `mine`.
    expect((await choose(w, staff.cookie, { ...every('mine') })).status).toBe(422);
    // The admin's settings link to it.
    const boss = await w.user('merchant_admin', { merchantId: w.merchantA.id });
    expect((await getPage(w, '/settings', boss.cookie)).html).toContain('href="/settings/notices"');
  });
});
