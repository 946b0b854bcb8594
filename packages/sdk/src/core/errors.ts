import type { FieldError, Problem } from '../types.gen';

/** Every error the SDK throws is a `RedressError`. */
export class RedressError extends Error {
  override name = 'RedressError';
}

/**
 * The API answered with an error status. `type`, `title` and `detail` come from the RFC 9457
 * problem document; `requestId` names the request in the portal's logs (quote it to support).
 *
 * @example
 * try {
 *   await redress.complaints.acknowledge(id);
 * } catch (err) {
 *   if (err instanceof ConflictError) console.log('allowed now:', err.allowed);
 *   else if (err instanceof ApiError) console.log(err.status, err.detail, err.requestId);
 *   else throw err;
 * }
 */
export class ApiError extends RedressError {
  override name = 'ApiError';
  readonly status: number;
  /** A URI naming the kind of problem, e.g. `https://redress.dev/problems/validation`. */
  readonly type: string;
  readonly title: string;
  readonly detail: string | undefined;
  /**
   * For 422: one entry per field, e.g. `{ path: 'consumer.phone', code: 'invalid_phone', message: 'must be a phone number' }`.
   * Switch on `code` (treat one you do not know as `invalid`); `message` is English for people.
   */
  readonly errors: FieldError[];
  readonly requestId: string | undefined;
  readonly headers: Headers;
  /** The whole problem document (or the raw body when the answer was not one). */
  readonly body: unknown;

  constructor(status: number, body: unknown, headers: Headers) {
    const problem = (typeof body === 'object' && body !== null ? body : {}) as Partial<Problem>;
    const title = problem.title ?? `HTTP ${status}`;
    super(problem.detail ? `${status} ${title}: ${problem.detail}` : `${status} ${title}`);
    this.status = status;
    this.type = problem.type ?? 'about:blank';
    this.title = title;
    this.detail = problem.detail;
    this.errors = problem.errors ?? [];
    this.requestId = headers.get('x-request-id') ?? problem.requestId;
    this.headers = headers;
    this.body = body;
  }
}

/** 400 (malformed request) and 415 (not sent as JSON). */
export class BadRequestError extends ApiError {
  override name = 'BadRequestError';
}
/** 401: no credentials, or credentials that are not valid. */
export class AuthenticationError extends ApiError {
  override name = 'AuthenticationError';
}
/** 403: authenticated, but the role (or a read-only token) may not do this. */
export class PermissionDeniedError extends ApiError {
  override name = 'PermissionDeniedError';
}
/** 404: unknown, or another merchant's. */
export class NotFoundError extends ApiError {
  override name = 'NotFoundError';
}
/** 409: not allowed in the complaint's current status; `allowed` lists the actions that are. */
export class ConflictError extends ApiError {
  override name = 'ConflictError';
  get allowed(): string[] {
    const allowed = (this.body as { allowed?: unknown } | null)?.allowed;
    return Array.isArray(allowed) ? allowed.map(String) : [];
  }
}
/** 422: the input is not valid; see `errors`. */
export class ValidationError extends ApiError {
  override name = 'ValidationError';
}
/** 429: too many requests; `retryAfter` in seconds when the answer said (seconds or an HTTP date). */
export class RateLimitError extends ApiError {
  override name = 'RateLimitError';
  get retryAfter(): number | undefined {
    const value = this.headers.get('retry-after')?.trim();
    if (!value) return undefined;
    if (/^\d+(\.\d+)?$/.test(value)) return Number(value);
    const at = Date.parse(value);
    return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1_000));
  }
}
/** 5xx: the portal failed; retried automatically before it reaches you. */
export class InternalServerError extends ApiError {
  override name = 'InternalServerError';
}

/** No answer: the connection failed (DNS, refused, reset). Retried automatically. */
export class ConnectionError extends RedressError {
  override name = 'ConnectionError';
}
/** No answer within `timeout` milliseconds. Retried automatically. */
export class TimeoutError extends RedressError {
  override name = 'TimeoutError';
}
/** The caller's `signal` aborted the request. Never retried. */
export class AbortError extends RedressError {
  override name = 'AbortError';
}

const BY_STATUS: Record<number, typeof ApiError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  415: BadRequestError,
  422: ValidationError,
  429: RateLimitError,
};

/** The error for an answer's status: one class per status the API documents. */
export function apiError(status: number, body: unknown, headers: Headers): ApiError {
  const Class = BY_STATUS[status] ?? (status >= 500 ? InternalServerError : ApiError);
  return new Class(status, body, headers);
}
