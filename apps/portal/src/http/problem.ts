import {
  Conflict,
  DomainError,
  type FieldError,
  Forbidden,
  Invalid,
  NotFound,
  Unauthenticated,
} from '@redress/core';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** An RFC 9457 problem document. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  requestId?: string;
  errors?: FieldError[];
  allowed?: string[];
  [extra: string]: unknown;
}

const TITLES: Record<number, [slug: string, title: string]> = {
  400: ['bad-request', 'Bad request'],
  401: ['unauthenticated', 'Authentication required'],
  403: ['forbidden', 'Not allowed for your role'],
  404: ['not-found', 'Not found'],
  405: ['method-not-allowed', 'Method not allowed'],
  409: ['conflict', 'Not allowed in the current status'],
  413: ['payload-too-large', 'Request body too large'],
  415: ['unsupported-media-type', 'Unsupported media type'],
  422: ['validation', 'Invalid request'],
  429: ['rate-limited', 'Too many requests'],
  500: ['internal', 'Internal server error'],
  503: ['unavailable', 'Service unavailable'],
};

export const PROBLEM_TYPE_BASE = 'https://redress.dev/problems/';

export function problemBody(status: number, detail?: string, extra: Partial<ProblemBody> = {}): ProblemBody {
  const [slug, title] = TITLES[status] ?? ['error', 'Error'];
  return { type: `${PROBLEM_TYPE_BASE}${slug}`, title, status, ...(detail ? { detail } : {}), ...extra };
}

/** Answers with an `application/problem+json` document carrying the request id. */
export function problem(
  c: Context,
  status: number,
  detail?: string,
  extra: Partial<ProblemBody> = {},
): Response {
  const requestId = c.get('requestId' as never) as string | undefined;
  const body = problemBody(status, detail, { ...extra, ...(requestId ? { requestId } : {}) });
  return c.body(JSON.stringify(body), status as ContentfulStatusCode, {
    'Content-Type': 'application/problem+json',
  });
}

/**
 * The one mapping from errors to answers. Domain errors carry no HTTP; unknown errors become
 * a bare 500 that reveals nothing (database messages can carry SQL), and are logged.
 */
export function errorToResponse(err: unknown, c: Context, log: (err: unknown) => void): Response {
  if (err instanceof DomainError) {
    if (err instanceof NotFound) return problem(c, 404, err.message);
    if (err instanceof Conflict) return problem(c, 409, err.message, { allowed: [...err.allowed] });
    if (err instanceof Invalid) return problem(c, 422, err.message, { errors: [...err.errors] });
    if (err instanceof Forbidden) return problem(c, 403, err.message);
    if (err instanceof Unauthenticated) {
      const res = problem(c, 401, err.message);
      res.headers.set('WWW-Authenticate', 'Bearer realm="redress"');
      return res;
    }
  }
  const constraint = constraintKind(err);
  if (constraint === 'unique') return problem(c, 409, 'this conflicts with a record that exists');
  if (constraint === 'reference') return problem(c, 422, 'this refers to a record that does not exist');
  if (err instanceof HTTPException && err.status < 500) {
    return problem(c, err.status, err.message || undefined);
  }
  log(err);
  return problem(c, 500);
}

/**
 * A unique or foreign-key violation that a check before the write could not prevent (two
 * requests racing): a 409 or 422, never a 500. SQLite and PostgreSQL name them differently.
 */
export function constraintKind(err: unknown): 'unique' | 'reference' | null {
  if (!err || typeof err !== 'object' || !('code' in err)) return null;
  const code = String((err as { code: unknown }).code);
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505')
    return 'unique';
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || code === '23503') return 'reference';
  return null;
}
