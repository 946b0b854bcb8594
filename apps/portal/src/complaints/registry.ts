import {
  type Action,
  AssignInput,
  BodyInput,
  type Complaint,
  MESSAGE_ACTIONS,
  MergeInput,
  NotNetworkedInput,
  NotOursInput,
  OptionalReasonInput,
  ProposalAnswerInput,
  ProposalInput,
  ReasonInput,
  ReferInput,
  RouteBusinessInput,
  SettleInput,
} from '@redress/core';
import { z } from 'zod';
import type { ServiceContext } from '../context';
import {
  acknowledgeComplaint,
  answerProposal,
  assignComplaint,
  closeComplaint,
  declineComplaint,
  escalateComplaint,
  markNotNetworked,
  mergeComplaint,
  messageConsumer,
  proposeSettlement,
  recordConsumerReply,
  recordSettlement,
  referComplaint,
  requestInformation,
  returnComplaint,
  routeBusinessComplaint,
  withdrawComplaint,
} from './actions';

/** An action without options: `{}`, or no body at all. */
export const EmptyInput = z.strictObject({});

/**
 * One action on a complaint: the transition(s) of core's table it takes, its address (the
 * API's `POST /api/v1/complaints/{id}/<slug>` and the page's `POST /complaints/:id/<slug>`),
 * the input both validate with, and the one service verb both call. Who may act from which
 * status is core's `TRANSITIONS`, checked by the verb.
 */
export interface ComplaintAction<S extends z.ZodType = z.ZodType> {
  slug: string;
  /** Core's actions this one takes: answering a proposal accepts or rejects it. */
  actions: readonly Action[];
  operationId: string;
  summary: string;
  description: string;
  /** The input, under the name the OpenAPI document gives it. */
  input: { name: string; schema: S; optional?: true };
  // A method: the registry holds actions of every input as `ComplaintAction` (bivariant).
  run(ctx: ServiceContext, id: string, input: z.output<S>): Promise<Complaint>;
}

const action = <S extends z.ZodType>(def: ComplaintAction<S>): ComplaintAction<S> => def;

const text = { name: 'BodyInput', schema: BodyInput };
const reason = { name: 'ReasonInput', schema: ReasonInput };
const optionalReason = { name: 'OptionalReasonInput', schema: OptionalReasonInput };

/** Every action on a complaint, in the order the document lists them. */
export const COMPLAINT_ACTIONS: readonly ComplaintAction[] = [
  action({
    slug: 'assign',
    actions: ['assign'],
    operationId: 'assignComplaint',
    summary: 'Route to a merchant',
    description: 'Staff. Starts the SLA clock.',
    input: { name: 'AssignInput', schema: AssignInput },
    run: assignComplaint,
  }),
  action({
    slug: 'acknowledge',
    actions: ['acknowledge'],
    operationId: 'acknowledgeComplaint',
    summary: 'Acknowledge',
    description: 'The merchant has seen the complaint.',
    input: { name: 'EmptyInput', schema: EmptyInput, optional: true },
    run: (ctx, id) => acknowledgeComplaint(ctx, id),
  }),
  action({
    slug: 'messages',
    actions: ['message'],
    operationId: 'messageConsumer',
    summary: 'Message the consumer',
    description: 'Merchant or staff.',
    input: text,
    run: messageConsumer,
  }),
  action({
    slug: 'info-requests',
    actions: ['request_info'],
    operationId: 'requestInformation',
    summary: 'Ask the consumer for information',
    description: 'Merchant. Pauses the SLA clock until the consumer answers.',
    input: text,
    run: requestInformation,
  }),
  action({
    slug: 'consumer-replies',
    actions: ['consumer_reply'],
    operationId: 'recordConsumerReply',
    summary: 'Record the consumer’s reply',
    description: 'Merchant or staff, for an answer given by phone or in person. Resumes the SLA clock.',
    input: text,
    run: recordConsumerReply,
  }),
  action({
    slug: 'proposals',
    actions: ['propose'],
    operationId: 'proposeSettlement',
    summary: 'Propose a settlement',
    description: 'Merchant or staff.',
    input: { name: 'ProposalInput', schema: ProposalInput },
    run: proposeSettlement,
  }),
  action({
    slug: 'proposal-answers',
    actions: ['accept_proposal', 'reject_proposal'],
    operationId: 'answerProposal',
    summary: 'Record the answer to a proposal',
    description:
      'Staff, for a consumer who answered outside the consumer link: accepted settles, rejected escalates.',
    input: { name: 'ProposalAnswerInput', schema: ProposalAnswerInput },
    run: answerProposal,
  }),
  action({
    slug: 'settlement',
    actions: ['settle'],
    operationId: 'recordSettlement',
    summary: 'Record a settlement',
    description: 'Merchant or staff: the settlement the consumer agreed to (先行和解, first settlement).',
    input: { name: 'SettleInput', schema: SettleInput },
    run: recordSettlement,
  }),
  action({
    slug: 'decline',
    actions: ['decline'],
    operationId: 'declineComplaint',
    summary: 'Decline to settle',
    description: 'Merchant. Escalates to the commission.',
    input: reason,
    run: declineComplaint,
  }),
  action({
    slug: 'escalate',
    actions: ['escalate'],
    operationId: 'escalateComplaint',
    summary: 'Escalate for mediation',
    description: 'Staff take the complaint over (调解).',
    input: optionalReason,
    run: escalateComplaint,
  }),
  action({
    slug: 'refer',
    actions: ['refer'],
    operationId: 'referComplaint',
    summary: 'Refer onwards',
    description: 'Staff: people’s mediation, litigation or the regulator.',
    input: { name: 'ReferInput', schema: ReferInput },
    run: referComplaint,
  }),
  action({
    slug: 'close',
    actions: ['close'],
    operationId: 'closeComplaint',
    summary: 'Close',
    description: 'Staff.',
    input: reason,
    run: closeComplaint,
  }),
  action({
    slug: 'withdraw',
    actions: ['withdraw'],
    operationId: 'withdrawComplaint',
    summary: 'Withdraw',
    description: 'Staff, when the consumer withdrew.',
    input: optionalReason,
    run: withdrawComplaint,
  }),
  action({
    slug: 'not-ours',
    actions: ['not_ours'],
    operationId: 'returnComplaint',
    summary: 'Not ours (incorrect company)',
    description:
      'Merchant: the complaint is not about it. It goes back to the staff queue (`new`, `merchantId: null`; the merchant no longer sees it), its clock stops, and `complaint.returned` says why and, if given, which business it may be about.',
    input: { name: 'NotOursInput', schema: NotOursInput },
    run: returnComplaint,
  }),
  action({
    slug: 'route-business',
    actions: ['route_business'],
    operationId: 'routeBusinessComplaint',
    summary: 'Route to the merchant the business joined as',
    description:
      'Staff: a complaint taken in about a business that was not networked (escalated, cause `not_networked`) goes to the merchant it has since joined as; its clock starts as on assignment. Any other complaint is 409.',
    input: { name: 'RouteBusinessInput', schema: RouteBusinessInput },
    run: routeBusinessComplaint,
  }),
  action({
    slug: 'not-networked',
    actions: ['mark_not_networked'],
    operationId: 'markNotNetworked',
    summary: 'Mark as not networked (the commission mediates)',
    description:
      'Staff, for a complaint of the new queue (any other is 409): it is about `business`, which is not a networked merchant. The commission mediates it itself, as intake does for such a business: `escalated`, cause `not_networked`, the mediation deadline counted from now, the consumer told. A business that matches a merchant (credit code, name, alias) is 422 naming it: assign the complaint instead.',
    input: { name: 'NotNetworkedInput', schema: NotNetworkedInput },
    run: markNotNetworked,
  }),
  action({
    slug: 'merge',
    actions: ['merge'],
    operationId: 'mergeComplaint',
    summary: 'Merge as a duplicate',
    description:
      'Staff: this complaint duplicates `into`. It is closed (`duplicateOf`), `complaint.merged` points to the kept one, and the kept one’s timeline gets `complaint.duplicate_merged` naming this one.',
    input: { name: 'MergeInput', schema: MergeInput },
    run: mergeComplaint,
  }),
];

/** The action registered under an address's slug (`info-requests`), or undefined. */
/** The slugs of the actions that send a message (core's `MESSAGE_ACTIONS`), whose page forms carry files. */
export const MESSAGE_SLUGS: readonly string[] = COMPLAINT_ACTIONS.filter((a) =>
  a.actions.some((x) => MESSAGE_ACTIONS.has(x)),
).map((a) => a.slug);

export function complaintActionOfSlug(slug: string): ComplaintAction | undefined {
  return COMPLAINT_ACTIONS.find((a) => a.slug === slug);
}

/** The registered action that takes core's `action`. */
export function complaintActionOf(action: Action): ComplaintAction {
  const found = COMPLAINT_ACTIONS.find((a) => a.actions.includes(action));
  if (!found) throw new Error(`no complaint action takes ${action}`);
  return found;
}
