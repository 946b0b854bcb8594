import { DAY_MS, type Merchant, type Station } from '@redress/core';
import * as complaints from '../complaints';
import { rateSatisfaction } from '../consumer';
import type { AppDeps, ServiceContext } from '../context';
import type { ManualClock } from '../http/clock';
import { consumerPrincipal, type Principal, SYSTEM } from '../http/principal';
import { logStationSettlement } from '../settlements';
import { SHOWCASE_COUNT, seedShowcase } from './showcase';
import { CHANNELS_WEIGHTED, NAMES, STORIES, type Story } from './stories';

const HOUR = 3_600_000;

/** A small seeded generator, so that every demo world is the same. */
export function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return { next, pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]! };
}

/** Which demo merchant a story belongs to: appliances, online retail, EV charging. */
function merchantFor(story: Story, merchants: Merchant[], r: ReturnType<typeof random>): Merchant {
  if (['appliance_repair', 'home_appliances'].includes(story.category)) return merchants[0]!;
  if (story.category === 'ev_charging') return merchants[2]!;
  if (['online_shopping', 'online_games', 'fresh_food', 'clothing'].includes(story.category))
    return merchants[1]!;
  return r.pick(merchants);
}

type Fate =
  | 'new'
  | 'assigned'
  | 'acknowledged'
  | 'awaiting_consumer'
  | 'proposed'
  | 'settled'
  | 'escalated'
  | 'closed'
  | 'referred'
  | 'withdrawn'
  | 'settled_by_consumer';

/** Where a complaint of this age has got to: recent ones are still open, old ones mostly settled. */
function fate(ageDays: number, r: ReturnType<typeof random>): Fate {
  const x = r.next();
  if (ageDays < 1) return x < 0.5 ? 'new' : 'assigned';
  if (ageDays < 4)
    return x < 0.1
      ? 'new'
      : x < 0.4
        ? 'assigned'
        : x < 0.7
          ? 'acknowledged'
          : x < 0.85
            ? 'awaiting_consumer'
            : 'proposed';
  if (ageDays < 12)
    return x < 0.05
      ? 'assigned'
      : x < 0.3
        ? 'acknowledged'
        : x < 0.4
          ? 'awaiting_consumer'
          : x < 0.55
            ? 'proposed'
            : x < 0.85
              ? 'settled_by_consumer'
              : 'settled';
  return x < 0.3
    ? 'closed'
    : x < 0.55
      ? 'settled'
      : x < 0.7
        ? 'settled_by_consumer'
        : x < 0.82
          ? 'escalated'
          : x < 0.9
            ? 'referred'
            : 'withdrawn';
}

export async function seedComplaints(
  deps: AppDeps & { clock: ManualClock },
  world: { merchants: Merchant[]; stations: Station[]; count: number; until: number },
): Promise<number> {
  const r = random(20261129);
  // The ratings draw from a stream of their own: the history stays the same world with or without them.
  const rr = random(20261203);
  const RATING_COMMENTS = [null, '处理及时。', '客服态度很好。', '等了比较久。', '总算解决了。'] as const;
  /** Some consumers rate an ended complaint through their link, a few hours after it ended. */
  const maybeRate = async (complaintId: string) => {
    if (rr.next() >= 0.4) return;
    deps.clock.set(Math.min(Math.floor(deps.clock.now() + HOUR * (1 + 30 * rr.next())), world.until - HOUR));
    const rating = Math.min(5, 1 + Math.floor(rr.next() ** 0.5 * 5));
    const comment = RATING_COMMENTS[Math.floor(rr.next() * RATING_COMMENTS.length)] ?? null;
    await rateSatisfaction(as(consumerPrincipal(complaintId)), { rating, ...(comment ? { comment } : {}) });
  };
  const staff: Principal = { ...SYSTEM, kind: 'user', role: 'commission_staff', actor: 'staff' };
  const merchantOf = (m: Merchant): Principal => ({
    ...SYSTEM,
    kind: 'user',
    role: 'merchant_agent',
    actor: 'merchant',
    merchantId: m.id,
  });
  const as = (p: Principal): ServiceContext => ({ ...deps, principal: p });
  // The showcase is part of the count (a world too small for it has none).
  const showcase = world.count >= SHOWCASE_COUNT ? SHOWCASE_COUNT : 0;
  const receipts = Array.from(
    { length: world.count - showcase },
    () => world.until - Math.floor(r.next() ** 1.6 * 60 * DAY_MS),
  ).sort((a, b) => a - b);

  for (const [i, receivedAt] of receipts.entries()) {
    const story = r.pick(STORIES);
    const merchant = merchantFor(story, world.merchants, r);
    const ageDays = (world.until - receivedAt) / DAY_MS;
    const end = fate(ageDays, r);
    const viaStation = r.next() < 0.15 ? r.pick(world.stations) : null;
    // Steps are spread over the complaint's age, never past "now".
    const stepMs = Math.min(ageDays * DAY_MS, 14 * DAY_MS) / 7;
    const step = () =>
      // Whole milliseconds: the clock's values go into bigint columns (PostgreSQL refuses a fraction).
      deps.clock.set(Math.min(Math.floor(deps.clock.now() + stepMs * (0.5 + r.next())), world.until - HOUR));
    deps.clock.set(receivedAt);
    const c = await complaints.createComplaint(
      as(
        viaStation
          ? { ...staff, role: 'station_operator', actor: 'station', stationId: viaStation.id }
          : staff,
      ),
      {
        kind: 'complaint',
        channel: viaStation ? 'station' : r.pick(CHANNELS_WEIGHTED),
        stationId: viaStation?.id,
        externalRef: `12315-${2026}${String(i + 1).padStart(7, '0')}`,
        subject: story.subject,
        description: story.description,
        category: story.category,
        tags: story.tags,
        consumer: {
          name: r.pick(NAMES),
          phone: `13${Math.floor(100000000 + r.next() * 899999999)}`,
          isMinor: story.tags.includes('minors') && r.next() < 0.5,
        },
        claimFen: story.claimFen || undefined,
        receivedAt: new Date(receivedAt).toISOString(),
      },
    );
    if (end === 'new') continue;
    step();
    await complaints.assignComplaint(as(staff), c.id, { merchantId: merchant.id });
    if (end === 'assigned') continue;
    if (end === 'withdrawn') {
      step();
      await complaints.withdrawComplaint(as(staff), c.id, { reason: '消费者与商家自行协商解决，申请撤诉' });
      await maybeRate(c.id);
      continue;
    }
    step();
    const m = as(merchantOf(merchant));
    if (end === 'escalated' || end === 'referred') {
      await complaints.declineComplaint(m, c.id, { reason: '商品已超过退换期限，且已按三包规定提供维修。' });
      if (end === 'referred') {
        step();
        await complaints.referComplaint(as(staff), c.id, {
          to: 'people_mediation',
          note: '调解未果，转人民调解委员会。',
        });
        await maybeRate(c.id);
      }
      continue;
    }
    await complaints.acknowledgeComplaint(m, c.id);
    if (end === 'acknowledged') continue;
    step();
    await complaints.messageConsumer(m, c.id, {
      body: '您好，我们已收到您的投诉，正在核实订单情况，请保持电话畅通。',
    });
    if (end === 'awaiting_consumer') {
      step();
      await complaints.requestInformation(m, c.id, { body: '请提供购买凭证（发票或订单截图）及问题照片。' });
      continue;
    }
    const amountFen = Math.round((story.claimFen * (0.5 + r.next() * 0.5)) / 100) * 100;
    const outcome =
      story.claimFen > 0 ? r.pick(['refund', 'compensation', 'repair', 'exchange'] as const) : 'apology';
    step();
    if (end === 'settled' || end === 'closed') {
      await complaints.recordSettlement(m, c.id, {
        outcome,
        amountFen,
        consumerAccepted: true,
        note: '已电话与消费者协商一致。',
      });
    } else {
      const proposed = await complaints.proposeSettlement(m, c.id, {
        outcome,
        amountFen,
        terms: `同意${outcome === 'repair' ? '免费维修' : '退款'}，金额 ${(amountFen / 100).toFixed(2)} 元，三个工作日内完成。`,
      });
      // A proposal after the settle deadline went to mediation at once: nothing to answer.
      if (end === 'proposed' || proposed.status !== 'proposed') continue;
      // The consumer answers within the answer window (3 working days).
      deps.clock.set(Math.min(Math.floor(deps.clock.now() + HOUR * (1 + 20 * r.next())), world.until - HOUR));
      await complaints.answerProposal(as(consumerPrincipal(c.id)), c.id, { accept: true });
    }
    if (end === 'closed') {
      step();
      await complaints.closeComplaint(as(staff), c.id, { reason: '已和解，办结。' });
    }
    await maybeRate(c.id);
  }
  if (showcase > 0) await seedShowcase(deps, { merchant: world.merchants[0]!, until: world.until });

  // Walk-in disputes settled on the spot at the stations, some with unregistered shops.
  for (let i = 0; i < Math.ceil(world.count / 10); i++) {
    deps.clock.set(world.until - Math.floor(r.next() * 30 * DAY_MS));
    const station = r.pick(world.stations);
    const registered = r.next() < 0.6;
    await logStationSettlement(
      as({ ...staff, role: 'station_operator', actor: 'station', stationId: station.id }),
      {
        stationId: station.id,
        ...(registered
          ? { merchantId: r.pick(world.merchants).id }
          : { merchantName: r.pick(['张杨路鲜果店', '世纪大道眼镜店', '国金中心某服装专柜']) }),
        outcome: r.pick(['refund', 'exchange', 'repair', 'explanation'] as const),
        amountFen: Math.floor(r.next() * 2000) * 100,
        consumerAccepted: true,
        summary: '消费者现场反映商品质量问题，经联络站调解，商家同意处理。',
      },
    );
  }
  deps.clock.set(world.until);
  return world.count;
}
