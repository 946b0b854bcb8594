import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { z } from 'zod';
import type { AppEnv } from './env';
import { validate } from './validate';

/**
 * Who may call an operation: anyone; the holder of a consumer link (the signed token in the
 * path is the credential); or an authenticated caller with the `read` or `write` scope.
 */
export type Access = 'public' | 'link' | 'read' | 'write';

/** A request body: the schema the route validates with, under the name the document gives it. */
export interface BodySpec {
  name: string;
  schema: z.ZodType;
  /**
   * Media types accepted; JSON unless told. A body of other types (`/oauth/token` also takes
   * forms) is not validated for the handler: the handler reads and checks it itself.
   */
  mediaTypes?: readonly string[];
  /** The body may be left out (an action without options). */
  optional?: boolean;
}

/** A successful answer: JSON of a schema, CSV text, bytes of one of some media types (a download), or no body (204). */
export type SuccessSpec =
  | { status: 200 | 201; schema: z.ZodType; description: string }
  | { status: 200; csv: true; description: string }
  | { status: 200; binary: readonly string[]; description: string }
  | { status: 204; description: string };

/**
 * One operation of the REST API: what the document says about it, and what its route
 * validates with. Declared once, beside its handler, with `operation()`.
 */
export interface OperationSpec {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI style: `/api/v1/complaints/{id}`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  access: Access;
  /** The document's `security` when it is not what `access` says (`/oauth/token` takes HTTP Basic). */
  security?: readonly Record<string, readonly string[]>[];
  /** Path parameters by name. */
  params?: Record<string, z.ZodType>;
  query?: z.ZodObject<any>;
  body?: BodySpec;
  success: SuccessSpec;
  /**
   * Error statuses besides those that follow from the shape (see `errorStatuses`): a 403 of a
   * role check, a 404 of an id in the body, a 409 of a state.
   */
  errors?: readonly number[];
  /** Statuses that follow from the shape but that this operation can never answer, with why. */
  never?: Readonly<Partial<Record<number, string>>>;
  /** The exact error statuses, for an operation outside the API's middleware (`/oauth/token`). */
  onlyErrors?: readonly number[];
  /** Errors answered with another problem schema than `Problem`. */
  problem?: z.ZodType;
  /** Statuses answered with the plain `Problem` although `problem` is set (they come from middleware). */
  plainProblems?: readonly number[];
}

/**
 * Every error status an operation can answer, from its shape and its own `errors`:
 * - any API call: 422 for a query parameter with a control character (http/query-guard.ts);
 * - authenticated: 401, and 429 for the calls per principal per minute (docs/security.md);
 * - any write: 403 (a read-only token, a cross-site session write) and 413 (a body over 1 MiB,
 *   sent or not); a POST also 409 and 422 of its Idempotency-Key (still running, or reused
 *   with another body);
 * - path parameters: 404 and 422; a query: 422; a JSON body: 400, 415 and 422;
 * - a consumer link: 401 (not a valid link, or expired).
 */
export function errorStatuses(op: OperationSpec): number[] {
  if (op.onlyErrors) return [...op.onlyErrors].sort((a, b) => a - b);
  const statuses = new Set<number>(op.errors ?? []);
  const add = (...list: number[]) => {
    for (const s of list) statuses.add(s);
  };
  const writes = op.method !== 'get';
  if (op.path.startsWith('/api/') || op.path.startsWith('/oauth/')) add(422);
  if (op.access === 'link') add(401);
  if (op.access === 'read' || op.access === 'write') add(401, 429);
  if (op.access === 'write' && writes) add(403);
  if (writes) add(413);
  if (op.params) add(404, 422);
  if (op.query) add(422);
  if (op.body) add(400, 415, 422);
  if (op.method === 'post' && op.access !== 'public') add(409, 422);
  for (const status of Object.keys(op.never ?? {})) statuses.delete(Number(status));
  return [...statuses].sort((a, b) => a - b);
}

type Shape<T> = { [K in keyof T]: T[K] extends z.ZodType ? z.output<T[K]> : never };

/** What `c.req.valid()` holds in an operation's handler, per part of the request. */
type Valid<Op extends OperationSpec> = (Op['params'] extends Record<string, z.ZodType>
  ? { param: Shape<Op['params']> }
  : unknown) &
  (Op['query'] extends z.ZodType ? { query: z.output<Op['query']> } : unknown) &
  (Op['body'] extends { schema: infer S extends z.ZodType; mediaTypes?: undefined }
    ? { json: z.output<S> }
    : unknown);

/** The request context of an operation's handler: `c.req.valid('json')` is the validated body. */
export type OperationContext<Op extends OperationSpec> = Context<
  AppEnv,
  string,
  // Hono's `Input`: `out` is what the validators hand on.
  { out: Valid<Op> & {} }
>;

/**
 * What a handler answers: the body of its success (sent as JSON with the declared status), or
 * nothing for a 204, or a `Response` it built itself (a CSV stream, JSON already serialized).
 */
export type Answer<Op extends OperationSpec> =
  | (Op['success'] extends { schema: infer S extends z.ZodType }
      ? z.output<S>
      : Op['success'] extends { status: 204 }
        ? undefined
        : never)
  | Response;

export type OperationHandler<Op extends OperationSpec, Deps> = (
  c: OperationContext<Op>,
  deps: Deps,
) => Promise<Answer<Op>> | Answer<Op>;

/** An operation with its handler: what its route, its validators and its OpenAPI entry are made of. */
export interface Operation<Op extends OperationSpec = OperationSpec, Deps = any> {
  readonly spec: Op;
  readonly handler: OperationHandler<Op, Deps>;
}

/** `/api/v1/complaints/{id}` → `/complaints/:id` under the base `/api/v1`. */
function honoPath(path: string, base: string): string {
  if (!path.startsWith(base)) throw new Error(`${path} is not under ${base}`);
  return path.slice(base.length).replace(/\{(\w+)\}/g, ':$1') || '/';
}

/** The validators an operation's route runs before its handler, from its declaration. */
function validators(op: OperationSpec): MiddlewareHandler[] {
  const list: MiddlewareHandler[] = [];
  if (op.params) list.push(validate('param', z.object(op.params)));
  if (op.query) list.push(validate('query', op.query));
  if (op.body && !op.body.mediaTypes) list.push(validate('json', op.body.schema));
  return list;
}

/**
 * The declaration kit for one kind of dependencies (the portal's: `context.ts`):
 * - `operation(spec, handler)` declares an operation beside its handler;
 * - `operationRoutes(deps, base, operations)` is the router that validates each request as its
 *   declaration says (422 problem+json, 415 for a body that is not JSON: `validate()`), calls
 *   the handler and answers its result with the declared status.
 *
 * @example
 * export const getStationOp = operation(
 *   { method: 'get', path: '/api/v1/stations/{id}', params: { id: StationId }, success: { status: 200, schema: StationSchema, … }, … },
 *   (c, deps) => getStation(contextOf(deps, c), c.req.valid('param').id),
 * );
 */
export function operationKit<Deps>() {
  return {
    operation<const Op extends OperationSpec>(
      spec: Op,
      handler: OperationHandler<Op, Deps>,
    ): Operation<Op, Deps> {
      return { spec, handler };
    },
    operationRoutes(deps: Deps, base: string, operations: readonly Operation<any, Deps>[]) {
      const router = new Hono<AppEnv>();
      for (const { spec, handler } of operations) {
        const status = spec.success.status;
        const answer: MiddlewareHandler<AppEnv> = async (c) => {
          const result = await handler(c as OperationContext<typeof spec>, deps);
          if (result instanceof Response) return result;
          if (status === 204) return c.body(null, 204);
          return c.json(result, status);
        };
        const handlers: MiddlewareHandler[] = [...validators(spec), answer];
        router.on(spec.method.toUpperCase(), [honoPath(spec.path, base)], ...handlers);
      }
      return router;
    },
  };
}
