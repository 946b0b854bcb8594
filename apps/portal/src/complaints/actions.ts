import {
  type Action,
  type ActionFacts,
  type BodyInput,
  businessNameKey,
  type Complaint,
  type ComplaintEventType,
  Conflict,
  type EscalationCause,
  type EventDetails,
  escalationDue,
  type FieldError,
  formatYuan,
  Invalid,
  type MergeInput,
  type MessageAttachment,
  NotFound,
  type NotNetworkedInput,
  type NotOursInput,
  newId,
  OUTCOME_LABELS,
  type Outcome,
  type ProposalInput,
  proposalTiming,
  REFERRAL_LABELS,
  type Referral,
  type RoutedBy,
  type SettleInput,
  type Status,
  toIso,
  transition,
} from '@redress/core';
import type { Kysely } from 'kysely';
import type { ServiceContext } from '../context';
import type { Database } from '../db/database';
import { builtOnce } from '../db/statement';
import { appendEvent, type NewEvent } from '../events';
import { matchBusiness } from '../merchants';
import { writeSettlement } from '../settlements';
import { escalationFactsOf, slaChanges } from '../sla';
import { consumerLink, ESCALATION_TEXTS, notifyConsumer } from './notify';
import { loadComplaint } from './queries';
import { readComplaint } from './read';
import type { ComplaintRow, ComplaintUpdate } from './table';

/** An event an action writes, with the details its type carries (core's `EventDetails`). */
type ComplaintEvent = {
  [T in ComplaintEventType]: Record<never, never> extends EventDetails[T]
    ? { type: T; details?: EventDetails[T] }
    : { type: T; details: EventDetails[T] };
}[ComplaintEventType];

interface Step {
  /** The status after the action when it is not the table's (a proposal after the settle deadline). */
  to?: Status;
  /** Column changes besides status, version and updated_at. */
  update?: ComplaintUpdate;
  /** Events to write, in order; each gets `object` (the complaint after the change). */
  events: ComplaintEvent[];
  /** Extra writes in the same transaction (a settlement row, a consumer notification). */
  also?: (trx: Kysely<Database>, row: ComplaintRow) => Promise<void>;
  /** The merchant whose feed and webhooks get the events, when not the one holding it after (a return). */
  eventMerchantId?: string | null;
}

/**
 * The shape of every action on a complaint: visibility first (another merchant's complaint is
 * 404, never 403, as DESIGN.md says), then the lifecycle rule from `@redress/core` (403 for a
 * role that may never, 409 with the allowed actions for a status that does not allow it), then the change, its SLA consequences and its events in one transaction.
 * The update is conditional on the version read, so two concurrent actions cannot both win.
 */
async function act(
  ctx: ServiceContext,
  id: string,
  action: Action,
  plan: (row: ComplaintRow, now: number, trx: Kysely<Database>) => Step | Promise<Step>,
): Promise<Complaint> {
  // The answer is the object the events carry: the complaint as the transaction left it,
  // mapped once (a second read after commit would only repeat the same work).
  return ctx.transact(async (trx) => {
    // SQLite runs write transactions one at a time; PostgreSQL locks the row (see loadComplaint).
    const before = await loadComplaint(trx, ctx.principal, id, { lock: ctx.dialect === 'postgres' });
    const allowed = transition(action, before.status, ctx.principal.actor, actionFacts(before));
    const now = ctx.clock.now();
    const step = await plan(before, now, trx);
    const to = step.to ?? allowed;
    const changes: ComplaintUpdate = {
      ...step.update,
      ...(await slaChanges(trx, ctx.calendars, before, {
        action,
        to,
        now,
        merchantId:
          step.update && 'merchant_id' in step.update
            ? (step.update.merchant_id ?? null)
            : before.merchant_id,
        escalatedAt:
          step.update && 'escalated_at' in step.update
            ? (step.update.escalated_at ?? null)
            : before.escalated_at,
      })),
      status: to,
      updated_at: now,
      // Every change raises the version: the list's cache (list-cache.ts) keys on it.
      version: before.version + 1,
    };
    // Built once per set of columns (db/statement.ts); the values are plain, never SQL.
    const columns = Object.keys(changes).filter((c) => changes[c as keyof ComplaintUpdate] !== undefined);
    const update = builtOnce(
      `act ${ctx.dialect} ${columns.join(',')}`,
      [...columns.map((c) => changes[c as keyof ComplaintUpdate]), before.id, before.version],
      () =>
        trx
          .updateTable('complaints')
          .set(changes)
          .where('id', '=', before.id)
          .where('version', '=', before.version),
    );
    const result = await trx.executeQuery(update);
    if (Number(result.numAffectedRows) !== 1) {
      throw new Conflict('the complaint changed while this action was made; reload it and try again');
    }
    const after: ComplaintRow = { ...before, ...changes } as ComplaintRow;
    await step.also?.(trx, after);
    const object = await readComplaint(trx, ctx, after, 'masked');
    for (const { type, details } of step.events) {
      await appendEvent(trx, ctx, {
        type,
        complaintId: after.id,
        merchantId: step.eventMerchantId !== undefined ? step.eventMerchantId : after.merchant_id,
        stationId: after.station_id,
        data: { object, ...details },
        // One `ComplaintEvent`: its type and details were checked together where the step made it.
      } as NewEvent);
    }
    return object;
  });
}

/** The facts of a row that core's guarded actions read (`ActionFacts`). */
export function actionFacts(row: Pick<ComplaintRow, 'merchant_id' | 'escalation_cause'>): ActionFacts {
  return { notNetworked: row.merchant_id === null && row.escalation_cause === 'not_networked' };
}

/**
 * Routes a complaint to a merchant (re-routing an assigned one restarts its clock). `onlyNew`:
 * the new queue's bulk assign, which must not re-route what a colleague routed meanwhile (409).
 */
export function assignComplaint(
  ctx: ServiceContext,
  id: string,
  input: { merchantId: string },
  options: { onlyNew?: boolean } = {},
) {
  return act(ctx, id, 'assign', async (row, now, trx) => {
    if (options.onlyNew && row.status !== 'new') throw new Conflict('the complaint was routed meanwhile');
    const merchant = await trx
      .selectFrom('merchants')
      .select('id')
      .where('id', '=', input.merchantId)
      .executeTakeFirst();
    if (!merchant)
      throw new Invalid('unknown merchant', [
        { path: 'merchantId', code: 'not_found', message: 'no such merchant' },
      ]);
    return {
      // The owner was one of the previous merchant's users: routed elsewhere, nobody owns it.
      update: {
        merchant_id: input.merchantId,
        assigned_at: now,
        ...(row.merchant_id !== input.merchantId ? { owner_id: null } : {}),
      },
      events: [{ type: 'complaint.assigned', details: { previousMerchantId: row.merchant_id } }],
    };
  });
}

export function acknowledgeComplaint(ctx: ServiceContext, id: string) {
  return act(ctx, id, 'acknowledge', (_row, now) => ({
    update: { acknowledged_at: now },
    events: [{ type: 'complaint.acknowledged' }],
  }));
}

/**
 * The files a message carries (`attachmentIds`): each must be an attachment of this complaint
 * that no other message carries, else a field error at `attachmentIds.N` (another complaint's
 * file, another merchant's or an unknown id alike: "not found on this complaint", never saying
 * that it exists). Read in the action's transaction, with the complaint locked (or SQLite's one
 * writer), so two messages cannot both take the same file; the link itself is written by the
 * attachments' listener in the same transaction (`linkMessageAttachments`, attachments/service.ts).
 */
async function messageFiles(
  trx: Kysely<Database>,
  complaintId: string,
  ids: readonly string[] | undefined,
): Promise<MessageAttachment[]> {
  if (!ids || ids.length === 0) return [];
  const rows = await trx
    .selectFrom('attachments')
    .select(['id', 'file_name', 'content_type', 'size_bytes', 'message_event_id'])
    .where('complaint_id', '=', complaintId)
    .where('id', 'in', [...ids])
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const errors: FieldError[] = [];
  ids.forEach((id, i) => {
    const row = byId.get(id);
    if (!row)
      errors.push({ path: `attachmentIds.${i}`, code: 'not_found', message: 'not found on this complaint' });
    else if (row.message_event_id !== null)
      errors.push({
        path: `attachmentIds.${i}`,
        code: 'reused',
        message: 'already carried by another message',
      });
  });
  if (errors.length > 0) throw new Invalid('some attachments cannot go with this message', errors);
  return ids.map((id) => {
    const r = byId.get(id)!;
    return { id: r.id, fileName: r.file_name, contentType: r.content_type, sizeBytes: Number(r.size_bytes) };
  });
}

export async function messageConsumer(ctx: ServiceContext, id: string, input: BodyInput) {
  const link = await consumerLink(ctx, id);
  return act(ctx, id, 'message', async (row, _now, trx) => {
    const attachments = await messageFiles(trx, row.id, input.attachmentIds);
    return {
      events: [{ type: 'complaint.message_sent', details: { message: { body: input.body, attachments } } }],
      also: (t, after) => notifyConsumer(t, ctx, after, link, 'message', input.body),
    };
  });
}

export async function requestInformation(ctx: ServiceContext, id: string, input: BodyInput) {
  const link = await consumerLink(ctx, id);
  return act(ctx, id, 'request_info', async (row, _now, trx) => {
    const attachments = await messageFiles(trx, row.id, input.attachmentIds);
    return {
      update: { pending_info_request: input.body },
      events: [
        { type: 'complaint.info_requested', details: { infoRequest: { body: input.body, attachments } } },
      ],
      also: (t, after) => notifyConsumer(t, ctx, after, link, 'info_request', input.body),
    };
  });
}

export function recordConsumerReply(ctx: ServiceContext, id: string, input: BodyInput) {
  return act(ctx, id, 'consumer_reply', async (row, _now, trx) => {
    const attachments = await messageFiles(trx, row.id, input.attachmentIds);
    return {
      update: { pending_info_request: null },
      events: [
        {
          type: 'complaint.consumer_replied',
          details: { reply: { body: input.body, via: ctx.principal.kind, attachments } },
        },
      ],
    };
  });
}

/**
 * 和解方案. Made before the settle deadline, it stops the merchant's settle clock and opens the
 * consumer's answer window (`proposalTiming` in `@redress/core`). Made after it while the
 * merchant still held the complaint, it changes nothing already decided: the complaint goes to
 * mediation as the deadline required (cause `settle_deadline_passed`), the offer kept for the
 * mediator, and the consumer is told of the escalation rather than asked to confirm.
 */
export async function proposeSettlement(ctx: ServiceContext, id: string, input: ProposalInput) {
  const link = await consumerLink(ctx, id);
  return act(ctx, id, 'propose', (row, now) => {
    const proposal = {
      outcome: input.outcome,
      amountFen: input.amountFen ?? null,
      terms: input.terms,
      proposedAt: now,
    };
    const proposed = {
      type: 'complaint.proposed' as const,
      details: {
        proposal: { outcome: proposal.outcome, amountFen: proposal.amountFen, terms: proposal.terms },
      },
    };
    if (proposalTiming(escalationFactsOf(row), now) === 'too_late') {
      const cause: EscalationCause = 'settle_deadline_passed';
      return {
        to: 'escalated',
        update: { pending_proposal: JSON.stringify(proposal), escalated_at: now, escalation_cause: cause },
        events: [
          { ...proposed, details: { ...proposed.details, afterDeadline: true as const } },
          { type: 'complaint.escalated', details: { cause, reason: null } },
        ],
        also: (trx, after) => notifyConsumer(trx, ctx, after, link, 'escalated', ESCALATION_TEXTS[cause]),
      };
    }
    return {
      update: { pending_proposal: JSON.stringify(proposal) },
      events: [proposed],
      also: (trx, after) => notifyConsumer(trx, ctx, after, link, 'proposal', input.terms),
    };
  });
}

/** The consumer's answer window has closed: the escalation it decided stands (the sweeper makes it). */
function refuseLateAnswer(row: ComplaintRow, now: number): void {
  const due = escalationDue(escalationFactsOf(row));
  if (due?.cause === 'consumer_no_answer' && now >= due.at) {
    throw new Conflict(
      `the consumer's answer window closed at ${toIso(due.at)}: the complaint goes to the commission's mediation`,
      [],
    );
  }
}

/** The settlement row of a complaint; the channel follows from whether the commission had taken over. */
function settlementWrite(
  ctx: ServiceContext,
  now: number,
  s: { outcome: Outcome; amountFen: number; note: string | null },
) {
  const settlementId = newId('settlement', now);
  return {
    settlementId,
    write: async (trx: Kysely<Database>, row: ComplaintRow) => {
      await writeSettlement(trx, {
        id: settlementId,
        complaintId: row.id,
        stationId: row.station_id,
        merchantId: row.merchant_id,
        channel: row.escalated_at === null ? 'merchant_first' : 'mediation',
        outcome: s.outcome,
        amountFen: s.amountFen,
        consumerAccepted: true,
        summary: s.note ?? '',
        by: ctx.principal,
        at: now,
      });
    },
  };
}

export async function recordSettlement(ctx: ServiceContext, id: string, input: SettleInput) {
  if (!input.consumerAccepted) {
    throw new Invalid('a settlement the consumer has not accepted is a proposal: send it to /proposals', [
      {
        path: 'consumerAccepted',
        code: 'not_accepted',
        message: 'must be true: record only what the consumer agreed to',
      },
    ]);
  }
  const link = await consumerLink(ctx, id);
  return act(ctx, id, 'settle', (_row, now) => {
    const s = settlementWrite(ctx, now, {
      outcome: input.outcome,
      amountFen: input.amountFen,
      note: input.note ?? null,
    });
    return {
      update: { settlement_id: s.settlementId, settled_at: now, pending_proposal: null },
      events: [{ type: 'complaint.settled' }],
      also: async (trx, row) => {
        await s.write(trx, row);
        // The consumer agreed by phone or in person: the SMS says what was recorded in their name.
        await notifyConsumer(trx, ctx, row, link, settledKind(row), settlementText(input));
      },
    };
  });
}

/** Which SMS a settlement sends: reached with the merchant first, or in the commission's mediation. */
const settledKind = (row: ComplaintRow) => (row.escalated_at === null ? 'settled' : 'mediation_settled');

/**
 * The consumer's answer to the proposal, through the link or as recorded by staff. Either way
 * the consumer is texted what follows: what was agreed, or the mediation and why.
 */
export async function answerProposal(
  ctx: ServiceContext,
  id: string,
  input: { accept: boolean; comment?: string | undefined },
) {
  const link = await consumerLink(ctx, id);
  if (input.accept) {
    return act(ctx, id, 'accept_proposal', (row, now) => {
      refuseLateAnswer(row, now);
      const proposal = JSON.parse(row.pending_proposal ?? 'null') as {
        outcome: Outcome;
        amountFen: number | null;
        terms: string;
      } | null;
      if (!proposal) throw new Conflict('there is no proposal to answer');
      const s = settlementWrite(ctx, now, {
        outcome: proposal.outcome,
        amountFen: proposal.amountFen ?? 0,
        note: proposal.terms,
      });
      return {
        update: { settlement_id: s.settlementId, settled_at: now, pending_proposal: null },
        events: [
          {
            type: 'complaint.proposal_answered',
            details: { accepted: true, comment: input.comment ?? null },
          },
          { type: 'complaint.settled' },
        ],
        also: async (trx, after) => {
          await s.write(trx, after);
          await notifyConsumer(
            trx,
            ctx,
            after,
            link,
            settledKind(after),
            settlementText({ outcome: proposal.outcome, amountFen: proposal.amountFen ?? 0 }),
          );
        },
      };
    });
  }
  return act(ctx, id, 'reject_proposal', (row, now) => {
    refuseLateAnswer(row, now);
    // Rejecting a mediator's proposal leaves the complaint in mediation, escalated as before.
    const first = row.escalated_at === null;
    return {
      update: first
        ? { escalated_at: now, escalation_cause: 'consumer_rejected', pending_proposal: null }
        : { pending_proposal: null },
      events: [
        { type: 'complaint.proposal_answered', details: { accepted: false, comment: input.comment ?? null } },
        ...(first ? [{ type: 'complaint.escalated', details: { cause: 'consumer_rejected' } } as const] : []),
      ],
      // A mediator's proposal rejected leaves the complaint where it was: nothing new to tell.
      ...(first && {
        also: (trx: Kysely<Database>, after: ComplaintRow) =>
          notifyConsumer(trx, ctx, after, link, 'escalated', ESCALATION_TEXTS.consumer_rejected),
      }),
    };
  });
}

/** 不同意和解 — the commission takes over; the consumer is told why (not the merchant's own words). */
export async function declineComplaint(ctx: ServiceContext, id: string, input: { reason: string }) {
  const link = await consumerLink(ctx, id);
  return act(ctx, id, 'decline', (_row, now) => ({
    update: { escalated_at: now, escalation_cause: 'merchant_declined', pending_proposal: null },
    events: [{ type: 'complaint.escalated', details: { cause: 'merchant_declined', reason: input.reason } }],
    also: (trx, row) => notifyConsumer(trx, ctx, row, link, 'escalated', ESCALATION_TEXTS.merchant_declined),
  }));
}

/** 转消保委调解 — by staff, or by the sweeper when `escalationDue` says so; the consumer is told why. */
export async function escalateComplaint(
  ctx: ServiceContext,
  id: string,
  input: { reason?: string | undefined; cause?: EscalationCause },
) {
  const link = await consumerLink(ctx, id);
  const cause = input.cause ?? 'staff';
  return act(ctx, id, 'escalate', (_row, now) => ({
    update: { escalated_at: now, escalation_cause: cause },
    events: [{ type: 'complaint.escalated', details: { cause, reason: input.reason ?? null } }],
    also: (trx, row) => notifyConsumer(trx, ctx, row, link, 'escalated', ESCALATION_TEXTS[cause]),
  }));
}

export async function referComplaint(ctx: ServiceContext, id: string, input: { to: Referral; note: string }) {
  const link = await consumerLink(ctx, id);
  return act(ctx, id, 'refer', () => ({
    events: [{ type: 'complaint.referred', details: { to: input.to, note: input.note } }],
    also: (trx, row) =>
      notifyConsumer(trx, ctx, row, link, 'referred', `${REFERRAL_LABELS[input.to].zh}：${input.note}`),
  }));
}

export async function closeComplaint(ctx: ServiceContext, id: string, input: { reason: string }) {
  const link = await consumerLink(ctx, id);
  return act(ctx, id, 'close', (_row, now) => ({
    update: { closed_at: now },
    events: [{ type: 'complaint.closed', details: { reason: input.reason } }],
    also: (trx, row) => notifyConsumer(trx, ctx, row, link, 'closed', input.reason),
  }));
}

/** What was agreed, in the consumer's SMS: the outcome and the amount (`¥128.00`). */
function settlementText(input: { outcome: Outcome; amountFen: number }): string {
  const outcome = OUTCOME_LABELS[input.outcome].zh;
  return input.amountFen > 0 ? `${outcome}，${formatYuan(input.amountFen)}` : outcome;
}

/** 撤诉 — recorded by staff from what the consumer said; the SMS confirms it in their name. */
export async function withdrawComplaint(
  ctx: ServiceContext,
  id: string,
  input: { reason?: string | undefined },
) {
  const link = await consumerLink(ctx, id);
  return act(ctx, id, 'withdraw', (_row, now) => ({
    update: { closed_at: now, pending_proposal: null, pending_info_request: null },
    events: [{ type: 'complaint.withdrawn', details: { reason: input.reason ?? null } }],
    also: (trx, row) => notifyConsumer(trx, ctx, row, link, 'withdrawn', input.reason ?? ''),
  }));
}

/**
 * 非本企业 — the merchant says the complaint is not about it (CFPB's "incorrect company"): it goes
 * back to the staff's queue (`new`, no merchant; the merchant no longer sees it), the merchant's
 * clock stops (its deadlines are cleared), the commission's acceptance is open again (it is
 * accepted when routed anew, its deadline still counted from receipt), and the event says why and
 * which business it may be about.
 */
export function returnComplaint(ctx: ServiceContext, id: string, input: NotOursInput) {
  return act(ctx, id, 'not_ours', (row) => ({
    // The merchant's feed and webhooks learn that the complaint left it.
    eventMerchantId: row.merchant_id,
    update: {
      merchant_id: null,
      assigned_at: null,
      accepted_at: null,
      pending_info_request: null,
      business_name: null,
      business_credit_code: null,
      business_name_key: null,
    },
    events: [
      {
        type: 'complaint.returned',
        details: {
          cause: 'incorrect_company',
          merchantId: row.merchant_id ?? '',
          reason: input.reason,
          suggestedBusiness: input.suggestedBusiness
            ? { name: input.suggestedBusiness.name, creditCode: input.suggestedBusiness.creditCode ?? null }
            : null,
        },
      },
    ],
  }));
}

/**
 * A complaint taken in about a business that was not networked, handed to the merchant that
 * business has become: `assigned`, the merchant's clock started as on assignment. The
 * commission's mediation of it ends unfinished (its deadline is no longer running; the timeline
 * keeps it); a later escalation counts a new one.
 */
export function routeBusinessComplaint(
  ctx: ServiceContext,
  id: string,
  input: { merchantId: string; routedBy?: RoutedBy },
) {
  return act(ctx, id, 'route_business', async (_row, now, trx) => {
    const merchant = await trx
      .selectFrom('merchants')
      .select('id')
      .where('id', '=', input.merchantId)
      .executeTakeFirst();
    if (!merchant)
      throw new Invalid('unknown merchant', [
        { path: 'merchantId', code: 'not_found', message: 'no such merchant' },
      ]);
    return {
      update: {
        merchant_id: input.merchantId,
        assigned_at: now,
        escalated_at: null,
        escalation_cause: null,
        mediation_due_at: null,
        mediation_ended_at: null,
        business_name: null,
        business_credit_code: null,
        business_name_key: null,
      },
      events: [
        {
          type: 'complaint.assigned',
          details: { previousMerchantId: null, routedBy: input.routedBy ?? 'merchant_id' },
        },
      ],
    };
  });
}

/**
 * 未入网 — a complaint of the new queue is about `business`, which is not a networked merchant:
 * the commission mediates it itself, as intake does for one named so (`escalated`, cause
 * `not_networked`, the mediation deadline from now), and the consumer is told. A business that
 * matches a merchant (`matchBusiness`: credit code, name, alias) is refused, naming it: such a
 * complaint is assigned, not mediated. The new queue's bulk form calls this once per complaint.
 */
export async function markNotNetworked(ctx: ServiceContext, id: string, input: NotNetworkedInput) {
  const link = await consumerLink(ctx, id);
  return act(ctx, id, 'mark_not_networked', async (_row, now, trx) => {
    const match = await matchBusiness(trx, input.business);
    if (match.merchantId !== null)
      throw new Invalid('the business is a networked merchant: assign the complaint to it', [
        {
          path: 'business',
          code: 'invalid_value',
          message: `the business is networked merchant ${match.merchantId} (matched by ${match.routedBy}): assign the complaint to it`,
        },
      ]);
    const cause: EscalationCause = 'not_networked';
    return {
      update: {
        escalated_at: now,
        escalation_cause: cause,
        business_name: input.business.name,
        business_credit_code: input.business.creditCode ?? null,
        business_name_key: businessNameKey(input.business.name),
      },
      events: [{ type: 'complaint.escalated', details: { cause, reason: null } }],
      also: (trx2, row) => notifyConsumer(trx2, ctx, row, link, 'escalated', ESCALATION_TEXTS[cause]),
    };
  });
}

/**
 * 合并重复投诉 — this complaint is a duplicate of `into`: it is closed as such (`duplicateOf`), its
 * timeline points to the one kept, and the kept one's timeline names it. The kept complaint must be
 * another one, not itself merged into a third.
 */
export async function mergeComplaint(ctx: ServiceContext, id: string, input: MergeInput) {
  if (input.into === id)
    throw new Invalid('a complaint is not its own duplicate', [
      { path: 'into', code: 'invalid_value', message: 'must be another complaint' },
    ]);
  return act(ctx, id, 'merge', async (row, now, trx) => {
    const kept = await loadComplaint(trx, ctx.principal, input.into).catch((e: unknown) => {
      if (e instanceof NotFound)
        throw new Invalid('unknown complaint', [
          { path: 'into', code: 'not_found', message: 'no such complaint' },
        ]);
      throw e;
    });
    if (kept.duplicate_of !== null)
      throw new Invalid('the complaint kept was itself merged', [
        {
          path: 'into',
          code: 'invalid_value',
          message: `merged into ${kept.duplicate_of} already: merge into that one`,
        },
      ]);
    return {
      update: { duplicate_of: kept.id, closed_at: now, pending_proposal: null, pending_info_request: null },
      events: [{ type: 'complaint.merged', details: { into: { id: kept.id, reference: kept.reference } } }],
      also: async (t) => {
        const object = await readComplaint(t, ctx, kept, 'masked');
        await appendEvent(t, ctx, {
          type: 'complaint.duplicate_merged',
          complaintId: kept.id,
          merchantId: kept.merchant_id,
          stationId: kept.station_id,
          data: { object, duplicate: { id: row.id, reference: row.reference } },
        });
      },
    };
  });
}
