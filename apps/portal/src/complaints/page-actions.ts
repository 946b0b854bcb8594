import type { Action } from '@redress/core';
import { checked, FILE_FIELD_WORDS, type FieldNaming, type FormValues, text, yuanField } from '../web/forms';
import { type ComplaintAction, complaintActionOf, complaintActionOfSlug } from './registry';

/**
 * The complaint page's side of each action of the registry (registry.ts): how its form
 * becomes the input the API takes, validated with the same schema and handed to the same
 * service verb. The form posts to `/complaints/:id/<slug>`, the API's slug. Answering a
 * proposal is one action with two forms (accept, reject): each sends `accept` hidden.
 */
interface PageForm {
  /** Hidden fields the form sends, which tell its action from the others of the same slug. */
  hidden?: Record<string, string>;
  input: (values: FormValues) => unknown;
}

const body = (v: FormValues) => ({ body: text(v, 'body') });
const reason = (v: FormValues) => ({ reason: text(v, 'reason') });
const answer = (accept: boolean): PageForm => ({
  hidden: { accept: String(accept) },
  input: (v) => ({ accept, comment: text(v, 'comment') }),
});

export const PAGE_FORMS: Record<Action, PageForm> = {
  assign: { input: (v) => ({ merchantId: text(v, 'merchantId') }) },
  acknowledge: { input: () => ({}) },
  message: { input: body },
  request_info: { input: body },
  consumer_reply: { input: body },
  propose: {
    input: (v) => ({
      outcome: text(v, 'outcome'),
      amountFen: yuanField(v, 'amount'),
      terms: text(v, 'terms'),
    }),
  },
  accept_proposal: answer(true),
  reject_proposal: answer(false),
  settle: {
    input: (v) => ({
      outcome: text(v, 'outcome'),
      amountFen: yuanField(v, 'amount'),
      consumerAccepted: checked(v, 'consumerAccepted'),
      note: text(v, 'note'),
    }),
  },
  decline: { input: reason },
  escalate: { input: reason },
  refer: { input: (v) => ({ to: text(v, 'to'), note: text(v, 'note') }) },
  close: { input: reason },
  withdraw: { input: reason },
  not_ours: {
    input: (v) => {
      const name = text(v, 'suggestedName');
      const creditCode = text(v, 'suggestedCreditCode');
      return {
        reason: text(v, 'reason'),
        suggestedBusiness: name || creditCode ? { name, creditCode } : undefined,
      };
    },
  },
  route_business: { input: (v) => ({ merchantId: text(v, 'merchantId') }) },
  mark_not_networked: { input: (v) => ({ business: businessOfForm(v) }) },
  merge: { input: (v) => ({ into: text(v, 'into') }) },
};

/** The address a page form of `action` posts to: `/complaints/:id/<the API's slug>`. */
export const pageActionPath = (complaintId: string, action: Action) =>
  `/complaints/${complaintId}/${complaintActionOf(action).slug}`;

/**
 * What a form posted to `/complaints/:id/<slug>` asks: the registered action and core's action
 * its form stands for (told by its hidden fields), or undefined for an unknown address.
 */
export function pageActionOf(
  slug: string,
  values: FormValues,
): { registered: ComplaintAction; action: Action } | undefined {
  const registered = complaintActionOfSlug(slug);
  const action = registered?.actions.find((a) =>
    Object.entries(PAGE_FORMS[a].hidden ?? {}).every(([name, value]) => text(values, name) === value),
  );
  return registered && action ? { registered, action } : undefined;
}

/** The business a form names (`businessName`, `businessCreditCode`), as the API's `business`. */
export function businessOfForm(values: FormValues) {
  const name = text(values, 'businessName');
  const creditCode = text(values, 'businessCreditCode');
  return name || creditCode ? { name, creditCode } : undefined;
}

/** Input paths that differ from the form's field names. */
const FORM_FIELDS: Readonly<Record<string, string>> = {
  amountFen: 'amount',
  'suggestedBusiness.name': 'suggestedName',
  'suggestedBusiness.creditCode': 'suggestedCreditCode',
  business: 'businessName',
  'business.name': 'businessName',
  'business.creditCode': 'businessCreditCode',
};
export const fieldOfPath = (path: string) =>
  path.startsWith('attachmentIds') ? 'file' : (FORM_FIELDS[path] ?? path);

/** The action forms' fields, and their own words for what is wrong with them. */
export const ACTION_FIELDS: FieldNaming = {
  fieldOf: fieldOfPath,
  words: {
    amount: 'field.amount',
    consumerAccepted: 'field.mustAccept',
    merchantId: { not_found: 'field.unknownMerchant' },
    suggestedCreditCode: 'field.creditCode',
    businessCreditCode: 'field.creditCode',
    businessName: { invalid_value: 'action.mark_not_networked.networked' },
    file: FILE_FIELD_WORDS,
  },
};
