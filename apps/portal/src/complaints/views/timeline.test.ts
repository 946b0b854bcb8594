import { describe, expect, it } from 'vitest';
import { complaintIn, consumerTokenOf, type TestWorld, testWorld } from '../../../test/harness';

/** One complaint page as a signed-in user reads it. */
async function complaintPage(w: TestWorld, id: string, cookie: string, lang = 'zh') {
  const res = await w.app.request(`/complaints/${id}${lang === 'en' ? '?lang=en' : ''}`, {
    headers: { Cookie: cookie },
  });
  expect(res.status).toBe(200);
  return await res.text();
}

/** The timeline entry (one `<li>`) that holds `text`. */
function entryWith(html: string, text: string): string {
  const at = html.indexOf(text);
  expect(at, `the page shows ${text}`).toBeGreaterThan(-1);
  return html.slice(html.lastIndexOf('<li>', at), html.indexOf('</li>', at));
}

describe('a reply recorded for the consumer is the consumer’s, on every timeline', () => {
  it('recorded by the merchant: the complaint page, the consumer page and the API say so', async () => {
    const w = await testWorld();
    const c = await complaintIn(w, 'awaiting_consumer');
    const reply = '电话里说发票已经找到，明天拍照上传';
    const res = await w.call(w.actors.merchantA, 'POST', `/api/v1/complaints/${c.id}/consumer-replies`, {
      body: reply,
    });
    expect(res.status).toBe(200);

    const agent = await w.user('merchant_agent', { merchantId: w.merchantA.id });
    const entry = entryWith(await complaintPage(w, c.id, agent.cookie), reply);
    expect(entry).toContain('消费者（电话告知，由企业记录）');
    expect(entry).not.toContain('企业客服');
    const staff = await w.user('commission_staff');
    expect(entryWith(await complaintPage(w, c.id, staff.cookie), reply)).toContain(
      '消费者（电话告知，由企业记录）',
    );
    expect(entryWith(await complaintPage(w, c.id, staff.cookie, 'en'), reply)).toContain(
      'Consumer (by phone, recorded by the merchant)',
    );
    // The merchant's own request before it stays the merchant's.
    expect(entryWith(await complaintPage(w, c.id, agent.cookie), '请提供购买发票和故障照片')).not.toContain(
      '电话告知',
    );

    const token = await consumerTokenOf(w, c.id);
    const view = await w.call(null, 'GET', `/api/v1/consumer/${token}`);
    expect(view.body.messages).toEqual([
      expect.objectContaining({ from: 'merchant', recordedBy: null, body: '请提供购买发票和故障照片' }),
      expect.objectContaining({ from: 'consumer', recordedBy: 'merchant', body: reply }),
    ]);
    const page = await (await w.app.request(`/c/${token}`)).text();
    expect(entryWith(page, reply)).toContain('您（电话告知，由企业记录）');
  });

  it('recorded by staff: the reply and the answer to a proposal', async () => {
    const w = await testWorld();
    const c = await complaintIn(w, 'awaiting_consumer');
    const reply = '消费者来电补充：订单号 20261130001';
    await w.call(w.actors.staff, 'POST', `/api/v1/complaints/${c.id}/consumer-replies`, { body: reply });
    await w.call(w.actors.merchantA, 'POST', `/api/v1/complaints/${c.id}/proposals`, {
      outcome: 'refund',
      amountFen: 12_800,
      terms: '退还安装费128元',
    });
    const answered = await w.call(w.actors.staff, 'POST', `/api/v1/complaints/${c.id}/proposal-answers`, {
      accept: false,
      comment: '消费者来电表示金额太少',
    });
    expect(answered.status).toBe(200);
    const staff = await w.user('commission_staff');
    const html = await complaintPage(w, c.id, staff.cookie);
    expect(entryWith(html, reply)).toContain('消费者（电话告知，由消保委记录）');
    expect(entryWith(html, '消费者来电表示金额太少')).toContain('消费者（电话告知，由消保委记录）');
    const page = await (await w.app.request(`/c/${await consumerTokenOf(w, c.id)}`)).text();
    expect(entryWith(page, reply)).toContain('您（电话告知，由消保委记录）');
  });

  it('the consumer’s own reply through the link is plainly theirs', async () => {
    const w = await testWorld();
    const c = await complaintIn(w, 'awaiting_consumer');
    const token = await consumerTokenOf(w, c.id);
    await w.call(null, 'POST', `/api/v1/consumer/${token}/reply`, { body: '发票照片已上传' });
    const staff = await w.user('commission_staff');
    const entry = entryWith(await complaintPage(w, c.id, staff.cookie), '发票照片已上传');
    expect(entry).toContain('消费者');
    expect(entry).not.toContain('电话告知');
  });
});
