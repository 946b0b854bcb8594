import {
  type Action,
  AssignInput,
  BodyInput,
  type Complaint,
  OptionalReasonInput,
  ProposalInput,
  ReasonInput,
  ReferInput,
  SettleInput,
} from '@redress/core';
import { z } from 'zod';
import type { ServiceContext } from '../context';
import { checked, type FieldNaming, type FormValues, text, yuanField } from '../web/forms';
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

const CommentInput = z.strictObject({ comment: z.string().trim().min(1).max(2_000).optional() });

/**
 * Each action of the complaint page: its address, how its form becomes the API's input (the
 * same schema from `@redress/core` the API validates with), and the one service verb it calls.
 */
interface PageAction {
  slug: string;
  schema: z.ZodType;
  input: (values: FormValues) => unknown;
  run: (ctx: ServiceContext, id: string, input: any) => Promise<Complaint>;
}

const body = (v: FormValues) => ({ body: text(v, 'body') });
const reason = (v: FormValues) => ({ reason: text(v, 'reason') });

export const PAGE_ACTIONS: Record<Action, PageAction> = {
  assign: {
    slug: 'assign',
    schema: AssignInput,
    input: (v) => ({ merchantId: text(v, 'merchantId') }),
    run: assignComplaint,
  },
  acknowledge: {
    slug: 'acknowledge',
    schema: z.object({}),
    input: () => ({}),
    run: (ctx, id) => acknowledgeComplaint(ctx, id),
  },
  message: { slug: 'message', schema: BodyInput, input: body, run: messageConsumer },
  request_info: { slug: 'info-request', schema: BodyInput, input: body, run: requestInformation },
  consumer_reply: { slug: 'consumer-reply', schema: BodyInput, input: body, run: recordConsumerReply },
  propose: {
    slug: 'propose',
    schema: ProposalInput,
    input: (v) => ({
      outcome: text(v, 'outcome'),
      amountFen: yuanField(v, 'amount'),
      terms: text(v, 'terms'),
    }),
    run: proposeSettlement,
  },
  accept_proposal: {
    slug: 'accept-proposal',
    schema: CommentInput,
    input: (v) => ({ comment: text(v, 'comment') }),
    run: (ctx, id, input) => answerProposal(ctx, id, { accept: true, ...input }),
  },
  reject_proposal: {
    slug: 'reject-proposal',
    schema: CommentInput,
    input: (v) => ({ comment: text(v, 'comment') }),
    run: (ctx, id, input) => answerProposal(ctx, id, { accept: false, ...input }),
  },
  settle: {
    slug: 'settle',
    schema: SettleInput,
    input: (v) => ({
      outcome: text(v, 'outcome'),
      amountFen: yuanField(v, 'amount'),
      consumerAccepted: checked(v, 'consumerAccepted'),
      note: text(v, 'note'),
    }),
    run: recordSettlement,
  },
  decline: { slug: 'decline', schema: ReasonInput, input: reason, run: declineComplaint },
  escalate: { slug: 'escalate', schema: OptionalReasonInput, input: reason, run: escalateComplaint },
  refer: {
    slug: 'refer',
    schema: ReferInput,
    input: (v) => ({ to: text(v, 'to'), note: text(v, 'note') }),
    run: referComplaint,
  },
  close: { slug: 'close', schema: ReasonInput, input: reason, run: closeComplaint },
  withdraw: { slug: 'withdraw', schema: OptionalReasonInput, input: reason, run: withdrawComplaint },
};

/** The action of a page address (`/complaints/:id/propose` → `propose`). */
export function actionOfSlug(slug: string): Action | undefined {
  return (Object.keys(PAGE_ACTIONS) as Action[]).find((a) => PAGE_ACTIONS[a].slug === slug);
}

/** Input paths that differ from the form's field names. */
export const fieldOfPath = (path: string) => (path === 'amountFen' ? 'amount' : path);

/** The action forms' fields, and their own words for what is wrong with them. */
export const ACTION_FIELDS: FieldNaming = {
  fieldOf: fieldOfPath,
  words: {
    amount: 'field.amount',
    consumerAccepted: 'field.mustAccept',
    merchantId: { not_found: 'field.unknownMerchant' },
  },
};
