import {
  AssignInput,
  BodyInput,
  ComplaintId,
  CreateComplaintInput,
  ListComplaintsQuery,
  OptionalReasonInput,
  ProposalAnswerInput,
  ProposalInput,
  ReasonInput,
  ReferInput,
  SettleInput,
} from '@redress/core';
import { Hono } from 'hono';
import { z } from 'zod';
import { type AppDeps, contextOf } from '../context';
import type { AppEnv } from '../http/env';
import { validate } from '../http/validate';
import {
  acknowledgeComplaint,
  answerProposal,
  assignComplaint,
  closeComplaint,
  declineComplaint,
  escalateComplaint,
  messageConsumer,
  proposeSettlement,
  recordConsumerReply,
  recordSettlement,
  referComplaint,
  requestInformation,
  withdrawComplaint,
} from './actions';
import { createComplaint } from './intake';
import { getComplaint, getTimeline, listComplaintsJson } from './read';

const Params = z.object({ id: ComplaintId });

/** `/api/v1/complaints…` — validate, call one service verb, answer. */
export function complaintRoutes(deps: AppDeps) {
  const ctx = (c: Parameters<typeof contextOf>[1]) => contextOf(deps, c);
  return new Hono<AppEnv>()
    .get('/', validate('query', ListComplaintsQuery), async (c) =>
      c.body(await listComplaintsJson(ctx(c), c.req.valid('query')), 200, {
        'Content-Type': 'application/json',
      }),
    )
    .post('/', validate('json', CreateComplaintInput), async (c) =>
      c.json(await createComplaint(ctx(c), c.req.valid('json')), 201),
    )
    .get('/:id', validate('param', Params), async (c) =>
      c.json(await getComplaint(ctx(c), c.req.valid('param').id)),
    )
    .get('/:id/events', validate('param', Params), async (c) =>
      c.json({ data: await getTimeline(ctx(c), c.req.valid('param').id), nextCursor: null }),
    )
    .post('/:id/assign', validate('param', Params), validate('json', AssignInput), async (c) =>
      c.json(await assignComplaint(ctx(c), c.req.valid('param').id, c.req.valid('json'))),
    )
    .post('/:id/acknowledge', validate('param', Params), validate('json', z.strictObject({})), async (c) =>
      c.json(await acknowledgeComplaint(ctx(c), c.req.valid('param').id)),
    )
    .post('/:id/messages', validate('param', Params), validate('json', BodyInput), async (c) =>
      c.json(await messageConsumer(ctx(c), c.req.valid('param').id, c.req.valid('json'))),
    )
    .post('/:id/info-requests', validate('param', Params), validate('json', BodyInput), async (c) =>
      c.json(await requestInformation(ctx(c), c.req.valid('param').id, c.req.valid('json'))),
    )
    .post('/:id/consumer-replies', validate('param', Params), validate('json', BodyInput), async (c) =>
      c.json(await recordConsumerReply(ctx(c), c.req.valid('param').id, c.req.valid('json'))),
    )
    .post('/:id/proposals', validate('param', Params), validate('json', ProposalInput), async (c) =>
      c.json(await proposeSettlement(ctx(c), c.req.valid('param').id, c.req.valid('json'))),
    )
    .post(
      '/:id/proposal-answers',
      validate('param', Params),
      validate('json', ProposalAnswerInput),
      async (c) => c.json(await answerProposal(ctx(c), c.req.valid('param').id, c.req.valid('json'))),
    )
    .post('/:id/settlement', validate('param', Params), validate('json', SettleInput), async (c) =>
      c.json(await recordSettlement(ctx(c), c.req.valid('param').id, c.req.valid('json'))),
    )
    .post('/:id/decline', validate('param', Params), validate('json', ReasonInput), async (c) =>
      c.json(await declineComplaint(ctx(c), c.req.valid('param').id, c.req.valid('json'))),
    )
    .post('/:id/escalate', validate('param', Params), validate('json', OptionalReasonInput), async (c) =>
      c.json(await escalateComplaint(ctx(c), c.req.valid('param').id, c.req.valid('json'))),
    )
    .post('/:id/refer', validate('param', Params), validate('json', ReferInput), async (c) =>
      c.json(await referComplaint(ctx(c), c.req.valid('param').id, c.req.valid('json'))),
    )
    .post('/:id/close', validate('param', Params), validate('json', ReasonInput), async (c) =>
      c.json(await closeComplaint(ctx(c), c.req.valid('param').id, c.req.valid('json'))),
    )
    .post('/:id/withdraw', validate('param', Params), validate('json', OptionalReasonInput), async (c) =>
      c.json(await withdrawComplaint(ctx(c), c.req.valid('param').id, c.req.valid('json'))),
    );
}
