import type { Status } from '@redress/core';
import { describe, expect, it } from 'vitest';
import {
  complaintAsStaff,
  complaintIn,
  consumerTokenOf,
  expectProblem,
  type TestWorld,
  testWorld,
} from '../../test/harness';
import { signConsumerLink } from '../auth/tokens';
import { deadlineText } from '../web/components';

/** The consumer's page, as the consumer's phone asks for it. */
async function consumerPage(w: TestWorld, token: string, lang = 'zh') {
  const res = await w.app.request(`/c/${token}${lang === 'en' ? '?lang=en' : ''}`);
  expect(res.status).toBe(200);
  return await res.text();
}

const ratingCount = async (w: TestWorld) =>
  Number(
    (
      await w.runtime.db
        .selectFrom('satisfaction')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('the rating, once the complaint has ended', () => {
  it.each<Status>(['acknowledged', 'awaiting_consumer', 'proposed', 'escalated'])(
    'is refused while the complaint is %s: 422, nothing stored, no form on the page',
    async (status) => {
      const w = await testWorld();
      const c = await complaintIn(w, status);
      // An acknowledged complaint has sent the consumer nothing yet: a link as the commission signs it.
      const token = await signConsumerLink(w.runtime.keys, w.clock, c.id, 3_600);
      const res = await w.call(null, 'POST', `/api/v1/consumer/${token}/rating`, { rating: 5 });
      expectProblem(res, 422);
      expect(res.body.detail).toMatch(/has not ended/);
      expect(res.body.errors).toEqual([
        { path: 'rating', code: 'too_early', message: expect.stringMatching(/ended/) },
      ]);
      expect(await ratingCount(w)).toBe(0);
      const view = await w.call(null, 'GET', `/api/v1/consumer/${token}`);
      expect(view.body).toMatchObject({ canRate: false, outcome: null, satisfaction: null });
      const html = await consumerPage(w, token);
      expect(html).not.toContain(`action="/c/${token}/rating"`);
      // A form posted anyway (an old tab, a crafted request) is refused beside a readable reason.
      const posted = await w.app.request(`/c/${token}/rating`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'http://localhost' },
        body: 'rating=5',
      });
      expect(posted.status).toBe(422);
      expect(await posted.text()).toContain('投诉办结后才能评价');
      expect(await ratingCount(w)).toBe(0);
    },
  );

  it.each<Status>(['settled', 'closed', 'referred', 'withdrawn'])(
    'is taken once the complaint is %s, and the page offers it',
    async (status) => {
      const w = await testWorld();
      const c = await complaintIn(w, status);
      const token = await consumerTokenOf(w, c.id);
      expect((await w.call(null, 'GET', `/api/v1/consumer/${token}`)).body.canRate).toBe(true);
      expect(await consumerPage(w, token)).toContain(`action="/c/${token}/rating"`);
      const res = await w.call(null, 'POST', `/api/v1/consumer/${token}/rating`, { rating: 4 });
      expect(res.status).toBe(200);
      expect(await ratingCount(w)).toBe(1);
    },
  );
});

describe('the consumer page of an ended complaint says what was agreed', () => {
  it('a proposal accepted: the merchant first, the outcome, the amount, and no promise of news', async () => {
    const w = await testWorld();
    const c = await complaintIn(w, 'proposed');
    const token = await consumerTokenOf(w, c.id);
    expect(
      (await w.call(null, 'POST', `/api/v1/consumer/${token}/proposal-answer`, { accept: true })).status,
    ).toBe(200);
    const view = await w.call(null, 'GET', `/api/v1/consumer/${token}`);
    expect(view.body.outcome).toMatchObject({
      status: 'settled',
      settlement: { channel: 'merchant_first', outcome: 'refund', amount: { amountFen: 12_800 } },
      referral: null,
      note: null,
    });
    const html = await consumerPage(w, token);
    expect(html).toContain('您的投诉已和解，达成的和解内容如下。');
    expect(html).toMatch(/和解方式<\/dt><dd>企业先行和解/);
    expect(html).toMatch(/和解内容<\/dt><dd>退款 · ¥128.00/);
    expect(html).toContain('退还安装费128元');
    expect(html).not.toContain('我们会再发短信通知您');
    const en = await consumerPage(w, token, 'en');
    expect(en).toContain('Your complaint was settled. This is what was agreed.');
    expect(en).toContain('Merchant first settlement');
    expect(en).not.toContain('We will text you');
  });

  it('settled in mediation, then closed: the commission’s mediation and the closing note', async () => {
    const w = await testWorld();
    const c = await complaintIn(w, 'escalated');
    const staff = w.actors.staff;
    const settle = { outcome: 'compensation', amountFen: 30_000, consumerAccepted: true, note: '补偿300元' };
    expect((await w.call(staff, 'POST', `/api/v1/complaints/${c.id}/settlement`, settle)).status).toBe(200);
    expect(
      (await w.call(staff, 'POST', `/api/v1/complaints/${c.id}/close`, { reason: '双方已履行' })).status,
    ).toBe(200);
    const html = await consumerPage(w, await consumerTokenOf(w, c.id));
    expect(html).toContain('您的投诉已办结。');
    expect(html).toMatch(/和解方式<\/dt><dd>消保委调解/);
    expect(html).toContain('¥300.00');
    expect(html).toMatch(/说明<\/dt><dd><span class="story">双方已履行/);
  });

  it('referred: to whom, and the note', async () => {
    const w = await testWorld();
    const c = await complaintIn(w, 'referred');
    const token = await consumerTokenOf(w, c.id);
    expect((await w.call(null, 'GET', `/api/v1/consumer/${token}`)).body.outcome).toMatchObject({
      status: 'referred',
      settlement: null,
      referral: { to: 'people_mediation', note: '调解不成，移交人民调解' },
    });
    const html = await consumerPage(w, token);
    expect(html).toContain('您的投诉已移交以下机构继续处理');
    expect(html).toMatch(/移交至<\/dt><dd>人民调解/);
    expect(html).not.toContain('我们会再发短信通知您');
  });

  it('an open complaint with nothing to do still promises the next notice', async () => {
    const w = await testWorld();
    const c = await complaintIn(w, 'escalated');
    const html = await consumerPage(w, await consumerTokenOf(w, c.id));
    expect(html).toContain('目前无需您操作。处理有进展时，我们会再发短信通知您。');
    expect(html).not.toContain('id="outcome"');
  });
});

describe('the answer deadline of a proposal', () => {
  it('shows on the consumer page and the complaint page, in the legal form of the date', async () => {
    const w = await testWorld();
    const c = await complaintIn(w, 'proposed');
    const due = (await complaintAsStaff(w, c.id)).sla.answerDueAt as string;
    expect(due).toBeTruthy();
    const text = deadlineText(due);
    // Three working days from Monday 10:00: the end of Thursday, written as the law counts it.
    expect(text).toBe('2026-12-03 24:00');
    const html = await consumerPage(w, await consumerTokenOf(w, c.id));
    expect(html).toContain(`请在 ${text} 前答复`);
    const agent = await w.user('merchant_agent', { merchantId: w.merchantA.id });
    const page = await w.app.request(`/complaints/${c.id}`, { headers: { Cookie: agent.cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(new RegExp(`消费者答复期限</dt><dd>${text}`));
  });

  it('is not shown for a mediator’s proposal, which has no answer window', async () => {
    const w = await testWorld();
    const c = await complaintIn(w, 'escalated');
    const proposal = { outcome: 'refund', amountFen: 20_000, terms: '退款200元' };
    expect(
      (await w.call(w.actors.staff, 'POST', `/api/v1/complaints/${c.id}/proposals`, proposal)).status,
    ).toBe(200);
    const html = await consumerPage(w, await consumerTokenOf(w, c.id));
    expect(html).toContain('退款200元');
    expect(html).not.toContain('id="answer-due"');
  });
});
