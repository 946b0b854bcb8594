import {
  BodyInput,
  ComplaintSchema,
  ComplaintSettlementSchema,
  MessageAttachmentSchema,
  ProposalAnswerInput,
  ReferralSchema,
  SatisfactionInput,
  Timestamp,
} from '@redress/core';
import { Hono } from 'hono';
import { z } from 'zod';
import { attachmentLinkOperations } from '../attachments';
import { answerProposal, recordConsumerReply } from '../complaints';
import { type AppDeps, contextOf, operation, operationRoutes } from '../context';
import type { AppEnv } from '../http/env';
import { idempotency } from '../idempotency';
import { consumerContext, consumerView, rateSatisfaction } from './service';

/** `POST /api/v1/consumer/{token}/rating` — 消费者满意度. */
export const SatisfactionSchema = z
  .object({ rating: z.number().int().min(1).max(5), comment: z.string().nullable(), ratedAt: Timestamp })
  .meta({ id: 'Satisfaction' });

/** `GET /api/v1/consumer/{token}`: what the consumer's page shows. */
export const ConsumerViewSchema = z
  .object({
    complaint: ComplaintSchema,
    proposal: z
      .object({ outcome: z.string(), amountFen: z.number().int().nullable(), terms: z.string() })
      .nullable(),
    infoRequest: z.string().nullable(),
    messages: z.array(
      z.object({
        from: z.enum(['merchant', 'staff', 'consumer']),
        /** The consumer's reply entered for them (said by phone): by the merchant or by staff. */
        recordedBy: z.enum(['merchant', 'staff']).nullable(),
        body: z.string(),
        /** The files the message carries (download them through the link's attachments). */
        attachments: z.array(MessageAttachmentSchema),
        at: Timestamp,
      }),
    ),
    /** Once the complaint has ended (settled, closed, referred, withdrawn): what was agreed. */
    outcome: z
      .object({
        status: z.enum(['settled', 'closed', 'referred', 'withdrawn']),
        endedAt: Timestamp,
        settlement: ComplaintSettlementSchema.nullable(),
        referral: z.object({ to: ReferralSchema, note: z.string() }).nullable(),
        note: z.string().nullable(),
      })
      .nullable(),
    satisfaction: SatisfactionSchema.nullable(),
    /** Whether the rating is open: only once the complaint has ended. */
    canRate: z.boolean(),
  })
  .meta({ id: 'ConsumerView' });

/** The signed token of a consumer link: it names one complaint and expires. */
export const ConsumerLinkToken = z.string().min(1).max(2_000);

const tag = 'Consumer link';
const params = { token: ConsumerLinkToken };
const complaint = {
  status: 200,
  schema: ComplaintSchema,
  description: 'The complaint after the answer.',
} as const;

/**
 * `/api/v1/consumer/{token}…` — the JSON behind the consumer's page. The signed link in the
 * path is the credential: no account, no API token; it names one complaint and expires.
 */
export const consumerOperations = [
  operation(
    {
      method: 'get',
      path: '/api/v1/consumer/{token}',
      operationId: 'getConsumerView',
      summary: 'The consumer’s view of their complaint',
      description:
        'The proposal or information request waiting (with the answer deadline in `complaint.sla.answerDueAt`), the messages, what was agreed once the complaint has ended (`outcome`), and the rating given.',
      tag,
      access: 'link',
      params,
      success: { status: 200, schema: ConsumerViewSchema, description: 'What the consumer sees.' },
    },
    async (c, deps) => {
      const view = await consumerView(await consumerContext(deps, c.req.valid('param').token));
      return {
        complaint: view.complaint,
        proposal: view.proposal,
        infoRequest: view.infoRequest,
        messages: view.messages,
        outcome: view.outcome,
        satisfaction: view.satisfaction,
        canRate: view.canRate,
      };
    },
  ),
  operation(
    {
      method: 'post',
      path: '/api/v1/consumer/{token}/proposal-answer',
      operationId: 'answerProposalAsConsumer',
      summary: 'Accept or reject the proposal',
      description: 'Accepted settles the complaint; rejected escalates it to the commission.',
      tag,
      access: 'link',
      params,
      body: { name: 'ProposalAnswerInput', schema: ProposalAnswerInput },
      success: complaint,
    },
    (c, deps) => {
      const context = contextOf(deps, c);
      return answerProposal(context, context.principal.id ?? '', c.req.valid('json'));
    },
  ),
  operation(
    {
      method: 'post',
      path: '/api/v1/consumer/{token}/reply',
      operationId: 'replyAsConsumer',
      summary: 'Answer an information request',
      description: 'Resumes the SLA clock.',
      tag,
      access: 'link',
      params,
      body: { name: 'BodyInput', schema: BodyInput },
      success: complaint,
    },
    (c, deps) => {
      const context = contextOf(deps, c);
      return recordConsumerReply(context, context.principal.id ?? '', c.req.valid('json'));
    },
  ),
  operation(
    {
      method: 'post',
      path: '/api/v1/consumer/{token}/rating',
      operationId: 'rateSatisfaction',
      summary: 'Rate the handling (满意度)',
      description:
        'From 1 to 5, with an optional comment; a new rating replaces the last. Only once the complaint has ended (settled, closed, referred, withdrawn): before, 422 and nothing is stored.',
      tag,
      access: 'link',
      params,
      body: { name: 'SatisfactionInput', schema: SatisfactionInput },
      success: { status: 200, schema: SatisfactionSchema, description: 'The rating.' },
    },
    (c, deps) => rateSatisfaction(contextOf(deps, c), c.req.valid('json')),
  ),
  // Evidence: the consumer attaches photos and papers, and reads every file of the complaint.
  ...attachmentLinkOperations,
];

/** The consumer link's routes: the signed token in the path is the credential, not an API token. */
export function consumerApiRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .use('/:token/*', async function consumerLink(c, next) {
      const link = await consumerContext(deps, c.req.param('token') ?? '');
      c.set('principal', link.principal);
      c.set('sessionId', undefined);
      await next();
    })
    .use('/:token/*', idempotency(deps))
    .route('/', operationRoutes(deps, '/api/v1/consumer', consumerOperations));
}
