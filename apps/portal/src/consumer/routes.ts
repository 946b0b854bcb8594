import { BodyInput, ProposalAnswerInput, SatisfactionInput } from '@redress/core';
import { Hono } from 'hono';
import { answerProposal, recordConsumerReply } from '../complaints';
import { type AppDeps, contextOf } from '../context';
import type { AppEnv } from '../http/env';
import { validate } from '../http/validate';
import { idempotency } from '../idempotency';
import { consumerContext, consumerView, rateSatisfaction } from './service';

/**
 * `/api/v1/consumer/{token}/…` — the JSON behind the consumer link. The signed link in the path
 * is the credential (no account, no API token): it names one complaint and expires.
 */
export function consumerApiRoutes(deps: AppDeps) {
  const ctx = (c: Parameters<typeof contextOf>[1]) => contextOf(deps, c);
  return new Hono<AppEnv>()
    .use('/:token/*', async function consumerLink(c, next) {
      const link = await consumerContext(deps, c.req.param('token') ?? '');
      c.set('principal', link.principal);
      c.set('sessionId', undefined);
      await next();
    })
    .use('/:token/*', idempotency(deps))
    .get('/:token', async (c) => {
      const view = await consumerView(await consumerContext(deps, c.req.param('token')));
      return c.json({
        complaint: view.complaint,
        proposal: view.proposal,
        infoRequest: view.infoRequest,
        messages: view.messages,
        outcome: view.outcome,
        satisfaction: view.satisfaction,
        canRate: view.canRate,
      });
    })
    .post('/:token/proposal-answer', validate('json', ProposalAnswerInput), async (c) => {
      const context = ctx(c);
      return c.json(await answerProposal(context, context.principal.id ?? '', c.req.valid('json')));
    })
    .post('/:token/reply', validate('json', BodyInput), async (c) => {
      const context = ctx(c);
      return c.json(await recordConsumerReply(context, context.principal.id ?? '', c.req.valid('json')));
    })
    .post('/:token/rating', validate('json', SatisfactionInput), async (c) =>
      c.json(await rateSatisfaction(ctx(c), c.req.valid('json'))),
    );
}
