import type { z } from 'zod';

/**
 * Who may call an operation: anyone; the holder of a consumer link (the signed token in the
 * path is the credential); or an authenticated caller with the `read` or `write` scope.
 */
export type Access = 'public' | 'link' | 'read' | 'write';

/** A request body: the schema the route validates with, under the name the document gives it. */
export interface BodySpec {
  name: string;
  schema: z.ZodType;
  /** Media types accepted; JSON unless told (`/oauth/token` also takes forms). */
  mediaTypes?: readonly string[];
  /** The body may be left out (an action without options). */
  optional?: boolean;
}

/** A successful answer: JSON of a schema, CSV text, or no body (204). */
export type SuccessSpec =
  | { status: 200 | 201; schema: z.ZodType; description: string }
  | { status: 200; csv: true; description: string }
  | { status: 204; description: string };

/**
 * One row of the route table: everything the document says about an operation. The schemas
 * are the objects the route passes to `validate()` (and the objects its answer is built to).
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
  /** Path parameters by name. */
  params?: Record<string, z.ZodType>;
  query?: z.ZodObject<any>;
  body?: BodySpec;
  success: SuccessSpec;
  /** Error statuses besides those that follow from the shape (auth, validation, unknown id). */
  errors?: readonly number[];
  /** The exact error statuses, for an operation outside the API's middleware (`/oauth/token`). */
  onlyErrors?: readonly number[];
  /** Errors answered with another problem schema than `Problem`. */
  problem?: z.ZodType;
}

/** The statuses every operation of this shape can answer with, besides its own `errors`. */
export function errorStatuses(op: OperationSpec): number[] {
  if (op.onlyErrors) return [...op.onlyErrors];
  const statuses = new Set<number>(op.errors ?? []);
  const add = (...list: number[]) => {
    for (const s of list) statuses.add(s);
  };
  if (op.access === 'link') add(401);
  // 429: API calls per principal per minute (docs/security.md, Rate limits).
  if (op.access === 'read' || op.access === 'write') add(401, 403, 429);
  if (op.params) add(404, 422);
  if (op.query) add(422);
  if (op.body) add(400, 413, 415, 422);
  // The same Idempotency-Key while the first request runs, or after it failed.
  if (op.method === 'post' && op.access !== 'public') add(409);
  if (op.access === 'link' && op.method === 'post') add(403);
  return [...statuses].sort((a, b) => a - b);
}
