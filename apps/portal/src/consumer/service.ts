import {
  type Complaint,
  Forbidden,
  Invalid,
  type Outcome,
  type SatisfactionInput,
  type TypedEvent,
  toIso,
} from '@redress/core';
import { consumerPrincipal } from '../auth/principal';
import { verifyConsumerLink } from '../auth/tokens';
import { getTimeline, viewComplaint } from '../complaints/read';
import { type AppDeps, type ServiceContext, withPrincipal } from '../context';

export { SatisfactionInput } from '@redress/core';

export interface Satisfaction {
  rating: number;
  comment: string | null;
  ratedAt: string;
}

/**
 * Who acts through a consumer link: the consumer of that one complaint. An expired, tampered
 * or foreign link is `Unauthenticated`; no account is involved.
 */
export async function consumerContext(deps: AppDeps, token: string): Promise<ServiceContext> {
  const complaintId = await verifyConsumerLink(deps.keys, deps.clock, token);
  return withPrincipal(deps, consumerPrincipal(complaintId));
}

function requireConsumer(ctx: ServiceContext): string {
  if (ctx.principal.kind !== 'consumer' || !ctx.principal.id)
    throw new Forbidden('only the consumer rates the handling of a complaint');
  return ctx.principal.id;
}

/** What the consumer's page shows: the proposal or information request waiting, the messages, the rating. */
export interface ConsumerView {
  complaint: Complaint;
  proposal: { outcome: Outcome; amountFen: number | null; terms: string } | null;
  infoRequest: string | null;
  messages: { from: 'merchant' | 'staff' | 'consumer'; body: string; at: string }[];
  satisfaction: Satisfaction | null;
  canRate: boolean;
}

/** What a consumer reads in an event: the message, the information request or their reply. */
function bodyOf(e: TypedEvent): string | undefined {
  if (e.type === 'complaint.message_sent') return e.data.message.body;
  if (e.type === 'complaint.info_requested') return e.data.infoRequest.body;
  if (e.type === 'complaint.consumer_replied') return e.data.reply.body;
  return undefined;
}

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
    const from =
      e.actor.kind === 'consumer' ? 'consumer' : e.actor.role?.startsWith('merchant') ? 'merchant' : 'staff';
    const body = bodyOf(e);
    if (body !== undefined) messages.push({ from, body, at: e.createdAt });
  }
  return {
    complaint,
    proposal:
      complaint.status === 'proposed' && proposal
        ? { outcome: proposal.outcome, amountFen: proposal.amountFen, terms: proposal.terms }
        : null,
    infoRequest: complaint.status === 'awaiting_consumer' ? infoRequest : null,
    messages,
    satisfaction: await satisfactionOf(ctx, id),
    canRate: complaint.status !== 'new',
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
 * last. Only through the consumer link, and not before the complaint was taken up.
 * @example await rateSatisfaction(ctx, { rating: 5 })
 */
export async function rateSatisfaction(ctx: ServiceContext, input: SatisfactionInput): Promise<Satisfaction> {
  const id = requireConsumer(ctx);
  const complaint = await viewComplaint(ctx, id);
  if (complaint.status === 'new') {
    throw new Invalid('the complaint has not been taken up yet', [
      { path: 'rating', message: 'rate once the complaint has been handled' },
    ]);
  }
  const now = ctx.clock.now();
  const comment = input.comment ?? null;
  await ctx.db
    .insertInto('satisfaction')
    .values({ complaint_id: id, rating: input.rating, comment, created_at: now, updated_at: now })
    .onConflict((oc) =>
      oc.column('complaint_id').doUpdateSet({ rating: input.rating, comment, updated_at: now }),
    )
    .execute();
  return { rating: input.rating, comment, ratedAt: toIso(now) };
}
