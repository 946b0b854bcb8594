import { type Figures, type MetricsGroup, type MetricsQuery, NotFound } from '@redress/core';
import type { ServiceContext } from '../context';
import { requireRole, STAFF_ROLES } from '../http/principal';
import { computeFigures, type FiguresLang, periodOf } from './service';

/** A merchant's scorecard: its figures over a period, the monthly trend, its ratings' comments, the district beside it. */
export interface Scorecard {
  merchant: { id: string; name: string };
  from: string;
  to: string;
  /** The merchant's figures: the same computation as `GET /api/v1/metrics?merchantId=…`. */
  figures: Figures;
  /** Month by month. */
  trend: MetricsGroup[];
  /** The district's figures over the same period (every complaint): the average to read the merchant against. */
  district: Figures;
  /** Of how many merchants the district's complaints were assigned to (for the per-merchant average volume). */
  districtMerchants: number;
  /** The consumers' latest comments on the merchant's complaints of the period. */
  comments: { reference: string; rating: number; comment: string; ratedAt: number }[];
}

/**
 * The scorecard of a merchant: its merchant admin sees its own, staff any merchant's (an
 * unknown one, or another's for a merchant, is 404).
 * @example const card = await merchantScorecard(ctx); card.figures.onTimeRate // 0.92
 */
export async function merchantScorecard(
  ctx: ServiceContext,
  merchantId?: string,
  period: Pick<MetricsQuery, 'from' | 'to'> = {},
  lang: FiguresLang = 'zh-CN',
): Promise<Scorecard> {
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
  const merchant = await ctx.db
    .selectFrom('merchants')
    .select(['id', 'name'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!merchant) throw new NotFound('merchant');
  const { from, to } = periodOf(period, ctx.clock.now());
  const [own, district, merchants, comments] = await Promise.all([
    computeFigures(ctx, { merchantId: id }, { from, to, groupBy: 'month', filters: {}, lang }),
    computeFigures(ctx, {}, { from, to, groupBy: 'none', filters: {}, lang }),
    ctx.db
      .selectFrom('complaints')
      .select((eb) => eb.fn.count<number | string>('merchant_id').distinct().as('n'))
      .where('kind', '=', 'complaint')
      .where('received_at', '>=', from)
      .where('received_at', '<', to)
      .executeTakeFirstOrThrow(),
    ctx.db
      .selectFrom('satisfaction as r')
      .innerJoin('complaints', 'complaints.id', 'r.complaint_id')
      .select(['complaints.reference', 'r.rating', 'r.comment', 'r.updated_at'])
      .where('complaints.merchant_id', '=', id)
      .where('complaints.kind', '=', 'complaint')
      .where('complaints.received_at', '>=', from)
      .where('complaints.received_at', '<', to)
      .where('r.comment', 'is not', null)
      .orderBy('r.updated_at', 'desc')
      .limit(20)
      .execute(),
  ]);
  return {
    merchant,
    from: own.from,
    to: own.to,
    figures: own.total,
    trend: own.groups,
    district: district.total,
    districtMerchants: Number(merchants.n),
    comments: comments.map((c) => ({
      reference: c.reference,
      rating: Number(c.rating),
      comment: c.comment ?? '',
      ratedAt: Number(c.updated_at),
    })),
  };
}
