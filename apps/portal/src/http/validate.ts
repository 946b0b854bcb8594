import { zValidator } from '@hono/zod-validator';
import { fieldErrors, Invalid, parseInput } from '@redress/core';
import type { ValidationTargets } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';

/**
 * Parses synchronously (zod's async parse costs a chain of promises on every request), and
 * asynchronously only for a schema that needs it (an async refinement). The input is reported
 * in the issues so that a missing field's code is `required` (`fieldErrors` in core).
 */
function parse<T extends z.ZodType>(schema: T, value: unknown) {
  try {
    return parseInput(schema, value);
  } catch (err) {
    if (err instanceof z.core.$ZodAsyncError) return schema.safeParseAsync(value, { reportInput: true });
    throw err;
  }
}

const invalid = (error: Parameters<typeof fieldErrors>[0]) =>
  new Invalid('the request is not valid', fieldErrors(error));

/**
 * Validates one part of the request with a schema from `@redress/core`; a failure becomes a
 * 422 problem with every field error. A JSON body must be sent as JSON: anything else is 415.
 */
export function validate<T extends z.ZodType, Target extends keyof ValidationTargets>(
  target: Target,
  schema: T,
) {
  const check = zValidator(
    target,
    schema,
    (result) => {
      if (!result.success) throw invalid(result.error);
    },
    // zod v3 and v4 result types differ in the validator's declaration; the value is the same.
    { validationFunction: parse as never },
  );
  if (target !== 'json') return check;
  return (async (c, next) => {
    const type = c.req.header('Content-Type');
    const length = c.req.header('Content-Length');
    const empty = (length === undefined || length === '0') && c.req.header('Transfer-Encoding') === undefined;
    // An action without options may be sent with no body at all; the schema then sees {}.
    if (type === undefined && empty) return check(c, next);
    if (!/^application\/([\w.-]+\+)?json\s*(;|$)/i.test(type ?? '')) {
      throw new HTTPException(415, { message: 'send the body as application/json' });
    }
    return check(c, next);
  }) as typeof check;
}
