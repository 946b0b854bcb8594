import { BodyInput, ComplaintSchema, SatisfactionInput } from '@redress/core';
import type { OperationSpec } from './operation';
import { ConsumerLinkToken, ConsumerViewSchema, ProposalAnswerInput, SatisfactionSchema } from './schemas';

const tag = 'Consumer link';
const params = { token: ConsumerLinkToken };
const complaint = {
  status: 200 as const,
  schema: ComplaintSchema,
  description: 'The complaint after the answer.',
};

/**
 * `/api/v1/consumer/{token}…` — the JSON behind the consumer's page. The signed link in the
 * path is the credential: no account, no API token; it names one complaint and expires.
 */
export const consumerOperations: OperationSpec[] = [
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
];
