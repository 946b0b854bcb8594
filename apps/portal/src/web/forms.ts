import { Invalid, parseYuan } from '@redress/core';
import type { Context } from 'hono';
import type { z } from 'zod';
import { parseForm } from '../http/body';
import { CSRF_FIELD } from './csrf';
import type { MessageKey, Translate } from './i18n';
import type { FormState } from './page-env';

export type FormValues = Record<string, string | string[]>;

/** A form body as strings (repeated fields as arrays), without the form token. */
export async function readForm(c: Context): Promise<FormValues> {
  const body = await parseForm(c, { all: true });
  const values: FormValues = {};
  for (const [name, value] of Object.entries(body)) {
    if (name === CSRF_FIELD) continue;
    if (Array.isArray(value)) values[name] = value.filter((v): v is string => typeof v === 'string');
    else if (typeof value === 'string') values[name] = value;
  }
  return values;
}

/** One text field of a form: trimmed, undefined when empty. */
export function text(values: FormValues, name: string): string | undefined {
  const v = values[name];
  const s = (Array.isArray(v) ? v[0] : v)?.trim();
  return s ? s : undefined;
}

/** A repeated field (checkboxes, a multiple select) as a list. */
export function list(values: FormValues, name: string): string[] {
  const v = values[name];
  return v === undefined ? [] : (Array.isArray(v) ? v : [v]).filter(Boolean);
}

export const checked = (values: FormValues, name: string) => text(values, name) !== undefined;

/** A typed yuan amount as fen: undefined when empty, NaN when it is not an amount. */
export function yuanField(values: FormValues, name: string): number | undefined {
  const s = text(values, name);
  if (s === undefined) return undefined;
  return parseYuan(s) ?? Number.NaN;
}

type Issue = {
  code: string;
  path: readonly PropertyKey[];
  message: string;
  origin?: string;
  minimum?: unknown;
  format?: string;
};

/** A validation issue in the page's language: the field's name decides the wording where it helps. */
function issueMessage(issue: Issue, field: string): MessageKey {
  if (/amount|claim/i.test(field)) return 'field.amount';
  if (/phone/i.test(field)) return 'field.phone';
  if (/creditCode/.test(field)) return 'field.creditCode';
  if (field === 'email') return 'field.email';
  if (field === 'password') return 'field.password';
  if (field === 'consumerAccepted') return 'field.mustAccept';
  if (field === 'rating') return 'field.rating';
  if (field === 'merchantName') return issue.code === 'too_big' ? 'field.tooLong' : 'field.nameMerchant';
  switch (issue.code) {
    case 'too_small':
      return 'field.required';
    case 'too_big':
      return 'field.tooLong';
    case 'invalid_value':
    case 'invalid_union':
      return 'field.choose';
    case 'invalid_type':
      return issue.message.includes('undefined') ? 'field.required' : 'field.invalid';
    default:
      return 'field.invalid';
  }
}

/**
 * Field errors of a zod failure, keyed by form field. `fieldOf` maps an input path (`consumer.name`)
 * to the form's field name (`consumerName`) where they differ.
 */
export function zodErrors(
  error: z.ZodError,
  t: Translate,
  fieldOf: (path: string) => string = (p) => p,
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues as unknown as Issue[]) {
    const field = fieldOf(issue.path.map(String).join('.') || '_form');
    errors[field] ??= t(issueMessage(issue, field));
  }
  return errors;
}

const DOMAIN_MESSAGES: [RegExp, MessageKey][] = [
  [/no such merchant|unknown merchant/i, 'field.unknownMerchant'],
  [/email exists/i, 'field.duplicateEmail'],
  [/required without merchantId|name the merchant/i, 'field.nameMerchant'],
  [/consumerAccepted|must be true/i, 'field.mustAccept'],
  [/has not ended/i, 'consumer.notEnded'],
];

/** Field errors of a service's `Invalid`, in the page's language. */
export function domainErrors(
  err: Invalid,
  t: Translate,
  fieldOf: (path: string) => string = (p) => p,
): Record<string, string> {
  const errors: Record<string, string> = {};
  const all = err.errors.length > 0 ? err.errors : [{ path: '_form', message: err.message }];
  for (const e of all) {
    const key =
      DOMAIN_MESSAGES.find(([re]) => re.test(e.message) || re.test(err.message))?.[1] ?? 'field.invalid';
    errors[fieldOf(e.path)] ??= t(key);
  }
  return errors;
}

/** A form state to re-render with what was typed and why it was refused. */
export function refused(
  form: string | undefined,
  values: FormValues,
  errors: Record<string, string>,
): FormState {
  return { form, values, errors };
}

/** Runs a service call; an `Invalid` becomes field errors to re-render instead of an error page. */
export async function orInvalid<T>(
  run: () => Promise<T>,
  t: Translate,
  fieldOf?: (path: string) => string,
): Promise<{ ok: true; value: T } | { ok: false; errors: Record<string, string> }> {
  try {
    return { ok: true, value: await run() };
  } catch (err) {
    if (err instanceof Invalid) return { ok: false, errors: domainErrors(err, t, fieldOf) };
    throw err;
  }
}
