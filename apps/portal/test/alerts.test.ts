import { addDays, earsC, normalQuantile } from '@redress/core';
import { describe, expect, it } from 'vitest';
import { alertEvaluation } from '../src/alerts';
import { ALERT_DEFAULTS, testConfig } from '../src/config';
import { openRuntime } from '../src/deps';
import { ManualClock } from '../src/http/clock';
import { silentLogger } from '../src/logger';
import { databaseUrl, shanghai, type TestWorld, testWorld } from './harness';

/** The day evaluated: Sunday 2026-11-29, the day before the harness's Monday (its week ends on it). */
const SUNDAY = '2026-11-29';

/** Takes in `n` complaints received at noon of `date`, of a category and tags. */
async function receive(
  w: TestWorld,
  date: string,
  n: number,
  of: { category?: string; tags?: string[]; merchantId?: string } = {},
) {
  for (let i = 0; i < n; i++) {
    await w.intake({
      receivedAt: `${date}T12:${String(i % 60).padStart(2, '0')}:00+08:00`,
      category: of.category ?? 'appliance_repair',
      tags: of.tags ?? ['after_sales'],
      merchantId: of.merchantId ?? w.merchantA.id,
      consumer: { name: `消费者${i}`, phone: `1381234${String(1000 + i).slice(-4)}` },
    });
  }
}

/** A steady history: `perDay` complaints on each of the `days` days before `last` (inclusive). */
async function steady(w: TestWorld, last: string, days: number, perDay: (i: number) => number) {
  for (let i = days - 1; i >= 0; i--)
    await receive(w, addDays(last, -i), perDay(i), { category: 'food', tags: [] });
}

const evaluate = (w: TestWorld, date?: string) =>
  w.call(w.actors.staff, 'POST', '/api/v1/alerts/evaluate', date === undefined ? undefined : { date });

describe('the early warning', () => {
  it('a steady district raises nothing; the evaluation says what it watched', async () => {
    const w = await testWorld();
    // 3 or 4 a day, weekday-shaped, for 14 days up to Sunday.
    await steady(w, SUNDAY, 14, (i) => (i % 7 < 2 ? 3 : 4));
    const res = await evaluate(w, SUNDAY);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ date: SUNDAY, evaluated: true, raised: [] });
    // The total, the category and merchant A (no tags on these).
    expect(res.body.series.day).toBe(3);
    // A Sunday: its week is evaluated too.
    expect(res.body.series.week).toBe(3);
  });

  it('a spike raises one alert per series and method, with the numbers EARS gives, and says so once', async () => {
    const w = await testWorld();
    await steady(w, addDays(SUNDAY, -1), 13, (i) => [3, 4, 5, 4][i % 4]!);
    // The spike: 12 complaints of after-sales repair on Sunday, beside 4 of the steady kind.
    await receive(w, SUNDAY, 4, { category: 'food', tags: [] });
    await receive(w, SUNDAY, 12, { category: 'appliance_repair', tags: ['after_sales'] });
    const res = await evaluate(w, SUNDAY);
    expect(res.status).toBe(200);
    const raised = res.body.raised as any[];
    const daily = raised.filter((a) => a.granularity === 'day');
    expect(daily.map((a) => `${a.series.dimension}:${a.series.key}`).sort()).toEqual(
      ['category:appliance_repair', `merchant:${w.merchantA.id}`, 'tag:after_sales', 'total:all'].sort(),
    );
    // The district total, recomputed here from the counts by core's EARS (C2, the daily default).
    const totals: number[] = [];
    for (let i = 12; i >= 0; i--) totals.push([3, 4, 5, 4][(i + 0) % 4]!);
    totals.push(16);
    const [expected] = earsC(totals, 'C2', ALERT_DEFAULTS.day, [totals.length - 1]);
    const total = daily.find((a) => a.series.dimension === 'total');
    expect(total).toMatchObject({
      method: 'C2',
      observed: 16,
      status: 'open',
      series: { label: '全区合计' },
      period: { from: '2026-11-29T00:00:00.000+08:00', to: '2026-11-30T00:00:00.000+08:00' },
    });
    expect(total.expected).toBeCloseTo(expected!.expected, 2);
    expect(total.threshold).toBeCloseTo(expected!.threshold, 2);
    expect(total.threshold).toBeGreaterThan(total.expected + normalQuantile(0.999) - 0.01);
    const category = daily.find((a) => a.series.dimension === 'category');
    expect(category.series.label).toBe('家电维修');
    expect(daily.find((a) => a.series.dimension === 'merchant').series.label).toBe('甲电器有限公司');

    // Each alert is an `alert.raised` event in the commission's feed, never in a merchant's.
    const feed = await w.call(w.actors.staff, 'GET', '/api/v1/events?types=alert.raised');
    expect(feed.body.data.map((e: any) => e.data.object.id).sort()).toEqual(raised.map((a) => a.id).sort());
    const merchantFeed = await w.call(w.actors.merchantA, 'GET', '/api/v1/events?types=alert.raised');
    expect(merchantFeed.body.data).toEqual([]);

    // Again: nothing new, the same alerts, no new events.
    const again = await evaluate(w, SUNDAY);
    expect(again.status).toBe(200);
    expect(again.body.evaluated).toBe(false);
    expect((again.body.raised as any[]).map((a) => a.id).sort()).toEqual(raised.map((a) => a.id).sort());
    const feedAgain = await w.call(w.actors.staff, 'GET', '/api/v1/events?types=alert.raised');
    expect(feedAgain.body.data).toHaveLength(raised.length);
  });

  it('goes to the commission’s webhook endpoints', async () => {
    const w = await testWorld();
    const endpoint = await w.call(w.admin, 'POST', '/api/v1/webhook-endpoints', {
      url: 'http://127.0.0.1:9/alerts',
      eventTypes: ['alert.raised'],
    });
    expect(endpoint.status).toBe(201);
    await steady(w, addDays(SUNDAY, -1), 12, () => 2);
    await receive(w, SUNDAY, 15);
    const res = await evaluate(w, SUNDAY);
    expect(res.body.raised.length).toBeGreaterThan(0);
    const deliveries = await w.runtime.db
      .selectFrom('webhook_deliveries')
      .select(['endpoint_id', 'event_type'])
      .where('endpoint_id', '=', endpoint.body.id)
      .execute();
    expect(deliveries).toHaveLength(res.body.raised.length);
    expect(new Set(deliveries.map((d) => d.event_type))).toEqual(new Set(['alert.raised']));
  });

  it('a quiet series does not alarm on a few complaints (minimum count, floor on σ)', async () => {
    const w = await testWorld();
    // A new topic: nothing for 12 days, then 3 complaints (below the minimum count of 5).
    await receive(w, SUNDAY, 3, { category: 'education_training', tags: ['prepaid'] });
    const res = await evaluate(w, SUNDAY);
    expect(res.body.raised).toEqual([]);
  });

  it('staff acknowledge or dismiss an alert with a note, once; the list filters by status', async () => {
    const w = await testWorld();
    await steady(w, addDays(SUNDAY, -1), 12, () => 2);
    await receive(w, SUNDAY, 15);
    const { body } = await evaluate(w, SUNDAY);
    const [first, second] = body.raised as any[];
    const open = await w.call(w.actors.staff, 'GET', '/api/v1/alerts?status=open');
    expect(open.body.data.length).toBe(body.raised.length);

    const noNote = await w.call(w.actors.staff, 'POST', `/api/v1/alerts/${first.id}/acknowledge`, {});
    expect(noNote.status).toBe(422);
    expect(noNote.body.errors[0]).toMatchObject({ path: 'note' });

    const ack = await w.call(w.actors.staff, 'POST', `/api/v1/alerts/${first.id}/acknowledge`, {
      note: '已约谈甲电器，要求整改售后',
    });
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({
      status: 'acknowledged',
      resolution: { note: '已约谈甲电器，要求整改售后' },
    });
    const twice = await w.call(w.actors.staff, 'POST', `/api/v1/alerts/${first.id}/dismiss`, {
      note: '误报',
    });
    expect(twice.status).toBe(409);

    const dismiss = await w.call(w.actors.staff, 'POST', `/api/v1/alerts/${second.id}/dismiss`, {
      note: '一次性团购活动',
    });
    expect(dismiss.body.status).toBe('dismissed');
    const stillOpen = await w.call(w.actors.staff, 'GET', '/api/v1/alerts?status=open');
    expect(stillOpen.body.data.map((a: any) => a.id)).not.toContain(first.id);
    const acknowledged = await w.call(w.actors.staff, 'GET', '/api/v1/alerts?status=acknowledged');
    expect(acknowledged.body.data.map((a: any) => a.id)).toEqual([first.id]);

    // Paging: one at a time, every alert once.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await w.call(
        w.actors.staff,
        'GET',
        `/api/v1/alerts?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      seen.push(...page.body.data.map((a: any) => a.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual((body.raised as any[]).map((a) => a.id).sort());
  });

  it('only staff: merchants and stations are refused, an unknown alert is 404, a day not ended is 422', async () => {
    const w = await testWorld();
    for (const actor of [w.actors.merchantA, w.actors.stationA]) {
      expect((await w.call(actor, 'GET', '/api/v1/alerts')).status).toBe(403);
      expect((await w.call(actor, 'POST', '/api/v1/alerts/evaluate', {})).status).toBe(403);
    }
    expect(
      (await w.call(w.actors.staff, 'GET', '/api/v1/alerts/alr_01JD3Z6Y8G5C4F0QK3W2A1B9XE')).status,
    ).toBe(404);
    const today = await evaluate(w, '2026-11-30');
    expect(today.status).toBe(422);
    expect(today.body.errors[0]).toMatchObject({ path: 'date' });
    const notADate = await evaluate(w, '2026-02-30');
    expect(notADate.status).toBe(422);
    // Without a date: yesterday.
    const yesterday = await w.call(w.actors.staff, 'POST', '/api/v1/alerts/evaluate');
    expect(yesterday.body).toMatchObject({ date: SUNDAY, evaluated: true });
  });

  it('the daily job evaluates each day once across two workers, after 00:10 Shanghai', async () => {
    const url = await databaseUrl({ shared: true });
    const clock = new ManualClock(shanghai('2026-11-30T00:05:00'));
    const open = () =>
      openRuntime(testConfig({ databaseUrl: url }), { clock, log: silentLogger, poolSize: 4 });
    const one = await open();
    const two = await open();
    try {
      // 00:05: Sunday has not been left long enough; the days before it are caught up.
      await Promise.all([alertEvaluation.run(one), alertEvaluation.run(two)]);
      let dates = (await one.db.selectFrom('alert_evaluations').select('date').orderBy('date').execute()).map(
        (r) => r.date,
      );
      expect(dates).toEqual(Array.from({ length: 7 }, (_, i) => addDays('2026-11-22', i)));
      clock.set(shanghai('2026-11-30T00:11:00'));
      const counts = await Promise.all([alertEvaluation.run(one), alertEvaluation.run(two)]);
      expect(counts.sort()).toEqual([0, 1]);
      dates = (await one.db.selectFrom('alert_evaluations').select('date').orderBy('date').execute()).map(
        (r) => r.date,
      );
      expect(dates.at(-1)).toBe(SUNDAY);
      expect(dates).toHaveLength(8);
      // Nothing left to do.
      expect(await alertEvaluation.run(two)).toBe(0);
    } finally {
      await one.close();
      await two.close();
    }
  });

  it('pages: the list, an alert with its chart and table, acknowledging it; refused to merchants', async () => {
    const w = await testWorld();
    await steady(w, addDays(SUNDAY, -1), 12, () => 2);
    await receive(w, SUNDAY, 15);
    const { body } = await evaluate(w, SUNDAY);
    const alert = (body.raised as any[]).find((a) => a.series.dimension === 'total');
    const cookie = { cookie: w.admin.cookie };
    const list = await w.call(cookie, 'GET', '/alerts');
    expect(list.status).toBe(200);
    expect(list.body).toContain(`/alerts/${alert.id}`);
    expect(list.body).toContain('全区 · 全区合计');

    const detail = await w.call(cookie, 'GET', `/alerts/${alert.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toContain('<svg');
    // CSP-safe: no inline style attribute or element in the chart.
    const svg = String(detail.body).slice(String(detail.body).indexOf('<svg'));
    expect(svg.slice(0, svg.indexOf('</svg>'))).not.toMatch(/style[=>]/);
    expect(detail.body).toContain('11-29 (预警点)');

    const csrf = /name="_csrf" value="([^"]+)"/.exec(String(detail.body))?.[1];
    const form = (fields: Record<string, string>) =>
      w.app.request(`/alerts/${alert.id}/resolve`, {
        method: 'POST',
        headers: {
          Cookie: w.admin.cookie,
          Origin: 'http://localhost',
          'Content-Type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ _csrf: csrf!, ...fields }).toString(),
      });
    const empty = await form({ status: 'acknowledged', note: '' });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain('请写明说明');
    const done = await form({ status: 'acknowledged', note: '已约谈' });
    expect(done.status).toBe(303);
    const after = await w.call(cookie, 'GET', `/alerts/${alert.id}`);
    expect(after.body).toContain('已确认');
    expect(after.body).toContain('已约谈');

    const agent = await w.user('merchant_agent', { merchantId: w.merchantA.id });
    const refused = await w.call({ cookie: agent.cookie }, 'GET', '/alerts');
    expect(refused.status).toBe(403);
  });
});
