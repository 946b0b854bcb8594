import { businessNameKey, OPEN_STATUSES, type PossibleDuplicate, toIso } from '@redress/core';
import type { Kysely } from 'kysely';
import type { ServiceContext } from '../context';
import type { Database } from '../db/database';
import { loadComplaint } from './queries';

/** How far apart two complaints of one consumer about one business may be received to be flagged. */
export const DUPLICATE_WINDOW_MS = 30 * 24 * 3600_000;

/** What tells a complaint's consumer and business: the phone, and the merchant or the business. */
export interface DuplicateKey {
  phone: string | null;
  merchantId: string | null;
  businessCreditCode: string | null;
  businessName: string | null;
  receivedAt: number;
  /** The complaint itself, when it is stored already. */
  id?: string;
}

/**
 * The open complaints that may be the same as one: the same consumer phone, the same business
 * (the same merchant; or, not networked, the same credit code or the same name in its normal
 * form), received within 30 days of it. Newest first, at most 10. None without a phone or a business.
 */
export async function possibleDuplicates(
  db: Kysely<Database>,
  key: DuplicateKey,
): Promise<PossibleDuplicate[]> {
  if (!key.phone) return [];
  const nameKey = key.businessName ? businessNameKey(key.businessName) : null;
  if (!key.merchantId && !key.businessCreditCode && !nameKey) return [];
  let query = db
    .selectFrom('complaints')
    .select(['id', 'reference', 'status', 'received_at'])
    .where('consumer_phone', '=', key.phone)
    .where('received_at', '>=', key.receivedAt - DUPLICATE_WINDOW_MS)
    .where('received_at', '<=', key.receivedAt + DUPLICATE_WINDOW_MS)
    .where('status', 'in', OPEN_STATUSES)
    .where((eb) => {
      if (key.merchantId) return eb('merchant_id', '=', key.merchantId);
      const same = [];
      if (key.businessCreditCode) same.push(eb('business_credit_code', '=', key.businessCreditCode));
      if (nameKey) same.push(eb('business_name_key', '=', nameKey));
      return eb.or(same);
    });
  if (key.id) query = query.where('id', '<>', key.id);
  const rows = await query.orderBy('received_at', 'desc').orderBy('id', 'desc').limit(10).execute();
  return rows.map((r) => ({
    id: r.id,
    reference: r.reference,
    status: r.status,
    receivedAt: toIso(Number(r.received_at)),
  }));
}

/** A stored complaint's possible duplicates (staff's complaint page); none for anyone else. */
export async function duplicatesOfComplaint(ctx: ServiceContext, id: string): Promise<PossibleDuplicate[]> {
  if (ctx.principal.actor !== 'staff') return [];
  const row = await loadComplaint(ctx.db, ctx.principal, id);
  return possibleDuplicates(ctx.db, {
    id: row.id,
    phone: row.consumer_phone,
    merchantId: row.merchant_id,
    businessCreditCode: row.business_credit_code,
    businessName: row.business_name,
    receivedAt: row.received_at,
  });
}
