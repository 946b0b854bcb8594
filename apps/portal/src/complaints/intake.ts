import {
  type Complaint,
  Conflict,
  type CreateComplaintInput,
  type FieldError,
  Forbidden,
  formatReference,
  Invalid,
  newId,
  shanghaiDate,
} from '@redress/core';
import type { Kysely } from 'kysely';
import type { ServiceContext } from '../context';
import type { Database } from '../db/database';
import { appendEvents, insertRows, type NewEvent } from '../events';
import type { Principal } from '../http/principal';
import { merchantPolicy, slaChanges } from '../sla';
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

/**
 * Takes a complaint in (staff, or a station turning a walk-in dispute into a routed complaint):
 * `new`, or `assigned` with its SLA clock started when `merchantId` is given.
 */
export async function createComplaint(ctx: ServiceContext, input: CreateComplaintInput): Promise<Complaint> {
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
  }
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
  return ctx.transact(async (trx) => (await takeIn(trx, ctx, [{ input, stationId, receivedAt }]))[0]!);
}

/**
 * One complaint to take in, checked already (its category and tags, merchant, station and
 * `externalRef`), with its history when an import brings one: when it was sent to the merchant,
 * and the reason it was closed (a replay of complaints answered elsewhere).
 */
export interface IntakeItem {
  input: CreateComplaintInput;
  stationId: string | null;
  receivedAt: number;
  assignedAt?: number | undefined;
  closedReason?: string | undefined;
}

/**
 * Writes complaints taken in, in the caller's transaction: the one writer of a new complaint
 * (`createComplaint` with one, an import with a batch). Each is `new`, or `assigned` with its SLA
 * clock started when it names a merchant, or `closed` when its history says so; the rows, tags
 * and events go in with multi-row INSERTs, and the answer is the API object of each, in order.
 */
export async function takeIn(
  trx: Kysely<Database>,
  ctx: ServiceContext,
  items: readonly IntakeItem[],
): Promise<Complaint[]> {
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
  for (const [i, { input, stationId, receivedAt, assignedAt, closedReason }] of items.entries()) {
    const year = years[i]!;
    const sequence = next.get(year)!;
    next.set(year, sequence + 1);
    const status = input.merchantId ? 'assigned' : 'new';
    const tags = [...new Set(input.tags)];
    const base: ComplaintRow = {
      id: newId('complaint', now),
      reference: formatReference(ctx.config.referencePrefix, year, sequence),
      kind: input.kind,
      status,
      channel: input.channel,
      merchant_id: input.merchantId ?? null,
      station_id: stationId,
      external_ref: input.externalRef ?? null,
      subject: input.subject,
      description: input.description,
      category: input.category,
      tags: JSON.stringify(tags),
      consumer_name: input.consumer.name,
      consumer_phone: input.consumer.phone?.replace(/[\s-]/g, '') ?? null,
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
      assigned_at: input.merchantId ? (assignedAt ?? now) : null,
      updated_at: now,
      version: 1,
      personal_data_erased_at: null,
    };
    const sla = await slaChanges(trx, ctx.calendars, base, {
      action: 'intake',
      to: status,
      now,
      merchantId: base.merchant_id,
      escalatedAt: null,
      policy: await policyOf(base.merchant_id),
    });
    let created = { ...base, ...sla } as ComplaintRow;
    if (closedReason !== undefined) {
      const closing = await slaChanges(trx, ctx.calendars, created, {
        action: 'close',
        to: 'closed',
        now,
        merchantId: created.merchant_id,
        escalatedAt: null,
      });
      created = { ...created, ...closing, status: 'closed', closed_at: now } as ComplaintRow;
    }
    rows.push(created);
    for (const tag of tags) tagRows.push({ complaint_id: created.id, tag });
  }
  await insertRows(trx, 'complaints', rows);
  await insertRows(trx, 'complaint_tags', tagRows);
  const objects = await complaintObjects(trx, ctx, rows, 'masked');
  const events: NewEvent[] = [];
  rows.forEach((row, i) => {
    const object = objects[i]!;
    const scope = { complaintId: row.id, merchantId: row.merchant_id, stationId: row.station_id };
    events.push({ type: 'complaint.received', ...scope, data: { object } });
    if (row.merchant_id !== null) events.push({ type: 'complaint.assigned', ...scope, data: { object } });
    const reason = items[i]!.closedReason;
    if (reason !== undefined) events.push({ type: 'complaint.closed', ...scope, data: { object, reason } });
  });
  await appendEvents(trx, ctx, events);
  return objects;
}
