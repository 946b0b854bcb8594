import { toIso } from '@redress/core';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database';

/** The consumer's rating of a complaint's handling, as its merchant and staff read it. */
export interface Rating {
  rating: number;
  comment: string | null;
  ratedAt: string;
}

/** The consumer's rating of one complaint (the caller checked the complaint is theirs to see). */
export async function ratingOf(db: Kysely<Database>, complaintId: string): Promise<Rating | null> {
  const row = await db
    .selectFrom('satisfaction')
    .select(['rating', 'comment', 'updated_at'])
    .where('complaint_id', '=', complaintId)
    .executeTakeFirst();
  return row ? { rating: row.rating, comment: row.comment, ratedAt: toIso(Number(row.updated_at)) } : null;
}

/** A merchant's ratings: how many, the average, and the latest few with their comments. */
export interface MerchantRatings {
  count: number;
  average: number | null;
  recent: (Rating & { complaintId: string; reference: string })[];
}

export async function merchantRatings(
  db: Kysely<Database>,
  merchantId: string,
  recent = 5,
): Promise<MerchantRatings> {
  const ofMerchant = () =>
    db
      .selectFrom('satisfaction as s')
      .innerJoin('complaints as c', 'c.id', 's.complaint_id')
      .where('c.merchant_id', '=', merchantId);
  const totals = await ofMerchant()
    .select((eb) => [
      eb.fn.countAll<number | string>().as('n'),
      eb.fn.avg<number | string>('s.rating').as('avg'),
    ])
    .executeTakeFirstOrThrow();
  const rows = await ofMerchant()
    .select(['s.rating', 's.comment', 's.updated_at', 'c.id', 'c.reference'])
    .orderBy('s.updated_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(recent)
    .execute();
  const count = Number(totals.n);
  return {
    count,
    average: count === 0 || totals.avg === null ? null : Number(totals.avg),
    recent: rows.map((r) => ({
      complaintId: r.id,
      reference: r.reference,
      rating: r.rating,
      comment: r.comment,
      ratedAt: toIso(Number(r.updated_at)),
    })),
  };
}
