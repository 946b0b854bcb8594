import type { z } from 'zod';
import { FIELD_ERROR_CODES, type FieldError, type FieldErrorCode } from './errors';
import { patternCode } from './schemas';

/** The parts of a zod issue the codes are read from (zod's own issue types, loosely). */
interface Issue {
  code: string;
  path: readonly PropertyKey[];
  message: string;
  origin?: string;
  format?: string;
  pattern?: string;
  input?: unknown;
  params?: { code?: unknown };
}

const isCode = (code: unknown): code is FieldErrorCode =>
  typeof code === 'string' && (FIELD_ERROR_CODES as readonly string[]).includes(code);

/** The size of a string is its length, of a list its items, of anything else its value. */
function sizeCode(issue: Issue, small: boolean): FieldErrorCode {
  if (issue.origin === 'string') return small ? 'too_short' : 'too_long';
  if (issue.origin === 'array' || issue.origin === 'set') return small ? 'too_few' : 'too_many';
  return small ? 'too_small' : 'too_big';
}

/**
 * The code of one zod issue. A missing value is `required` when the input was reported
 * (`safeParse(value, { reportInput: true })`), `invalid_type` otherwise; a refinement names
 * its code in `params.code`.
 */
export function issueCode(issue: Issue): FieldErrorCode {
  switch (issue.code) {
    case 'invalid_type':
      return 'input' in issue && issue.input === undefined ? 'required' : 'invalid_type';
    case 'too_small':
      return sizeCode(issue, true);
    case 'too_big':
      return sizeCode(issue, false);
    case 'invalid_format':
      if (issue.format === 'email') return 'invalid_email';
      if (issue.format === 'url') return 'invalid_url';
      return issue.format === 'regex' && issue.pattern ? patternCode(issue.pattern) : 'invalid_format';
    case 'invalid_value':
    case 'invalid_union':
    case 'invalid_key':
    case 'invalid_element':
    case 'not_multiple_of':
      return 'invalid_value';
    case 'unrecognized_keys':
      return 'unknown_field';
    case 'custom':
      return isCode(issue.params?.code) ? issue.params.code : 'invalid';
    default:
      return 'invalid';
  }
}

/**
 * A zod failure as field errors: `{ path: 'consumer.phone', code: 'invalid_phone', message }`,
 * the `errors` of a 422 problem and of `Invalid`.
 */
export function fieldErrors(error: { issues: readonly z.core.$ZodIssue[] }): FieldError[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(body)',
    code: issueCode(issue as Issue),
    message: issue.message,
  }));
}

/**
 * `schema.safeParse(value)` with the input reported in the issues, so that `fieldErrors` can
 * tell a missing field (`required`) from one of the wrong type. Parse input with this.
 */
export function parseInput<T extends z.ZodType>(
  schema: T,
  value: unknown,
): z.ZodSafeParseResult<z.output<T>> {
  return schema.safeParse(value, { reportInput: true });
}
