import {
  AssignInput,
  BodyInput,
  ComplaintId,
  ComplaintSchema,
  CreateComplaintInput,
  EventSchema,
  ListComplaintsQuery,
  OptionalReasonInput,
  ProposalInput,
  pageOf,
  ReasonInput,
  ReferInput,
  SettleInput,
} from '@redress/core';
import type { BodySpec, OperationSpec } from './operation';
import { EmptyInput, ProposalAnswerInput } from './schemas';

const tag = 'Complaints';
const params = { id: ComplaintId };

/** An action on one complaint: a POST that answers 200 with the whole updated complaint, or 409. */
function action(
  slug: string,
  operationId: string,
  summary: string,
  description: string,
  body?: BodySpec,
): OperationSpec {
  return {
    method: 'post',
    path: `/api/v1/complaints/{id}/${slug}`,
    operationId,
    summary,
    description,
    tag,
    access: 'write',
    params,
    ...(body ? { body } : {}),
    success: { status: 200, schema: ComplaintSchema, description: 'The whole complaint after the action.' },
    errors: [409],
  };
}

const text = { name: 'BodyInput', schema: BodyInput };
const reason = { name: 'ReasonInput', schema: ReasonInput };
const optionalReason = { name: 'OptionalReasonInput', schema: OptionalReasonInput };

/** `/api/v1/complaints…` — reads, intake and every lifecycle action. */
export const complaintOperations: OperationSpec[] = [
  {
    method: 'get',
    path: '/api/v1/complaints',
    operationId: 'listComplaints',
    summary: 'List complaints',
    description:
      'Merchants see their own, stations their station’s, commission staff all. Phone numbers are masked.',
    tag,
    access: 'read',
    query: ListComplaintsQuery,
    success: { status: 200, schema: pageOf(ComplaintSchema), description: 'One page of complaints.' },
  },
  {
    method: 'post',
    path: '/api/v1/complaints',
    operationId: 'createComplaint',
    summary: 'Take a complaint in',
    description:
      'Staff and stations. Status `new`, or `assigned` (SLA clock started) when `merchantId` is given.',
    tag,
    access: 'write',
    body: { name: 'CreateComplaintInput', schema: CreateComplaintInput },
    success: { status: 201, schema: ComplaintSchema, description: 'The new complaint.' },
  },
  {
    method: 'get',
    path: '/api/v1/complaints/{id}',
    operationId: 'getComplaint',
    summary: 'Get a complaint',
    description:
      'Another merchant’s complaint is 404. The full phone number is shown to its merchant, and audited.',
    tag,
    access: 'read',
    params,
    success: { status: 200, schema: ComplaintSchema, description: 'The complaint.' },
  },
  {
    method: 'get',
    path: '/api/v1/complaints/{id}/events',
    operationId: 'listComplaintEvents',
    summary: 'A complaint’s timeline',
    description: 'Every event of the complaint, oldest first, in one page.',
    tag,
    access: 'read',
    params,
    success: { status: 200, schema: pageOf(EventSchema), description: 'The timeline.' },
  },
  action('assign', 'assignComplaint', 'Route to a merchant', 'Staff. Starts the SLA clock.', {
    name: 'AssignInput',
    schema: AssignInput,
  }),
  action('acknowledge', 'acknowledgeComplaint', 'Acknowledge', 'The merchant has seen the complaint.', {
    name: 'EmptyInput',
    schema: EmptyInput,
    optional: true,
  }),
  action('messages', 'messageConsumer', 'Message the consumer', 'Merchant or staff.', text),
  action(
    'info-requests',
    'requestInformation',
    'Ask the consumer for information',
    'Merchant. Pauses the SLA clock until the consumer answers.',
    text,
  ),
  action(
    'consumer-replies',
    'recordConsumerReply',
    'Record the consumer’s reply',
    'Merchant or staff, for an answer given by phone or in person. Resumes the SLA clock.',
    text,
  ),
  action('proposals', 'proposeSettlement', 'Propose a settlement', 'Merchant or staff.', {
    name: 'ProposalInput',
    schema: ProposalInput,
  }),
  action(
    'proposal-answers',
    'answerProposal',
    'Record the answer to a proposal',
    'Staff, for a consumer who answered outside the consumer link: accepted settles, rejected escalates.',
    { name: 'ProposalAnswerInput', schema: ProposalAnswerInput },
  ),
  action(
    'settlement',
    'recordSettlement',
    'Record a settlement',
    'Merchant or staff: the settlement the consumer agreed to (先行和解, first settlement).',
    { name: 'SettleInput', schema: SettleInput },
  ),
  action(
    'decline',
    'declineComplaint',
    'Decline to settle',
    'Merchant. Escalates to the commission.',
    reason,
  ),
  action(
    'escalate',
    'escalateComplaint',
    'Escalate for mediation',
    'Staff take the complaint over (调解).',
    optionalReason,
  ),
  action(
    'refer',
    'referComplaint',
    'Refer onwards',
    'Staff: people’s mediation, litigation or the regulator.',
    {
      name: 'ReferInput',
      schema: ReferInput,
    },
  ),
  action('close', 'closeComplaint', 'Close', 'Staff.', reason),
  action('withdraw', 'withdrawComplaint', 'Withdraw', 'Staff, when the consumer withdrew.', optionalReason),
];
