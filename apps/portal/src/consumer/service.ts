import {
  type Complaint,
  type EventDetails,
  type EventType,
  Forbidden,
  hasEnded,
  Invalid,
  type MessageAttachment,
  messageOf,
  type Outcome,
  type Referral,
  type SatisfactionInput,
  type TypedEvent,
  toIso,
  voiceOf,
} from '@redress/core';
import { sql } from 'kysely';
import { consumerComplaintOf, getTimeline, viewComplaint } from '../complaints';
import { type AppDeps, type ServiceContext, withPrincipal } from '../context';
import { consumerPrincipal } from '../http/principal';

export { SatisfactionInput } from '@redress/core';

export interface Satisfaction {
  rating: number;
  comment: string | null;
  ratedAt: string;
}

/**
 * Who acts through a consumer link: the consumer of that one complaint. The link is a short
 * code the SMS carries (`consumer_links`: its complaint and expiry) or a signed token (the links
 * sent before the codes, and the API's own). An expired, tampered, unknown or foreign link is
 * `Unauthenticated`; no account is involved.
 */
export async function consumerContext(deps: AppDeps, token: string): Promise<ServiceContext> {
  return withPrincipal(deps, consumerPrincipal(await consumerComplaintOf(deps, token)));
}

function requireConsumer(ctx: ServiceContext): string {
  if (ctx.principal.kind !== 'consumer' || !ctx.principal.id)
    throw new Forbidden('only the consumer rates the handling of a complaint');
  return ctx.principal.id;
}

/**
 * How the complaint ended, as the consumer's page says it: what was agreed (the settlement: by
 * whom, the outcome, the amount), where it was referred, and the closing or withdrawal note.
 */
export interface ConsumerOutcome {
  status: 'settled' | 'closed' | 'referred' | 'withdrawn';
  endedAt: string;
  settlement: Complaint['settlement'];
  referral: { to: Referral; note: string } | null;
  note: string | null;
}

/** What the consumer's page shows: the proposal or information request waiting, the messages, the rating. */
export interface ConsumerView {
  complaint: Complaint;
  proposal: { outcome: Outcome; amountFen: number | null; terms: string } | null;
  infoRequest: string | null;
  /** A reply the merchant or staff recorded for the consumer (by phone) is the consumer's, `recordedBy` them. */
  messages: {
    from: 'merchant' | 'staff' | 'consumer';
    recordedBy: 'merchant' | 'staff' | null;
    body: string;
    attachments: MessageAttachment[];
    at: string;
  }[];
  /** Once the complaint has ended (`hasEnded`): what was agreed; null while it is open. */
  outcome: ConsumerOutcome | null;
  satisfaction: Satisfaction | null;
  /** Only once the complaint has ended: the consumer rates the handling, not a step of it. */
  canRate: boolean;
}

const ENDING_EVENTS: readonly EventType[] = [
  'complaint.settled',
  'complaint.referred',
  'complaint.closed',
  'complaint.withdrawn',
];

/** The consumer's view of their complaint: nothing of the merchant's internals, no other complaint. */
export async function consumerView(ctx: ServiceContext): Promise<ConsumerView> {
  const id = requireConsumer(ctx);
  const complaint = await viewComplaint(ctx, id);
  const events = await getTimeline(ctx, id);
  let proposal: ConsumerView['proposal'] = null;
  let infoRequest: string | null = null;
  const messages: ConsumerView['messages'] = [];
  for (const e of events) {
    if (e.type === 'complaint.proposed') proposal = e.data.proposal;
    if (e.type === 'complaint.info_requested') infoRequest = e.data.infoRequest.body;
    const voice = voiceOf(e.type, e.actor);
    const from = voice.by === 'consumer' || voice.by === 'merchant' ? voice.by : 'staff';
    const recordedBy =
      voice.recordedBy === null ? null : voice.recordedBy === 'merchant' ? 'merchant' : 'staff';
    const message = messageOf(e);
    if (message !== undefined)
      messages.push({
        from,
        recordedBy,
        body: message.body,
        attachments: message.attachments ?? [],
        at: e.createdAt,
      });
  }
  const ended = hasEnded(complaint.status);
  return {
    complaint,
    proposal:
      complaint.status === 'proposed' && proposal
        ? { outcome: proposal.outcome, amountFen: proposal.amountFen, terms: proposal.terms }
        : null,
    infoRequest: complaint.status === 'awaiting_consumer' ? infoRequest : null,
    messages,
    outcome: ended ? outcomeOf(complaint, events) : null,
    satisfaction: await satisfactionOf(ctx, id),
    canRate: ended,
  };
}

/** What an ended complaint came to, read from its settlement and the events that ended it. */
function outcomeOf(complaint: Complaint, events: readonly TypedEvent[]): ConsumerOutcome {
  let referred: EventDetails['complaint.referred'] | undefined;
  for (const e of events) if (e.type === 'complaint.referred') referred = e.data;
  const last = events.filter((e) => ENDING_EVENTS.includes(e.type)).at(-1);
  const note =
    last?.type === 'complaint.closed' || last?.type === 'complaint.withdrawn' ? last.data.reason : null;
  return {
    status: complaint.status as ConsumerOutcome['status'],
    endedAt: last?.createdAt ?? complaint.updatedAt,
    settlement: complaint.settlement,
    referral: referred ? { to: referred.to, note: referred.note } : null,
    note: note ?? null,
  };
}

async function satisfactionOf(ctx: ServiceContext, complaintId: string): Promise<Satisfaction | null> {
  const row = await ctx.db
    .selectFrom('satisfaction')
    .selectAll()
    .where('complaint_id', '=', complaintId)
    .executeTakeFirst();
  return row ? { rating: row.rating, comment: row.comment, ratedAt: toIso(Number(row.updated_at)) } : null;
}

/**
 * Stores the consumer's rating of how their complaint was handled; a new rating replaces the
 * last. Only through the consumer link, and only once the complaint has ended (`hasEnded`):
 * a rating given while a proposal waits would rate a step, not the handling.
 * @example await rateSatisfaction(ctx, { rating: 5 })
 */
export async function rateSatisfaction(ctx: ServiceContext, input: SatisfactionInput): Promise<Satisfaction> {
  const id = requireConsumer(ctx);
  const complaint = await viewComplaint(ctx, id);
  if (!hasEnded(complaint.status)) {
    throw new Invalid(
      'the complaint has not ended yet: rate the handling once it is settled, closed, referred or withdrawn',
      [
        {
          path: 'rating',
          code: 'too_early',
          message: 'rate once the complaint has ended (settled, closed, referred or withdrawn)',
        },
      ],
    );
  }
  const now = ctx.clock.now();
  const comment = input.comment ?? null;
  await ctx.transact(async (trx) => {
    await trx
      .insertInto('satisfaction')
      .values({ complaint_id: id, rating: input.rating, comment, created_at: now, updated_at: now })
      .onConflict((oc) =>
        oc.column('complaint_id').doUpdateSet({ rating: input.rating, comment, updated_at: now }),
      )
      .execute();
    // A rating changes what the complaint counts for (figures/cache.ts keys on the version).
    await trx
      .updateTable('complaints')
      .set({ version: sql`version + 1` as any })
      .where('id', '=', id)
      .execute();
  });
  return { rating: input.rating, comment, ratedAt: toIso(now) };
}
