import { type FieldError, type FieldErrorCode, fieldErrors, Invalid, parseYuan } from '@redress/core';
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

/** The page kit's words for each code of a field error (`@redress/core`'s `FIELD_ERROR_CODES`). */
const CODE_WORDS: Record<FieldErrorCode, MessageKey> = {
  required: 'field.required',
  invalid_type: 'field.invalid',
  too_short: 'field.required',
  too_long: 'field.tooLong',
  too_small: 'field.required',
  too_big: 'field.tooLong',
  too_few: 'field.required',
  too_many: 'field.tooLong',
  invalid_format: 'field.invalid',
  invalid_email: 'field.email',
  invalid_url: 'field.invalid',
  invalid_value: 'field.choose',
  unknown_field: 'field.invalid',
  not_an_id: 'field.invalid',
  not_a_code: 'field.invalid',
  not_a_credit_code: 'field.creditCode',
  invalid_phone: 'field.phone',
  control_character: 'field.invalid',
  duplicate: 'field.invalid',
  mismatch: 'field.invalid',
  not_found: 'field.invalid',
  not_yours: 'field.invalid',
  not_accepted: 'field.mustAccept',
  in_future: 'field.invalid',
  too_early: 'field.invalid',
  reused: 'field.invalid',
  url_not_allowed: 'field.invalid',
  unsupported_type: 'field.invalid',
  personal_data: 'field.personalData',
  bad_encoding: 'field.invalid',
  malformed: 'field.invalid',
  invalid: 'field.invalid',
};

/**
 * The words of a message form's refused file (`file`: attachments/service.ts, `readMessageForm`),
 * for the complaint page's and the consumer's forms alike.
 */
export const FILE_FIELD_WORDS: Partial<Record<FieldErrorCode, MessageKey>> = {
  unsupported_type: 'flash.attachment.unsupported',
  too_big: 'flash.attachment.tooLarge',
  too_many: 'attachment.tooManyFiles',
  personal_data: 'flash.attachment.ended',
  malformed: 'flash.attachment.malformed',
  required: 'flash.attachment.missing',
};

/**
 * A page's own words for the errors of its fields, by form field: one message for whatever is
 * wrong with the field (`amount: 'field.amount'`), or one per code (`merchantId: { not_found:
 * 'field.unknownMerchant' }`); the other codes take the page kit's words.
 */
export type FieldWords = Readonly<Record<string, MessageKey | Partial<Record<FieldErrorCode, MessageKey>>>>;

/** How a page names its fields and words their errors (both optional). */
export interface FieldNaming {
  /** The form's field name of an input path (`consumer.name` → `consumerName`) where they differ. */
  fieldOf?: ((path: string) => string) | undefined;
  words?: FieldWords | undefined;
}

function wordsFor(field: string, code: FieldErrorCode, words: FieldWords | undefined): MessageKey {
  const own = words && Object.hasOwn(words, field) ? words[field] : undefined;
  if (typeof own === 'string') return own;
  return own?.[code] ?? CODE_WORDS[code];
}

/** Field errors by form field, in the page's language: the first error of each field. */
function byField(
  errors: readonly FieldError[],
  t: Translate,
  { fieldOf = (p) => p, words }: FieldNaming,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) {
    const field = fieldOf(e.path === '(body)' ? '_form' : e.path);
    out[field] ??= t(wordsFor(field, e.code, words));
  }
  return out;
}

/** Field errors of a zod failure (parsed with `parseInput`), keyed by form field. */
export function zodErrors(error: z.ZodError, t: Translate, naming: FieldNaming = {}): Record<string, string> {
  return byField(fieldErrors(error), t, naming);
}

/** Field errors of a service's `Invalid`, in the page's language. */
export function domainErrors(err: Invalid, t: Translate, naming: FieldNaming = {}): Record<string, string> {
  const all =
    err.errors.length > 0 ? err.errors : [{ path: '_form', code: 'invalid' as const, message: err.message }];
  return byField(all, t, naming);
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
  naming: FieldNaming = {},
): Promise<{ ok: true; value: T } | { ok: false; errors: Record<string, string> }> {
  try {
    return { ok: true, value: await run() };
  } catch (err) {
    if (err instanceof Invalid) return { ok: false, errors: domainErrors(err, t, naming) };
    throw err;
  }
}
