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
import { appendEvent } from '../events';
import type { Principal } from '../http/principal';
import { slaChanges } from '../sla';
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
  const status = input.merchantId ? 'assigned' : 'new';
  const tags = [...new Set(input.tags)];

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
      assigned_at: input.merchantId ? now : null,
      updated_at: now,
      version: 1,
      personal_data_erased_at: null,
      owner_id: null,
    };
    const sla = await slaChanges(trx, ctx.calendars, base, {
      action: 'intake',
      to: status,
      now,
      merchantId: base.merchant_id,
      escalatedAt: null,
    });
    const created = { ...base, ...sla } as ComplaintRow;
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
    if (status === 'assigned')
      await appendEvent(trx, ctx, { type: 'complaint.assigned', ...scope, data: { object } });
    return object;
  });
}
