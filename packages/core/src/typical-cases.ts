import { z } from 'zod';
import { CodeSchema, idPattern, ListQuery, Timestamp } from './schemas';

/**
 * Typical cases (典型案例): ended complaints the commission publishes, anonymised, to teach
 * consumers. The consumer's name, phone and any personal detail are never part of one: the
 * draft starts from the complaint with them removed, and publishing refuses text that still
 * contains them (`personalDetails`).
 */

export const TypicalCaseId = z
  .string()
  .regex(idPattern('tcs'), 'must be a tcs_ id')
  .meta({ example: 'tcs_01JD3Z6Y8G5C4F0QK3W2A1B9XE' });

const prose = (max: number) => z.string().trim().min(1).max(max);

export const TypicalCaseSchema = z
  .object({
    id: TypicalCaseId,
    title: z.string(),
    /** What happened. */
    summary: z.string(),
    /** How it was resolved. */
    resolution: z.string(),
    /** The lesson for consumers. */
    lesson: z.string(),
    category: z.string(),
    tags: z.array(z.string()),
    publishedAt: Timestamp,
  })
  .meta({ id: 'TypicalCase' });
export type TypicalCase = z.infer<typeof TypicalCaseSchema>;

export const PublishTypicalCaseInput = z
  .object({
    title: prose(100),
    summary: prose(4000),
    resolution: prose(4000),
    lesson: prose(2000),
    category: CodeSchema,
    tags: z.array(CodeSchema).max(10).default([]),
  })
  .strict()
  .meta({ id: 'PublishTypicalCaseInput' });
export type PublishTypicalCaseInput = z.infer<typeof PublishTypicalCaseInput>;

export const UnpublishTypicalCaseInput = z
  .object({ reason: prose(500) })
  .strict()
  .meta({ id: 'UnpublishTypicalCaseInput' });

export const ListTypicalCasesQuery = z.strictObject({
  ...ListQuery.shape,
  category: CodeSchema.optional(),
});
export type ListTypicalCasesQuery = z.infer<typeof ListTypicalCasesQuery>;

/** A draft: the complaint's words with the consumer's personal details removed, for staff to edit. */
export const TypicalCaseDraftSchema = z
  .object({
    title: z.string(),
    summary: z.string(),
    resolution: z.string(),
    lesson: z.string(),
    category: z.string(),
    tags: z.array(z.string()),
  })
  .meta({ id: 'TypicalCaseDraft' });
export type TypicalCaseDraft = z.infer<typeof TypicalCaseDraftSchema>;

// ---- anonymisation -----------------------------------------------------------------------

/** What a personal detail found in a text is. */
export type PersonalDetailKind = 'name' | 'phone' | 'id_number' | 'email';

export interface PersonalDetail {
  readonly kind: PersonalDetailKind;
  readonly text: string;
}

/** The words that stand for what was removed. */
export const REDACTED = { name: '消费者', number: '[已隐去]' } as const;

/**
 * Runs of digits that may identify a person: a mobile number, a landline with its area code, a
 * resident ID number, or any run of 7 digits or more (spaces and dashes between them allowed).
 * Amounts and dates are shorter, or have separators other than these.
 */
const NUMBER_RUN = /(?<![\d])(?:\+?86[ -]?)?\d(?:[ -]?\d){6,}[\dXx]?(?![\d])/g;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const ID_NUMBER = /^\d{17}[\dXx]$/;
/** A date written with dashes (2026-03-15) is not a number that identifies anyone. */
const DATE = /^\d{4}-\d{1,2}-\d{1,2}$/;

const digitsOf = (s: string) => s.replace(/\D/g, '');

/** The forms of a consumer's name that identify them: the name as recorded, without spaces. */
function nameForms(name: string): string[] {
  const trimmed = name.trim();
  if (trimmed.length < 2 || trimmed === REDACTED.name) return [];
  return [...new Set([trimmed, trimmed.replace(/\s+/g, '')])];
}

/**
 * The personal details still in `text`: the consumer's name, their phone number (in any
 * spacing, or its last 7 digits or more), any other number long enough to be a phone or an ID
 * number, and email addresses.
 */
export function personalDetails(
  text: string,
  consumer: { name: string | null; phone: string | null },
): PersonalDetail[] {
  const found: PersonalDetail[] = [];
  for (const form of nameForms(consumer.name ?? '')) {
    if (text.includes(form)) found.push({ kind: 'name', text: form });
  }
  const phone = digitsOf(consumer.phone ?? '');
  for (const match of text.match(NUMBER_RUN) ?? []) {
    if (DATE.test(match)) continue;
    const digits = digitsOf(match);
    const kind: PersonalDetailKind = ID_NUMBER.test(match.replace(/[ -]/g, '')) ? 'id_number' : 'phone';
    if (phone.length >= 7 && (phone.endsWith(digits) || digits.endsWith(phone.slice(-7)))) {
      found.push({ kind: 'phone', text: match });
    } else {
      found.push({ kind, text: match });
    }
  }
  for (const match of text.match(EMAIL) ?? []) found.push({ kind: 'email', text: match });
  return found;
}

/** `text` with the consumer's name and every identifying number and email address replaced. */
export function redact(text: string, consumer: { name: string | null; phone: string | null }): string {
  let out = text;
  for (const form of nameForms(consumer.name ?? '').sort((a, b) => b.length - a.length)) {
    out = out.split(form).join(REDACTED.name);
  }
  return out
    .replace(NUMBER_RUN, (match) => (DATE.test(match) ? match : REDACTED.number))
    .replace(EMAIL, REDACTED.number);
}
