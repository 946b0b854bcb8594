import {
  businessNameKey,
  type ComplaintIntake,
  Conflict,
  type CreateComplaintInput,
  type FieldError,
  Forbidden,
  formatReference,
  Invalid,
  intakeStatus,
  newId,
  type RoutedBy,
  shanghaiDate,
} from '@redress/core';
import type { Kysely } from 'kysely';
import type { ServiceContext } from '../context';
import type { Database } from '../db/database';
import { appendEvent } from '../events';
import type { Principal } from '../http/principal';
import { matchBusiness } from '../merchants';
import { slaChanges } from '../sla';
import { possibleDuplicates } from './duplicates';
import { nextReferenceSequence } from './queries';
import { readComplaint } from './read';
import type { ComplaintRow } from './table';

/** Category and tags are data: an unknown code is a 422 naming the field. */
export async function checkTaxonomy(
  db: Kysely<Database>,
  category: string,
  tags: readonly string[],
): Promise<void> {
  const errors: FieldError[] = [];
  const cat = await db
    .selectFrom('categories')
    .select('code')
    .where('code', '=', category)
    .executeTakeFirst();
  if (!cat) errors.push({ path: 'category', code: 'not_found', message: `unknown category ${category}` });
  if (tags.length > 0) {
    const known = new Set(
      (
        await db
          .selectFrom('tags')
          .select('code')
          .where('code', 'in', [...tags])
          .execute()
      ).map((t) => t.code),
    );
    tags.forEach((tag, i) => {
      if (!known.has(tag))
        errors.push({ path: `tags.${i}`, code: 'not_found', message: `unknown tag ${tag}` });
    });
  }
  if (errors.length > 0) throw new Invalid('unknown category or tag', errors);
}

function intakeStation(p: Principal, input: CreateComplaintInput): string | null {
  if (p.actor === 'station') {
    if (input.stationId && input.stationId !== p.stationId) {
      throw new Invalid('a station operator takes complaints in for its own station', [
        { path: 'stationId', code: 'not_yours', message: 'not your station' },
      ]);
    }
    return p.stationId;
  }
  return input.stationId ?? null;
}

/** Where intake routes a complaint: the merchant, or the business that is not networked, and how. */
interface Routing {
  merchantId: string | null;
  business: { name: string; creditCode: string | null } | null;
  routedBy: RoutedBy;
}

/**
 * The business of a new complaint: `merchantId` as given, or `business` matched to a merchant
 * (`matchBusiness`: credit code, registered name, alias), or not networked; never both named.
 */
async function routeIntake(ctx: ServiceContext, input: CreateComplaintInput): Promise<Routing> {
  if (input.merchantId !== undefined && input.business !== undefined) {
    throw new Invalid('name the business once', [
      {
        path: 'business',
        code: 'invalid_value',
        message: 'give merchantId (a networked merchant) or business (by name and credit code), not both',
      },
    ]);
  }
  if (input.merchantId) {
    const m = await ctx.db
      .selectFrom('merchants')
      .select('id')
      .where('id', '=', input.merchantId)
      .executeTakeFirst();
    if (!m)
      throw new Invalid('unknown merchant', [
        { path: 'merchantId', code: 'not_found', message: 'no such merchant' },
      ]);
    return { merchantId: m.id, business: null, routedBy: 'merchant_id' };
  }
  if (input.business) {
    const match = await matchBusiness(ctx.db, input.business);
    if (match.merchantId) return { merchantId: match.merchantId, business: null, routedBy: match.routedBy };
    return {
      merchantId: null,
      business: { name: input.business.name, creditCode: input.business.creditCode ?? null },
      routedBy: 'none',
    };
  }
  return { merchantId: null, business: null, routedBy: 'none' };
}

/**
 * Takes a complaint in (staff, or a station turning a walk-in dispute into a routed complaint).
 * Its status is core's `intakeStatus`: `assigned` with the merchant's SLA clock started for a
 * networked merchant (named, or matched from `business`); `escalated` (cause `not_networked`:
 * the commission mediates it itself) for a business that is not networked; `new` when no
 * business is named. The answer says how it was routed and which open complaints of the same
 * consumer phone and business it may duplicate.
 */
export async function createComplaint(
  ctx: ServiceContext,
  input: CreateComplaintInput,
): Promise<ComplaintIntake> {
  const p = ctx.principal;
  if (p.actor !== 'staff' && p.actor !== 'station')
    throw new Forbidden('only commission staff and liaison stations take complaints in');
  const now = ctx.clock.now();
  const receivedAt = input.receivedAt ? Date.parse(input.receivedAt) : now;
  if (receivedAt > now + 5 * 60_000) {
    throw new Invalid('receivedAt is in the future', [
      { path: 'receivedAt', code: 'in_future', message: 'must not be in the future' },
    ]);
  }
  const stationId = intakeStation(p, input);
  await checkTaxonomy(ctx.db, input.category, input.tags);
  const routing = await routeIntake(ctx, input);
  if (stationId) {
    const s = await ctx.db.selectFrom('stations').select('id').where('id', '=', stationId).executeTakeFirst();
    if (!s)
      throw new Invalid('unknown station', [
        { path: 'stationId', code: 'not_found', message: 'no such station' },
      ]);
  }
  if (input.externalRef) {
    const dup = await ctx.db
      .selectFrom('complaints')
      .select('id')
      .where('external_ref', '=', input.externalRef)
      .executeTakeFirst();
    if (dup) throw new Conflict(`a complaint with externalRef ${input.externalRef} exists: ${dup.id}`);
  }
  const { merchantId, business } = routing;
  const status = intakeStatus(merchantId ? 'merchant' : business ? 'not_networked' : 'none');
  const tags = [...new Set(input.tags)];
  const phone = input.consumer.phone?.replace(/[\s-]/g, '') ?? null;

  // The answer is the object the events carry, mapped once inside the transaction (a read after
  // the commit would repeat it; and a keyed request records this answer in the same commit).
  return ctx.transact(async (trx) => {
    const sequence = await nextReferenceSequence(trx, Number(shanghaiDate(receivedAt).slice(0, 4)));
    const base: ComplaintRow = {
      id: newId('complaint', now),
      reference: formatReference(
        ctx.config.referencePrefix,
        Number(shanghaiDate(receivedAt).slice(0, 4)),
        sequence,
      ),
      kind: input.kind,
      status,
      channel: input.channel,
      merchant_id: merchantId,
      business_name: business?.name ?? null,
      business_credit_code: business?.creditCode ?? null,
      business_name_key: business ? businessNameKey(business.name) : null,
      duplicate_of: null,
      station_id: stationId,
      external_ref: input.externalRef ?? null,
      subject: input.subject,
      description: input.description,
      category: input.category,
      tags: JSON.stringify(tags),
      consumer_name: input.consumer.name,
      consumer_phone: phone,
      consumer_is_minor: input.consumer.isMinor ? 1 : 0,
      claim_fen: input.claimFen ?? null,
      pending_proposal: null,
      pending_info_request: null,
      sla_policy: null,
      ack_due_at: null,
      settle_due_at: null,
      paused_at: null,
      calendar_gap: 0,
      calendar_provisional: 0,
      next_due_at: null,
      next_due_stage: null,
      stopped_at: null,
      answer_due_at: null,
      escalate_at: null,
      escalation_cause: null,
      accept_due_at: null,
      accepted_at: null,
      mediation_due_at: null,
      mediation_ended_at: null,
      staff_due_at: null,
      staff_due_stage: null,
      acknowledged_at: null,
      settled_at: null,
      escalated_at: null,
      closed_at: null,
      settlement_id: null,
      received_at: receivedAt,
      assigned_at: merchantId ? now : null,
      updated_at: now,
      version: 1,
      personal_data_erased_at: null,
    };
    // Not networked: in the commission's mediation from intake, its 60-day deadline counted from now.
    const escalatedAt = status === 'escalated' ? now : null;
    const sla = await slaChanges(trx, ctx.calendars, base, {
      action: 'intake',
      to: status,
      now,
      merchantId: base.merchant_id,
      escalatedAt,
    });
    const created = {
      ...base,
      ...sla,
      ...(escalatedAt !== null && { escalated_at: escalatedAt, escalation_cause: 'not_networked' as const }),
    } as ComplaintRow;
    const duplicates = await possibleDuplicates(trx, {
      phone,
      merchantId,
      businessCreditCode: created.business_credit_code,
      businessName: created.business_name,
      receivedAt,
    });
    await trx.insertInto('complaints').values(created).execute();
    if (tags.length > 0) {
      await trx
        .insertInto('complaint_tags')
        .values(tags.map((tag) => ({ complaint_id: created.id, tag })))
        .execute();
    }
    const object = await readComplaint(trx, ctx, created, 'masked');
    const scope = { complaintId: created.id, merchantId: created.merchant_id, stationId: created.station_id };
    await appendEvent(trx, ctx, { type: 'complaint.received', ...scope, data: { object } });
    if (status === 'assigned') {
      const details = routing.routedBy === 'merchant_id' ? {} : { routedBy: routing.routedBy };
      await appendEvent(trx, ctx, { type: 'complaint.assigned', ...scope, data: { object, ...details } });
    }
    if (status === 'escalated')
      await appendEvent(trx, ctx, {
        type: 'complaint.escalated',
        ...scope,
        data: { object, cause: 'not_networked', reason: null },
      });
    return { ...object, routedBy: routing.routedBy, possibleDuplicates: duplicates };
  });
}
