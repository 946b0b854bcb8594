import { describe, expect, it } from 'vitest';
import { advance, complaintIn, consumerTokenOf, testWorld } from '../../test/harness';

const linkOf = consumerTokenOf;

describe('the consumer link API', () => {
  it('accepts a proposal with the link alone: no account, no API token', async () => {
    const w = await testWorld();
    const c = await complaintIn(w, 'proposed');
    const token = await linkOf(w, c.id);
    const view = await w.call(null, 'GET', `/api/v1/consumer/${token}`);
    expect(view.status).toBe(200);
    expect(view.body.proposal).toEqual({ outcome: 'refund', amountFen: 12_800, terms: '退还安装费128元' });
    const res = await w.call(
      null,
      'POST',
      `/api/v1/consumer/${token}/proposal-answer`,
      { accept: true },
      {
        'Idempotency-Key': 'answer-1',
      },
    );
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('settled');
    expect(res.body.settlement.amount.amountFen).toBe(12_800);
    const again = await w.call(
      null,
      'POST',
      `/api/v1/consumer/${token}/proposal-answer`,
      { accept: true },
      {
        'Idempotency-Key': 'answer-1',
      },
    );
    expect(again.status).toBe(200);
    expect(again.headers.get('Idempotent-Replayed')).toBe('true');
  });

  it('takes the reply to an information request, and resumes the clock', async () => {
    const w = await testWorld();
    const c = await complaintIn(w, 'awaiting_consumer');
    const token = await linkOf(w, c.id);
    const res = await w.call(null, 'POST', `/api/v1/consumer/${token}/reply`, { body: '发票照片已上传' });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('acknowledged');
  });

  it('stores a rating from 1 to 5 once the complaint has ended, the latest one kept', async () => {
    const w = await testWorld();
    const c = await complaintIn(w, 'settled');
    const token = await linkOf(w, c.id);
    expect((await w.call(null, 'POST', `/api/v1/consumer/${token}/rating`, { rating: 6 })).status).toBe(422);
    expect((await w.call(null, 'POST', `/api/v1/consumer/${token}/rating`, { rating: 2 })).status).toBe(200);
    const res = await w.call(null, 'POST', `/api/v1/consumer/${token}/rating`, {
      rating: 4,
      comment: '处理及时',
    });
    expect(res.body).toMatchObject({ rating: 4, comment: '处理及时' });
    const rows = await w.runtime.db.selectFrom('satisfaction').selectAll().execute();
    expect(rows.map((r) => [r.complaint_id, r.rating])).toEqual([[c.id, 4]]);
  });

  it('refuses a tampered or expired link, and a link works only for its own complaint', async () => {
    const w = await testWorld();
    const a = await complaintIn(w, 'proposed');
    const b = await complaintIn(w, 'proposed');
    const tokenA = await linkOf(w, a.id);
    expect((await w.call(null, 'GET', `/api/v1/consumer/${tokenA}x`)).status).toBe(401);
    // The link names complaint A: answering through it never touches B.
    await w.call(null, 'POST', `/api/v1/consumer/${tokenA}/proposal-answer`, { accept: false });
    expect((await w.call(w.actors.staff, 'GET', `/api/v1/complaints/${b.id}`)).body.status).toBe('proposed');
    expect((await w.call(w.actors.staff, 'GET', `/api/v1/complaints/${a.id}`)).body.status).toBe('escalated');
    await advance(w, 31 * 86_400_000);
    const expired = await w.call(null, 'POST', `/api/v1/consumer/${await linkOf(w, b.id)}/proposal-answer`, {
      accept: true,
    });
    expect(expired.status).toBe(401);
  });

  it('is a page too: the consumer answers by form, and a bad link gets a friendly page', async () => {
    const w = await testWorld();
    const c = await complaintIn(w, 'proposed');
    const token = await linkOf(w, c.id);
    const page = await w.app.request(`/c/${token}`);
    const html = await page.text();
    expect(html).toContain('企业提出的和解方案');
    expect(html).toContain('¥128.00');
    const res = await w.app.request(`/c/${token}/answer`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'http://localhost' },
      body: 'accept=yes',
    });
    expect(res.status).toBe(303);
    expect((await w.call(w.actors.staff, 'GET', `/api/v1/complaints/${c.id}`)).body.status).toBe('settled');
    const bad = await w.app.request('/c/not-a-link');
    expect(bad.status).toBe(404);
    expect(await bad.text()).toContain('链接无效或已过期');
  });
});
