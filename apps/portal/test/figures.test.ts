import { DAY_MS, SHANGHAI_OFFSET_MS } from '@redress/core';
import { describe, expect, it } from 'vitest';
import { withPrincipal } from '../src/context';
import { computeFigures } from '../src/figures';
import { dashboardFigures } from '../src/figures/dashboard';
import { SYSTEM } from '../src/http/principal';
import { consumerTokenOf, expectProblem, shanghai, type TestWorld, testWorld } from './harness';

/**
 * The figures of `GET /api/v1/metrics` recomputed here, independently of its SQL: from the
 * event feed of a generated history (received, assigned, settled, settlement recorded), the
 * complaints' SLA state as the API shows it (core's `slaState`), and the ratings the history
 * gave. Every definition is the issue's, written again in plain TypeScript.
 */

/** A small deterministic generator (mulberry32). */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface History {
  ratings: Map<string, number>;
}

/**
 * Two years of complaints, moving the clock forward: complaints to merchant A, merchant B or
 * nobody, in two categories and several tags and channels; some acknowledged, settled by the
 * merchant (first settlement) or declined and settled in mediation; station settlements with
 * and without a complaint; ratings on some that ended.
 */
async function generateHistory(w: TestWorld, seed: number, steps: number): Promise<History> {
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)] as T;
  const start = shanghai('2025-01-02T09:00:00');
  const end = shanghai('2026-11-20T09:00:00');
  const times = Array.from({ length: steps }, () => start + Math.floor(rnd() * (end - start))).sort(
    (a, b) => a - b,
  );
  const open: { id: string; merchant: 'merchantA' | 'merchantB'; status: string }[] = [];
  const ratings = new Map<string, number>();
  const ok = (res: { status: number; body: any }, what: string) => {
    if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  /** The consumer rates, through the link the settlement's notice carried, half the time. */
  const rate = async (id: string) => {
    if (rnd() < 0.5) return;
    const rating = 1 + Math.floor(rnd() * 5);
    const token = await consumerTokenOf(w, id);
    ok(
      await w.call(null, 'POST', `/api/v1/consumer/${token}/rating`, { rating, comment: '处理及时' }),
      'rating',
    );
    ratings.set(id, rating);
  };
  for (const t of times) {
    await w.travel(t);
    const count = 1 + Math.floor(rnd() * 2);
    for (let i = 0; i < count; i++) {
      const to = pick(['merchantA', 'merchantA', 'merchantB', null] as const);
      const c = await w.intake({
        merchantId: to ? w[to].id : undefined,
        category: pick(['appliance_repair', 'online_shopping', 'ev_charging']),
        tags: pick([[], ['live_streaming'], ['live_streaming', 'bnpl'], ['after_sales']]),
        channel: pick(['hotline', 'online', 'platform_12315']),
        kind: rnd() < 0.1 ? 'consultation' : 'complaint',
      });
      if (to) open.push({ id: c.id, merchant: to, status: 'assigned' });
      else if (rnd() < 0.5) {
        // Assigned later by staff.
        const who = pick(['merchantA', 'merchantB'] as const);
        ok(
          await w.call(w.actors.staff, 'POST', `/api/v1/complaints/${c.id}/assign`, {
            merchantId: w[who].id,
          }),
          'assign',
        );
        open.push({ id: c.id, merchant: who, status: 'assigned' });
      }
    }
    // Work on some of the open complaints.
    for (const c of [...open]) {
      const r = rnd();
      if (r > 0.45) continue;
      const actor = w.actors[c.merchant];
      const path = `/api/v1/complaints/${c.id}`;
      if (c.status === 'assigned' && r < 0.3) {
        ok(await w.call(actor, 'POST', `${path}/acknowledge`), 'acknowledge');
        c.status = 'acknowledged';
      } else if (c.status === 'acknowledged' && r < 0.3) {
        const amountFen = Math.floor(rnd() * 50_000);
        ok(
          await w.call(actor, 'POST', `${path}/settlement`, {
            outcome: 'refund',
            amountFen,
            consumerAccepted: true,
          }),
          'settle',
        );
        open.splice(open.indexOf(c), 1);
        await rate(c.id);
      } else if (c.status === 'assigned' && r < 0.4) {
        ok(await w.call(actor, 'POST', `${path}/decline`, { reason: '不属于本企业责任' }), 'decline');
        c.status = 'escalated';
      } else if (c.status === 'escalated' && r < 0.4) {
        ok(
          await w.call(w.actors.staff, 'POST', `${path}/settlement`, {
            outcome: 'compensation',
            amountFen: Math.floor(rnd() * 80_000),
            consumerAccepted: true,
          }),
          'mediation settlement',
        );
        open.splice(open.indexOf(c), 1);
        await rate(c.id);
      }
    }
    if (rnd() < 0.3) {
      // A station settlement without a complaint: for merchant A, or a business not networked.
      ok(
        await w.call(w.actors.stationA, 'POST', '/api/v1/settlements', {
          stationId: w.stationA.id,
          ...(rnd() < 0.5 ? { merchantId: w.merchantA.id } : { merchantName: '某小吃店' }),
          outcome: 'refund',
          amountFen: Math.floor(rnd() * 20_000),
          consumerAccepted: true,
          summary: '现场退款',
        }),
        'station settlement',
      );
    }
  }
  return { ratings };
}

interface Facts {
  id: string;
  kind: string;
  receivedAt: number;
  merchantId: string | null;
  category: string;
  tags: string[];
  channel: string;
  everAssigned: boolean;
  settledAt: number | null;
  settledChannel: string | null;
  slaState: string | null;
}
interface SettlementFact {
  recordedAt: number;
  amountFen: number;
  merchantId: string | null;
  complaintId: string | null;
}

/** Every event of the feed, oldest first. */
async function allEvents(w: TestWorld): Promise<any[]> {
  const events: any[] = [];
  let after: string | undefined;
  for (;;) {
    const res = await w.call(
      w.actors.staff,
      'GET',
      `/api/v1/events?limit=100${after ? `&after=${after}` : ''}`,
    );
    expect(res.status).toBe(200);
    events.push(...res.body.data);
    if (res.body.data.length < 100) return events;
    after = res.body.data.at(-1).id;
  }
}

/** The facts of the history, from the events (and the SLA state from each complaint as the API shows it). */
async function factsOf(w: TestWorld) {
  const complaints = new Map<string, Facts>();
  const settlements = new Map<string, SettlementFact>();
  for (const e of await allEvents(w)) {
    const o = e.data?.object;
    if (e.type === 'complaint.received') {
      complaints.set(o.id, {
        id: o.id,
        kind: o.kind,
        receivedAt: Date.parse(o.receivedAt),
        merchantId: o.merchantId,
        category: o.category,
        tags: o.tags,
        channel: o.channel,
        everAssigned: o.merchantId !== null,
        settledAt: null,
        settledChannel: null,
        slaState: null,
      });
    } else if (e.type === 'complaint.assigned') {
      const f = complaints.get(o.id) as Facts;
      f.everAssigned = true;
      f.merchantId = o.merchantId;
    } else if (e.type === 'complaint.settled') {
      const f = complaints.get(o.id) as Facts;
      f.settledAt = Date.parse(e.createdAt);
      f.settledChannel = o.settlement?.channel ?? null;
      // A complaint's settlement is in its object (a station's own in `settlement.recorded`).
      settlements.set(o.settlement.id, {
        recordedAt: Date.parse(o.settlement.recordedAt),
        amountFen: o.settlement.amount.amountFen,
        merchantId: o.merchantId,
        complaintId: o.id,
      });
    } else if (e.type === 'settlement.recorded') {
      settlements.set(o.id, {
        recordedAt: Date.parse(o.recordedAt),
        amountFen: o.amount.amountFen,
        merchantId: o.merchantId,
        complaintId: o.complaintId,
      });
    }
  }
  for (const f of complaints.values()) {
    const res = await w.call(w.actors.staff, 'GET', `/api/v1/complaints/${f.id}`);
    f.slaState = res.body.sla?.state ?? null;
  }
  return { complaints: [...complaints.values()], settlements: [...settlements.values()] };
}

/** A year earlier in Shanghai, written out again: the same wall-clock date and time. */
function yearBefore(ms: number): number {
  const local = new Date(ms + SHANGHAI_OFFSET_MS);
  local.setUTCFullYear(local.getUTCFullYear() - 1);
  return local.getTime() - SHANGHAI_OFFSET_MS;
}

/** The figures by their definitions, over the facts. */
function expected(
  facts: Awaited<ReturnType<typeof factsOf>>,
  ratings: Map<string, number>,
  from: number,
  to: number,
  keep: (f: Facts) => boolean = () => true,
  keepSettlement: (s: SettlementFact) => boolean = () => true,
) {
  const inPeriod = (f: Facts, a: number, b: number) =>
    f.kind === 'complaint' && f.receivedAt >= a && f.receivedAt < b && keep(f);
  const now = facts.complaints.filter((f) => inPeriod(f, from, to));
  const before = facts.complaints.filter((f) => inPeriod(f, yearBefore(from), yearBefore(to)));
  const assigned = now.filter((f) => f.everAssigned);
  const settledFirst = assigned.filter((f) => f.settledChannel === 'merchant_first');
  const met = now.filter((f) => f.slaState === 'met').length;
  const missed = now.filter((f) => f.slaState === 'overdue').length;
  const durations = now
    .filter((f) => f.settledAt !== null)
    .map((f) => (f.settledAt as number) - f.receivedAt)
    .sort((a, b) => a - b);
  let median: number | null = null;
  if (durations.length) {
    const n = durations.length;
    const mid =
      n % 2 ? durations[(n - 1) / 2] : ((durations[n / 2 - 1] as number) + (durations[n / 2] as number)) / 2;
    median = Math.round(((mid as number) / DAY_MS) * 10) / 10;
  }
  const rated = now.filter((f) => ratings.has(f.id)).map((f) => ratings.get(f.id) as number);
  return {
    volume: now.length,
    volumePreviousYear: before.length,
    changeYoY: before.length === 0 ? null : (now.length - before.length) / before.length,
    assigned: assigned.length,
    settledFirst: settledFirst.length,
    firstSettlementRate: assigned.length === 0 ? null : settledFirst.length / assigned.length,
    onTimeRate: met + missed === 0 ? null : met / (met + missed),
    medianDaysToSettle: median,
    recoveredFen: facts.settlements
      .filter((s) => s.recordedAt >= from && s.recordedAt < to && keepSettlement(s))
      .reduce((sum, s) => sum + s.amountFen, 0),
    satisfaction: {
      count: rated.length,
      mean: rated.length === 0 ? null : rated.reduce((a, b) => a + b, 0) / rated.length,
    },
  };
}

const query = (params: Record<string, string>) => `/api/v1/metrics?${new URLSearchParams(params)}`;

describe('GET /api/v1/metrics', () => {
  it('equals the figures recomputed from the events of a generated history, in total and by group', async () => {
    const w = await testWorld({ now: shanghai('2025-01-02T09:00:00') });
    const { ratings } = await generateHistory(w, 15, 30);
    await w.travel(shanghai('2026-11-30T10:00:00'));
    const facts = await factsOf(w);
    expect(facts.complaints.filter((f) => f.settledAt !== null).length).toBeGreaterThan(3);
    expect(ratings.size).toBeGreaterThan(1);
    expect(facts.settlements.some((s) => s.complaintId === null)).toBe(true);

    const from = shanghai('2026-01-01T00:00:00');
    const to = shanghai('2026-12-01T00:00:00');
    // The default period: this year to the end of today.
    const res = await w.call(w.actors.staff, 'GET', '/api/v1/metrics');
    expect(res.status).toBe(200);
    expect(res.body.from).toBe('2026-01-01T00:00:00.000+08:00');
    expect(res.body.total).toEqual(expected(facts, ratings, from, to));
    expect(res.body.groups).toEqual([]);

    // Every grouping: each group as its own filter, and the total unchanged.
    const iso = { from: '2025-03-01T00:00:00+08:00', to: '2026-10-01T00:00:00+08:00' };
    const a = Date.parse(iso.from);
    const b = Date.parse(iso.to);
    const total = expected(facts, ratings, a, b);
    const merchantOf = (s: SettlementFact) => s.merchantId;
    const byKey: Record<
      string,
      [(f: Facts, k: string | null) => boolean, (s: SettlementFact, k: string | null) => boolean]
    > = {
      merchant: [(f, k) => f.merchantId === k, (s, k) => merchantOf(s) === k],
      category: [
        (f, k) => f.category === k,
        (s, k) =>
          (s.complaintId ? facts.complaints.find((f) => f.id === s.complaintId)?.category : null) === k,
      ],
      channel: [
        (f, k) => f.channel === k,
        (s, k) =>
          (s.complaintId ? facts.complaints.find((f) => f.id === s.complaintId)?.channel : null) === k,
      ],
      tag: [
        (f, k) => (k === null ? f.tags.length === 0 : f.tags.includes(k)),
        (s, k) => {
          const tags = s.complaintId
            ? (facts.complaints.find((f) => f.id === s.complaintId)?.tags ?? [])
            : [];
          return k === null ? tags.length === 0 : tags.includes(k);
        },
      ],
    };
    for (const [groupBy, [keep, keepSettlement]] of Object.entries(byKey)) {
      const g = await w.call(w.actors.staff, 'GET', query({ ...iso, groupBy }));
      expect(g.status).toBe(200);
      expect(g.body.total, groupBy).toEqual(total);
      expect(g.body.groups.length).toBeGreaterThan(1);
      for (const group of g.body.groups) {
        const { key, label, ...figures } = group;
        expect(typeof label).toBe('string');
        expect(figures, `${groupBy} ${key}`).toEqual(
          expected(
            facts,
            ratings,
            a,
            b,
            (f) => keep(f, key),
            (s) => keepSettlement(s, key),
          ),
        );
      }
    }
    // Months: every month of the period, each its own period.
    const months = await w.call(w.actors.staff, 'GET', query({ ...iso, groupBy: 'month' }));
    expect(months.body.total).toEqual(total);
    expect(months.body.groups.map((g: any) => g.key)).toHaveLength(19);
    expect(months.body.groups[0].key).toBe('2025-03');
    for (const group of months.body.groups) {
      const start = Date.parse(`${group.key}-01T00:00:00+08:00`);
      const [y, m] = group.key.split('-').map(Number);
      const end = Date.parse(
        `${m === 12 ? y + 1 : y}-${String((m % 12) + 1).padStart(2, '0')}-01T00:00:00+08:00`,
      );
      const { key, label, ...figures } = group;
      expect(figures, key).toEqual(expected(facts, ratings, start, end));
    }
    const weeks = await w.call(w.actors.staff, 'GET', query({ ...iso, groupBy: 'week' }));
    expect(weeks.body.total).toEqual(total);
    expect(weeks.body.groups.reduce((n: number, g: any) => n + g.volume, 0)).toBe(total.volume);
    expect(weeks.body.groups.reduce((n: number, g: any) => n + g.volumePreviousYear, 0)).toBe(
      total.volumePreviousYear,
    );
    expect(weeks.body.groups[0].key).toBe('2025-02-24'); // the Monday of the week of 1 March 2025

    // A filter: the list's filters narrow the complaints; a complaint-only filter leaves out station settlements.
    const filtered = await w.call(
      w.actors.staff,
      'GET',
      query({ ...iso, category: 'ev_charging', tag: 'live_streaming' }),
    );
    expect(filtered.body.total).toEqual(
      expected(
        facts,
        ratings,
        a,
        b,
        (f) => f.category === 'ev_charging' && f.tags.includes('live_streaming'),
        (s) => {
          const f = facts.complaints.find((c) => c.id === s.complaintId);
          return f !== undefined && f.category === 'ev_charging' && f.tags.includes('live_streaming');
        },
      ),
    );

    // A merchant sees only its own: the same numbers as staff filtering on it, nothing of B's.
    const own = await w.call(w.actors.merchantA, 'GET', query(iso));
    expect(own.status).toBe(200);
    const onlyA = expected(
      facts,
      ratings,
      a,
      b,
      (f) => f.merchantId === w.merchantA.id,
      (s) => s.merchantId === w.merchantA.id,
    );
    expect(own.body.total).toEqual(onlyA);
    const staffView = await w.call(w.actors.staff, 'GET', query({ ...iso, merchantId: w.merchantA.id }));
    expect(staffView.body.total).toEqual(onlyA);
    const ownByMerchant = await w.call(w.actors.merchantA, 'GET', query({ ...iso, groupBy: 'merchant' }));
    expect(ownByMerchant.body.groups.map((g: any) => g.key)).toEqual([w.merchantA.id]);
    expectProblem(
      await w.call(w.actors.merchantA, 'GET', query({ ...iso, merchantId: w.merchantB.id })),
      404,
    );
  }, 120_000);

  it('edge cases: an empty period, a previous year of 0, unassigned complaints, station settlements without complaints', async () => {
    const w = await testWorld({ now: shanghai('2026-03-02T10:00:00') });
    // Nothing at all: every figure 0 or null.
    const empty = await w.call(w.actors.staff, 'GET', query({ groupBy: 'month' }));
    expect(empty.status).toBe(200);
    expect(empty.body.total).toEqual({
      volume: 0,
      volumePreviousYear: 0,
      changeYoY: null,
      assigned: 0,
      settledFirst: 0,
      firstSettlementRate: null,
      onTimeRate: null,
      medianDaysToSettle: null,
      recoveredFen: 0,
      satisfaction: { count: 0, mean: null },
    });
    expect(empty.body.groups.map((g: any) => [g.key, g.volume])).toEqual([
      ['2026-01', 0],
      ['2026-02', 0],
      ['2026-03', 0],
    ]);
    // Two unassigned complaints and a station settlement without one (¥88), no earlier year.
    await w.intake({ merchantId: undefined });
    await w.intake({ merchantId: undefined });
    await w.call(w.actors.stationB, 'POST', '/api/v1/settlements', {
      stationId: w.stationB.id,
      merchantName: '路边摊',
      outcome: 'refund',
      amountFen: 8_800,
      consumerAccepted: true,
      summary: '现场退款',
    });
    const res = await w.call(w.actors.staff, 'GET', query({ groupBy: 'merchant' }));
    expect(res.body.total).toMatchObject({
      volume: 2,
      volumePreviousYear: 0,
      changeYoY: null,
      assigned: 0,
      firstSettlementRate: null,
      onTimeRate: null,
      recoveredFen: 8_800,
    });
    expect(res.body.groups).toMatchObject([
      { key: null, label: '未分派或非联网企业', volume: 2, recoveredFen: 8_800 },
    ]);
    const byStation = await w.call(w.actors.staff, 'GET', query({ groupBy: 'station' }));
    expect(byStation.body.groups.map((g: any) => [g.key, g.volume, g.recoveredFen])).toEqual([
      [w.stationB.id, 0, 8_800],
      [null, 2, 0],
    ]);
    // A previous year with complaints: the change against it.
    await w.intake({ receivedAt: '2025-02-10T10:00:00+08:00' });
    await w.intake({ receivedAt: '2025-02-11T10:00:00+08:00' });
    await w.intake({ receivedAt: '2025-02-12T10:00:00+08:00' });
    await w.intake({ receivedAt: '2025-02-12T10:00:00+08:00' });
    const yoy = await w.call(w.actors.staff, 'GET', query({}));
    expect(yoy.body.total).toMatchObject({ volume: 2, volumePreviousYear: 4, changeYoY: -0.5 });
  });

  it('is for staff and merchant admins; the period and grouping are checked', async () => {
    const w = await testWorld();
    expectProblem(await w.call(w.actors.stationA, 'GET', '/api/v1/metrics'), 403);
    const agent = await w.user('merchant_agent', { merchantId: w.merchantA.id });
    expectProblem(await w.call(agent, 'GET', '/api/v1/metrics'), 403);
    expectProblem(await w.call(null, 'GET', '/api/v1/metrics'), 401);
    expectProblem(await w.call(w.actors.staff, 'GET', query({ groupBy: 'year' })), 422);
    expectProblem(
      await w.call(
        w.actors.staff,
        'GET',
        query({ from: '2026-02-01T00:00:00+08:00', to: '2026-01-01T00:00:00+08:00' }),
      ),
      422,
    );
    expectProblem(
      await w.call(w.actors.staff, 'GET', query({ from: '2020-01-01T00:00:00+08:00', groupBy: 'day' })),
      422,
    );
  });

  it('the dashboard’s figures, counted once and summed into each breakdown, are computeFigures’ own', async () => {
    const w = await testWorld({ now: shanghai('2025-01-02T09:00:00') });
    await generateHistory(w, 21, 30);
    await w.travel(shanghai('2026-11-30T10:00:00'));
    const ctx = withPrincipal(w.runtime, SYSTEM);
    const period = { from: shanghai('2026-01-01T00:00:00'), to: shanghai('2026-12-01T00:00:00') };
    const cases = [
      { scope: {}, filters: {} },
      { scope: {}, filters: { category: 'appliance_repair' } },
      { scope: { merchantId: w.merchantA.id }, filters: { merchantId: w.merchantA.id } },
    ];
    for (const { scope, filters } of cases) {
      const d = await dashboardFigures(ctx, scope, { ...period, filters, lang: 'zh-CN' });
      const api = (groupBy: 'month' | 'category' | 'tag' | 'channel' | 'merchant') =>
        computeFigures(ctx, scope, { ...period, groupBy, filters, lang: 'zh-CN' });
      const noMedian = (groups: { medianDaysToSettle: number | null }[]) =>
        groups.map(({ medianDaysToSettle: _m, ...g }) => g);
      const months = await api('month');
      expect(d.total).toEqual(months.total);
      expect(d.months).toEqual(noMedian(months.groups));
      const before = await computeFigures(ctx, scope, {
        from: shanghai('2025-01-01T00:00:00'),
        to: shanghai('2025-12-01T00:00:00'),
        groupBy: 'none',
        filters,
      });
      expect(d.before).toEqual(before.total);
      for (const groupBy of ['category', 'tag', 'channel', 'merchant'] as const)
        expect(d[groupBy], groupBy).toEqual(noMedian((await api(groupBy)).groups));
    }
    expect(cases.length).toBe(3);
  }, 120_000);

  it('the dashboard’s kept months follow every kind of write, and the clock passing a deadline', async () => {
    const w = await testWorld({ now: shanghai('2025-01-02T09:00:00') });
    await generateHistory(w, 7, 24);
    await w.travel(shanghai('2026-11-25T10:00:00'));
    const ctx = withPrincipal(w.runtime, SYSTEM);
    const period = { from: shanghai('2026-01-01T00:00:00'), to: shanghai('2026-12-01T00:00:00') };
    const noMedian = (groups: { medianDaysToSettle: number | null }[]) =>
      groups.map(({ medianDaysToSettle: _m, ...g }) => g);
    const check = async (label: string) => {
      const d = await dashboardFigures(ctx, {}, { ...period, filters: {}, lang: 'zh-CN' });
      const api = (groupBy: 'month' | 'tag' | 'merchant') =>
        computeFigures(ctx, {}, { ...period, groupBy, filters: {}, lang: 'zh-CN' });
      const months = await api('month');
      expect(d.total, label).toEqual(months.total);
      expect(d.months, label).toEqual(noMedian(months.groups));
      expect(d.tag, label).toEqual(noMedian((await api('tag')).groups));
      expect(d.merchant, label).toEqual(noMedian((await api('merchant')).groups));
      const before = { from: shanghai('2025-01-01T00:00:00'), to: shanghai('2025-12-01T00:00:00') };
      expect(d.before, label).toEqual(
        (await computeFigures(ctx, {}, { ...before, groupBy: 'none', filters: {} })).total,
      );
      return d;
    };
    await check('counted');
    // Eleven months of the period and eleven of the year before, kept.
    expect(w.runtime.figuresCache.size).toBe(22);
    const kept = await check('kept');

    // A write to a complaint of an earlier month: the merchant settles an open one.
    const open = await w.runtime.db
      .selectFrom('complaints')
      .select(['id', 'merchant_id', 'status', 'received_at'])
      .where('status', 'in', ['assigned', 'acknowledged'])
      .where('received_at', '>=', period.from)
      .where('received_at', '<', shanghai('2026-11-01T00:00:00'))
      .orderBy('received_at')
      .execute();
    expect(open.length).toBeGreaterThan(1);
    const [first, second] = open as [(typeof open)[number], (typeof open)[number]];
    const actorOf = (merchantId: string | null) =>
      merchantId === w.merchantA.id ? w.actors.merchantA : w.actors.merchantB;
    const settled = await w.call(
      actorOf(first.merchant_id),
      'POST',
      `/api/v1/complaints/${first.id}/settlement`,
      {
        outcome: 'refund',
        amountFen: 12_345,
        consumerAccepted: true,
      },
    );
    expect(settled.status, JSON.stringify(settled.body)).toBe(200);
    const afterSettle = await check('after a settlement');
    expect(afterSettle.total.recoveredFen).toBe(kept.total.recoveredFen + 12_345);

    // The consumer rates it (no event; the rating raises the complaint's version).
    const token = await consumerTokenOf(w, first.id);
    expect((await w.call(null, 'POST', `/api/v1/consumer/${token}/rating`, { rating: 1 })).status).toBe(200);
    const afterRating = await check('after a rating');
    expect(afterRating.total.satisfaction.count).toBe(afterSettle.total.satisfaction.count + 1);

    // A station's settlement without a complaint, a new complaint, a complaint declined.
    const station = await w.call(w.actors.stationA, 'POST', '/api/v1/settlements', {
      stationId: w.stationA.id,
      merchantName: '某小吃店',
      outcome: 'refund',
      amountFen: 500,
      consumerAccepted: true,
      summary: '现场退款',
    });
    expect(station.status, JSON.stringify(station.body)).toBe(201);
    await w.intake({ tags: ['bnpl'] });
    expect(
      (
        await w.call(actorOf(second.merchant_id), 'POST', `/api/v1/complaints/${second.id}/decline`, {
          reason: '不属于本企业责任',
        })
      ).status,
    ).toBe(200);
    const afterWrites = await check('after a station settlement, an intake and a decline');
    expect(afterWrites.total.volume).toBe(kept.total.volume + 1);

    // No write, but days pass: deadlines fall due, open complaints become missed.
    await w.travel(shanghai('2027-01-20T10:00:00'));
    const later = await check('weeks later');
    expect(later.total.onTimeRate).not.toBe(afterWrites.total.onTimeRate);
  }, 120_000);
});
