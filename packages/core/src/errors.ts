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

export interface FieldError {
  path: string;
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
