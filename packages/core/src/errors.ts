/**
 * Domain errors: no HTTP in them. The portal maps each class to an RFC 9457 answer in one
 * place (`app.onError`); anything else becomes a bare 500 that reveals nothing.
 */
export class DomainError extends Error {
  override name = 'DomainError';
}

/** Unknown, or not the caller's (the same answer, so existence never leaks). */
export class NotFound extends DomainError {
  override name = 'NotFound';
  constructor(readonly resource: string) {
    super(`${resource} not found`);
  }
}

/** The caller is known but its role may not do this. */
export class Forbidden extends DomainError {
  override name = 'Forbidden';
}

/** A transition not allowed from the current status; `allowed` lists what is. */
export class Conflict extends DomainError {
  override name = 'Conflict';
  constructor(
    message: string,
    readonly allowed: readonly string[] = [],
  ) {
    super(message);
  }
}

/**
 * What is wrong with a field, for a program (and a page, in its own words) to act on; the message
 * beside it is English for a person reading the answer. The first group comes from the shape of
 * the input (zod's issues, `fieldErrors` in `field-errors.ts`), the second from the checks of
 * `schemas.ts`, the third from the rules the services apply.
 */
export const FIELD_ERROR_CODES = [
  'required',
  'invalid_type',
  'too_short',
  'too_long',
  'too_small',
  'too_big',
  'too_few',
  'too_many',
  'invalid_format',
  'invalid_email',
  'invalid_url',
  'invalid_value',
  'unknown_field',
  'not_an_id',
  'not_a_code',
  'not_a_credit_code',
  'invalid_phone',
  'control_character',
  'duplicate',
  'mismatch',
  'not_found',
  'not_yours',
  'not_accepted',
  'in_future',
  'too_early',
  'reused',
  'url_not_allowed',
  'unsupported_type',
  'personal_data',
  'bad_encoding',
  'malformed',
  'invalid',
] as const;
export type FieldErrorCode = (typeof FIELD_ERROR_CODES)[number];

/** One field's error: where (`consumer.phone`), what (`invalid_phone`), and in words. */
export interface FieldError {
  path: string;
  code: FieldErrorCode;
  message: string;
}

/** Input that is well-formed but not acceptable (an unknown category, a date outside the year). */
export class Invalid extends DomainError {
  override name = 'Invalid';
  constructor(
    message: string,
    readonly errors: readonly FieldError[] = [],
  ) {
    super(message);
  }
}

/** No or bad credentials. The message never says which part was wrong. */
export class Unauthenticated extends DomainError {
  override name = 'Unauthenticated';
}
