import { businessNameKey, OPEN_STATUSES, type PossibleDuplicate, toIso } from '@redress/core';
import type { Kysely } from 'kysely';
import type { ServiceContext } from '../context';
import type { Database } from '../db/database';
import { loadComplaint } from './queries';
import type { ComplaintRow } from './table';

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

/** What the check reads of a complaint: stored, or still to be written with it in one batch. */
type Candidate = Pick<
  ComplaintRow,
  | 'id'
  | 'reference'
  | 'status'
  | 'consumer_phone'
  | 'received_at'
  | 'merchant_id'
  | 'business_credit_code'
  | 'business_name_key'
>;

/**
 * The open complaints that may be the same as one: the same consumer phone, the same business
 * (the same merchant; or, not networked, the same credit code or the same name in its normal
 * form), received within 30 days of it. Newest first, at most 10. None without a phone or a business.
 * `pending` are the complaints taken in before it in the same batch (an import's rows are
 * written together, after each one's check), checked as if they were stored.
 */
export async function possibleDuplicates(
  db: Kysely<Database>,
  key: DuplicateKey,
  pending: readonly Candidate[] = [],
): Promise<PossibleDuplicate[]> {
  if (!key.phone) return [];
  const nameKey = key.businessName ? businessNameKey(key.businessName) : null;
  if (!key.merchantId && !key.businessCreditCode && !nameKey) return [];
  // Only the phone and the window in SQL, neither sorted nor limited there: so the one plan is
  // `complaints_phone_received`. With the merchant, the status or an ORDER BY in the statement,
  // SQLite (no statistics on a young database) took the merchant's, the status' or the
  // received-at index instead and read the merchant's whole month on every intake: an import of
  // 10,000 rows for one merchant spent 1.6 s of its 2 s per thousand rows here. A consumer has
  // few complaints in 60 days; the business, the status and the order are checked below.
  const stored = await db
    .selectFrom('complaints')
    .select([
      'id',
      'reference',
      'status',
      'consumer_phone',
      'received_at',
      'merchant_id',
      'business_credit_code',
      'business_name_key',
    ])
    .where('consumer_phone', '=', key.phone)
    .where('received_at', '>=', key.receivedAt - DUPLICATE_WINDOW_MS)
    .where('received_at', '<=', key.receivedAt + DUPLICATE_WINDOW_MS)
    .execute();
  const within = (r: Candidate) =>
    r.consumer_phone === key.phone && Math.abs(Number(r.received_at) - key.receivedAt) <= DUPLICATE_WINDOW_MS;
  const rows: Candidate[] = [...stored, ...pending.filter(within)];
  const open = new Set<string>(OPEN_STATUSES);
  const sameBusiness = (r: Candidate) =>
    key.merchantId
      ? r.merchant_id === key.merchantId
      : (key.businessCreditCode !== null && r.business_credit_code === key.businessCreditCode) ||
        (nameKey !== null && r.business_name_key === nameKey);
  return rows
    .filter((r) => r.id !== key.id && open.has(r.status) && sameBusiness(r))
    .map((r) => ({ ...r, received_at: Number(r.received_at) }))
    .sort((a, b) => b.received_at - a.received_at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
    .slice(0, 10)
    .map((r) => ({
      id: r.id,
      reference: r.reference,
      status: r.status,
      receivedAt: toIso(r.received_at),
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
