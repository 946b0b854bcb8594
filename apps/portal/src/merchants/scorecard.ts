import { type Money, NotFound } from '@redress/core';
import type { ServiceContext } from '../context';
import { requireRole, STAFF_ROLES } from '../http/principal';
import { slaStateCondition } from '../sla';
import { type MerchantRatings, merchantRatings } from '../teams';

/** The statuses a complaint ends its time with the merchant in (not `withdrawn`: the consumer ended it). */
const FINISHED = ['settled', 'escalated', 'referred', 'closed'] as const;

/** A merchant's own figures, as the commission counts them. */
export interface Scorecard {
  /** Complaints ever routed to the merchant. */
  complaints: number;
  /** 按时处理率 — complaints whose deadlines were met, of those met or missed (a running one counts once it is overdue). */
  onTime: { met: number; overdue: number; rate: number | null };
  /** 先行和解率 — complaints the merchant settled itself, of those that left its hands (settled, escalated, referred, closed). */
  firstSettlement: { settled: number; finished: number; rate: number | null };
  /** 挽回经济损失 — the amount of every settlement naming the merchant, in any channel. */
  amountSettled: Money;
  /** 消费者满意度 — the consumers' ratings of the merchant's complaints, and the latest with their comments. */
  satisfaction: MerchantRatings;
}

const rate = (part: number, whole: number) => (whole === 0 ? null : part / whole);

/**
 * The scorecard of a merchant: its merchant admin sees its own, staff any merchant's.
 * @example const card = await merchantScorecard(ctx); card.onTime.rate // 0.92
 */
export async function merchantScorecard(ctx: ServiceContext, merchantId?: string): Promise<Scorecard> {
  const p = ctx.principal;
  let id: string;
  if (p.actor === 'merchant') {
    requireRole(p, ['merchant_admin'], 'read the scorecard');
    if (!p.merchantId || (merchantId !== undefined && merchantId !== p.merchantId))
      throw new NotFound('merchant');
    id = p.merchantId;
  } else {
    requireRole(p, STAFF_ROLES, 'read a merchant scorecard');
    if (!merchantId) throw new NotFound('merchant');
    id = merchantId;
  }
  const now = ctx.clock.now();
  const view = { now, calendar: await ctx.calendars.get(now) };
  const ofMerchant = () => ctx.db.selectFrom('complaints').where('complaints.merchant_id', '=', id);
  const count = async (query: ReturnType<typeof ofMerchant>) =>
    Number(
      (await query.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow()).n,
    );

  const complaints = await count(ofMerchant());
  const met = await count(ofMerchant().where((eb) => slaStateCondition(eb, 'met', view)));
  const overdue = await count(ofMerchant().where((eb) => slaStateCondition(eb, 'overdue', view)));
  const finished = await count(ofMerchant().where('complaints.status', 'in', [...FINISHED]));
  const settledFirst = await count(
    ofMerchant()
      .innerJoin('settlements', 'settlements.id', 'complaints.settlement_id')
      .where('settlements.channel', '=', 'merchant_first'),
  );
  const amount = await ctx.db
    .selectFrom('settlements')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number | string>('amount_fen'), eb.lit(0)).as('fen'))
    .where('merchant_id', '=', id)
    .executeTakeFirstOrThrow();
  return {
    complaints,
    onTime: { met, overdue, rate: rate(met, met + overdue) },
    firstSettlement: { settled: settledFirst, finished, rate: rate(settledFirst, finished) },
    amountSettled: { amountFen: Number(amount.fen), currency: 'CNY' },
    satisfaction: await merchantRatings(ctx.db, id),
  };
}
