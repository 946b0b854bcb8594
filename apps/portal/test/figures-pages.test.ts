import { describe, expect, it } from 'vitest';
import { complaintIn, shanghai, testWorld } from './harness';

const html = async (w: any, path: string, cookie: string) => {
  const res = await w.app.request(path, { headers: { Cookie: cookie } });
  return { status: res.status, text: await res.text(), headers: res.headers, res };
};

describe('the dashboard and the scorecards', () => {
  it('staff land on the dashboard; its numbers and exports are the API’s', async () => {
    const w = await testWorld({ now: shanghai('2026-11-30T10:00:00') });
    await complaintIn(w, 'settled');
    await complaintIn(w, 'escalated');
    await w.intake({ merchantId: w.merchantB.id, category: 'ev_charging', tags: ['live_streaming'] });
    await w.call(w.actors.stationA, 'POST', '/api/v1/settlements', {
      stationId: w.stationA.id,
      merchantName: '路边摊',
      outcome: 'refund',
      amountFen: 5_000,
      consumerAccepted: true,
      summary: '现场退款',
    });
    const staff = await w.user('commission_staff');
    expect((await w.app.request('/', { headers: { Cookie: staff.cookie } })).headers.get('Location')).toBe(
      '/dashboard',
    );
    const page = await html(w, '/dashboard', staff.cookie);
    expect(page.status).toBe(200);
    expect(page.text).toContain('统计概览');
    expect(page.text).toContain('<svg role="img"');
    expect(page.text).not.toMatch(/<script|style="/);
    expect(page.text).toContain('¥50.00'); // the station settlement without a complaint
    expect(page.text).toContain('id="open-alerts"');

    // The trend's CSV: the API's monthly numbers.
    const api = await w.call(w.actors.staff, 'GET', '/api/v1/metrics?groupBy=month');
    const csv = await html(w, '/dashboard?chart=trend&format=csv', staff.cookie);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('Content-Type')).toContain('text/csv');
    const lines = csv.text.replace('\uFEFF', '').trim().split('\r\n');
    expect(lines[0]).toBe('月份,受理投诉量,先行和解率');
    const november = api.body.groups.find((g: any) => g.key === '2026-11');
    expect(lines).toContain(`2026-11,${november.volume},${november.firstSettlementRate ?? ''}`);
    expect(lines).toHaveLength(1 + api.body.groups.length);
    // The merchants' ranking: every figure in its CSV, as the API's groups.
    const byMerchant = await w.call(w.actors.staff, 'GET', '/api/v1/metrics?groupBy=merchant');
    const ranked = (await html(w, '/dashboard?chart=merchant&format=csv', staff.cookie)).text
      .trim()
      .split('\r\n');
    expect(ranked.slice(1).map((l: string) => l.split(',')[1])).toEqual(
      byMerchant.body.groups.map((g: any) => String(g.volume)),
    );
    const svg = await html(w, '/dashboard?chart=category&format=svg', staff.cookie);
    expect(svg.headers.get('Content-Type')).toContain('image/svg+xml');
    expect(svg.text).toMatch(/^<svg /);
    const png = await w.app.request('/dashboard?chart=stations&format=png', {
      headers: { Cookie: staff.cookie },
    });
    expect(png.headers.get('Content-Type')).toBe('image/png');
    expect([...new Uint8Array(await png.arrayBuffer()).slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect((await html(w, '/dashboard?chart=nothing&format=csv', staff.cookie)).status).toBe(404);
    // A filter and a period through the form's GET; English.
    const filtered = await html(
      w,
      '/dashboard?from=2026-11-01&to=2026-11-30&category=ev_charging&lang=en',
      staff.cookie,
    );
    expect(filtered.status).toBe(200);
    expect(filtered.text).toContain('Headline figures');
    expect(filtered.text).toContain('2026-11-01 — 2026-11-30');
  });

  it('a merchant admin reads its own scorecard, staff any; the figures are the API’s', async () => {
    const w = await testWorld({ now: shanghai('2026-11-30T10:00:00') });
    await complaintIn(w, 'settled');
    await w.intake({ merchantId: w.merchantB.id });
    const admin = await w.user('merchant_admin', { merchantId: w.merchantA.id });
    const own = await html(w, '/scorecard', admin.cookie);
    expect(own.status).toBe(200);
    expect(own.text).toContain('甲电器有限公司 成绩单');
    expect(own.text).toContain('全区平均');
    const api = await w.call(w.actors.merchantA, 'GET', '/api/v1/metrics');
    expect(api.body.total.volume).toBe(1);
    expect(own.text).toContain(`${(api.body.total.firstSettlementRate * 100).toFixed(1)}%`);
    expect((await html(w, `/scorecard?merchantId=${w.merchantB.id}`, admin.cookie)).status).toBe(404);
    const staff = await w.user('commission_staff');
    const chooser = await html(w, '/scorecard', staff.cookie);
    expect(chooser.text).toContain('选择企业');
    const other = await html(w, `/scorecard?merchantId=${w.merchantB.id}&lang=en`, staff.cookie);
    expect(other.status).toBe(200);
    expect(other.text).toContain('Scorecard of 乙网络科技有限公司');
    const agent = await w.user('merchant_agent', { merchantId: w.merchantA.id });
    expect((await html(w, '/scorecard', agent.cookie)).status).toBe(403);
    expect((await html(w, '/dashboard', admin.cookie)).status).toBe(403);
  });
});
