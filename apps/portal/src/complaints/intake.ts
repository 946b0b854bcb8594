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
  type PossibleDuplicate,
  type RoutedBy,
  shanghaiDate,
} from '@redress/core';
import type { Kysely } from 'kysely';
import type { ServiceContext } from '../context';
import type { Database } from '../db/database';
import { appendEvents, insertRows, type NewEvent } from '../events';
import type { Principal } from '../http/principal';
import { matchBusiness } from '../merchants';
import { merchantPolicy, slaChanges } from '../sla';
import { possibleDuplicates } from './duplicates';
import { nextReferenceSequence } from './queries';
import { complaintObjects } from './read';
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
export interface Routing {
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
  const [taken] = await ctx.transact((trx) => takeIn(trx, ctx, [{ input, stationId, receivedAt, routing }]));
  return taken!;
}

/**
 * One complaint to take in, checked already (its category and tags, merchant, station and
 * `externalRef`) and routed, with its history when an import brings one: when it was sent to
 * the merchant, and the reason it was closed (a replay of complaints answered elsewhere).
 */
export interface IntakeItem {
  input: CreateComplaintInput;
  stationId: string | null;
  receivedAt: number;
  routing: Routing;
  assignedAt?: number | undefined;
  closedReason?: string | undefined;
}

/**
 * Writes complaints taken in, in the caller's transaction: the one writer of a new complaint
 * (`createComplaint` with one, an import with a batch). Each one's status is core's
 * `intakeStatus` (`assigned` with the merchant's SLA clock started, `escalated` for a business
 * that is not networked, `new`), or `closed` when its history says so; the rows, tags and events
 * go in with multi-row INSERTs, each merchant's policy is read once, and the answer is each
 * complaint's object with how it was routed and its possible duplicates, in order.
 */
export async function takeIn(
  trx: Kysely<Database>,
  ctx: ServiceContext,
  items: readonly IntakeItem[],
): Promise<ComplaintIntake[]> {
  if (items.length === 0) return [];
  const now = ctx.clock.now();
  // Reference numbers are counted per year of receipt: one block of numbers per year.
  const years = items.map((item) => Number(shanghaiDate(item.receivedAt).slice(0, 4)));
  const next = new Map<number, number>();
  for (const year of new Set(years)) {
    const count = years.filter((y) => y === year).length;
    next.set(year, (await nextReferenceSequence(trx, year, count)) - count + 1);
  }
  // Each merchant's policy read once for the batch, not once per complaint.
  const policies = new Map<string, ReturnType<typeof merchantPolicy>>();
  const policyOf = (merchantId: string | null) => {
    if (merchantId === null) return undefined;
    let policy = policies.get(merchantId);
    if (!policy) {
      policy = merchantPolicy(trx, merchantId, now);
      policies.set(merchantId, policy);
    }
    return policy;
  };
  const rows: ComplaintRow[] = [];
  const tagRows: { complaint_id: string; tag: string }[] = [];
  const duplicatesOf: PossibleDuplicate[][] = [];
  for (const [i, item] of items.entries()) {
    const { input, stationId, receivedAt, routing, assignedAt, closedReason } = item;
    const { merchantId, business } = routing;
    const status = intakeStatus(merchantId ? 'merchant' : business ? 'not_networked' : 'none');
    const tags = [...new Set(input.tags)];
    const phone = input.consumer.phone?.replace(/[\s-]/g, '') ?? null;
    const year = years[i]!;
    const sequence = next.get(year)!;
    next.set(year, sequence + 1);
    const base: ComplaintRow = {
      id: newId('complaint', now),
      reference: formatReference(ctx.config.referencePrefix, year, sequence),
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
      assigned_at: merchantId ? (assignedAt ?? now) : null,
      updated_at: now,
      version: 1,
      personal_data_erased_at: null,
      owner_id: null,
    };
    // Not networked: in the commission's mediation from intake, its 60-day deadline counted from now.
    const escalatedAt = status === 'escalated' ? now : null;
    const sla = await slaChanges(trx, ctx.calendars, base, {
      action: 'intake',
      to: status,
      now,
      merchantId: base.merchant_id,
      escalatedAt,
      policy: await policyOf(base.merchant_id),
    });
    let created = {
      ...base,
      ...sla,
      ...(escalatedAt !== null && { escalated_at: escalatedAt, escalation_cause: 'not_networked' as const }),
    } as ComplaintRow;
    if (closedReason !== undefined) {
      const closing = await slaChanges(trx, ctx.calendars, created, {
        action: 'close',
        to: 'closed',
        now,
        merchantId: created.merchant_id,
        escalatedAt: created.escalated_at,
      });
      created = { ...created, ...closing, status: 'closed', closed_at: now } as ComplaintRow;
    }
    duplicatesOf.push(
      closedReason !== undefined
        ? []
        : await possibleDuplicates(
            trx,
            {
              phone,
              merchantId,
              businessCreditCode: created.business_credit_code,
              businessName: created.business_name,
              receivedAt,
            },
            rows,
          ),
    );
    rows.push(created);
    for (const tag of tags) tagRows.push({ complaint_id: created.id, tag });
  }
  await insertRows(trx, 'complaints', rows);
  await insertRows(trx, 'complaint_tags', tagRows);
  const objects = await complaintObjects(trx, ctx, rows, 'masked');
  const events: NewEvent[] = [];
  rows.forEach((row, i) => {
    const object = objects[i]!;
    const { routing, closedReason } = items[i]!;
    const scope = { complaintId: row.id, merchantId: row.merchant_id, stationId: row.station_id };
    events.push({ type: 'complaint.received', ...scope, data: { object } });
    if (row.merchant_id !== null) {
      const details = routing.routedBy === 'merchant_id' ? {} : { routedBy: routing.routedBy };
      events.push({ type: 'complaint.assigned', ...scope, data: { object, ...details } });
    } else if (row.escalated_at !== null)
      events.push({
        type: 'complaint.escalated',
        ...scope,
        data: { object, cause: 'not_networked', reason: null },
      });
    if (closedReason !== undefined)
      events.push({ type: 'complaint.closed', ...scope, data: { object, reason: closedReason } });
  });
  await appendEvents(trx, ctx, events);
  return objects.map((object, i) => ({
    ...object,
    routedBy: items[i]!.routing.routedBy,
    possibleDuplicates: duplicatesOf[i]!,
  }));
}
