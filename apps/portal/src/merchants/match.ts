import { businessNameKey, type RoutedBy } from '@redress/core';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database';

/** The merchant a business was matched to (null: not networked), and how. */
export interface BusinessMatch {
  merchantId: string | null;
  routedBy: Exclude<RoutedBy, 'merchant_id'>;
}

/**
 * The one matching of a named business to a networked merchant (intake, import, routing a
 * joined merchant's complaints): by unified social credit code first, then by registered name,
 * then by the aliases admins keep — names compared in their normal form (`businessNameKey`:
 * whitespace and full-width forms folded). A credit code that is no merchant's does not stop
 * the name from matching: a branch (分公司) has a code of its own and the brand's name.
 *
 * @example await matchBusiness(db, { name: '海底捞' }) // { merchantId: 'mer_…', routedBy: 'alias' }
 */
export async function matchBusiness(
  db: Kysely<Database>,
  business: { name: string; creditCode?: string | null | undefined },
): Promise<BusinessMatch> {
  if (business.creditCode) {
    const byCode = await db
      .selectFrom('merchants')
      .select('id')
      .where('credit_code', '=', business.creditCode.trim().toUpperCase())
      .executeTakeFirst();
    if (byCode) return { merchantId: byCode.id, routedBy: 'credit_code' };
  }
  const key = businessNameKey(business.name);
  if (key === '') return { merchantId: null, routedBy: 'none' };
  const byName = await db
    .selectFrom('merchants')
    .select('id')
    .where('name_key', '=', key)
    .orderBy('created_at')
    .executeTakeFirst();
  if (byName) return { merchantId: byName.id, routedBy: 'name' };
  const byAlias = await db
    .selectFrom('merchant_aliases')
    .select('merchant_id')
    .where('alias_key', '=', key)
    .executeTakeFirst();
  if (byAlias) return { merchantId: byAlias.merchant_id, routedBy: 'alias' };
  return { merchantId: null, routedBy: 'none' };
}
