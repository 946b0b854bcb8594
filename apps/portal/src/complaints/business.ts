import { type Complaint, Invalid, type RoutedComplaints } from '@redress/core';
import type { Kysely } from 'kysely';
import type { ServiceContext } from '../context';
import type { Database } from '../db/database';
import { requireRole, STAFF_ROLES } from '../http/principal';
import { matchBusiness } from '../merchants';
import { routeBusinessComplaint } from './actions';

/** One open not-networked complaint that now matches a merchant, and how. */
interface Candidate {
  id: string;
  reference: string;
  routedBy: 'credit_code' | 'name' | 'alias';
}

/**
 * The open complaints taken in about a business that was not networked and that `matchBusiness`
 * now matches to `merchantId` (the same credit code; or no code, and the merchant's registered
 * name or an alias), oldest first.
 */
export async function openComplaintsOfJoinedBusiness(
  db: Kysely<Database>,
  merchantId: string,
): Promise<Candidate[]> {
  const merchant = await db
    .selectFrom('merchants')
    .select(['id', 'credit_code', 'name_key'])
    .where('id', '=', merchantId)
    .executeTakeFirst();
  if (!merchant) return [];
  const aliases = await db
    .selectFrom('merchant_aliases')
    .select('alias_key')
    .where('merchant_id', '=', merchantId)
    .execute();
  const keys = [merchant.name_key, ...aliases.map((a) => a.alias_key)].filter((k) => k !== '');
  const rows = await db
    .selectFrom('complaints')
    .select(['id', 'reference', 'business_name', 'business_credit_code'])
    .where('merchant_id', 'is', null)
    .where('status', '=', 'escalated')
    .where('escalation_cause', '=', 'not_networked')
    .where((eb) =>
      eb.or([
        eb('business_credit_code', '=', merchant.credit_code),
        ...(keys.length > 0 ? [eb('business_name_key', 'in', keys)] : []),
      ]),
    )
    .orderBy('received_at')
    .orderBy('id')
    .execute();
  const out: Candidate[] = [];
  for (const r of rows) {
    const match = await matchBusiness(db, {
      name: r.business_name ?? '',
      creditCode: r.business_credit_code,
    });
    if (match.merchantId === merchantId && match.routedBy !== 'none')
      out.push({ id: r.id, reference: r.reference, routedBy: match.routedBy });
  }
  return out;
}

/**
 * When a business joins as a networked merchant, staff route its open complaints to it in one
 * action: each is routed as `routeBusinessComplaint` does (its own transaction and
 * `complaint.assigned` event, the clock started as on assignment). A complaint changed meanwhile
 * is left out of the answer rather than failing the others.
 */
export async function routeJoinedBusiness(
  ctx: ServiceContext,
  input: { merchantId: string },
): Promise<RoutedComplaints> {
  requireRole(ctx.principal, STAFF_ROLES, 'route complaints');
  const merchant = await ctx.db
    .selectFrom('merchants')
    .select('id')
    .where('id', '=', input.merchantId)
    .executeTakeFirst();
  if (!merchant)
    throw new Invalid('unknown merchant', [
      { path: 'merchantId', code: 'not_found', message: 'no such merchant' },
    ]);
  const routed: RoutedComplaints['routed'] = [];
  for (const c of await openComplaintsOfJoinedBusiness(ctx.db, input.merchantId)) {
    try {
      await routeBusinessComplaint(ctx, c.id, { merchantId: input.merchantId, routedBy: c.routedBy });
      routed.push(c);
    } catch (e) {
      if (e instanceof Error && e.name === 'Conflict') continue;
      throw e;
    }
  }
  return { merchantId: input.merchantId, routed };
}

/**
 * For staff's page of a complaint about a business that is not networked: the merchant that
 * business has since joined as (`matchBusiness`), and how many of its open complaints would be
 * routed to it; null when it has not joined, or the complaint is not such a one.
 */
export async function joinedMerchantOf(
  ctx: ServiceContext,
  complaint: Complaint,
): Promise<{ merchantId: string; name: string; count: number } | null> {
  if (ctx.principal.actor !== 'staff' || complaint.merchantId !== null || complaint.business === null)
    return null;
  if (complaint.status !== 'escalated') return null;
  const match = await matchBusiness(ctx.db, complaint.business);
  if (!match.merchantId) return null;
  const merchant = await ctx.db
    .selectFrom('merchants')
    .select('name')
    .where('id', '=', match.merchantId)
    .executeTakeFirst();
  const count = (await openComplaintsOfJoinedBusiness(ctx.db, match.merchantId)).length;
  return merchant && count > 0 ? { merchantId: match.merchantId, name: merchant.name, count } : null;
}
