import { ProblemSchema, WebhookPayloadSchema } from '@redress/core';
import { errorStatuses, type OperationSpec } from '../http/operation';
import { type JsonSchema, SchemaCollector } from './convert';
import { apiOperations, TAGS } from './operations';

/** An OpenAPI 3.1 document, as plain JSON. */
export type OpenApiDocument = JsonSchema & {
  openapi: '3.1.0';
  paths: Record<string, Record<string, JsonSchema>>;
  components: { schemas: Record<string, JsonSchema>; [part: string]: unknown };
};

const ERROR_TEXT: Record<number, string> = {
  400: 'Malformed request: the body is not valid JSON, or a form misses a field.',
  401: 'No credentials, or credentials that are not valid (expired token, wrong secret).',
  403: 'Authenticated, but this role or a read-only token may not do this.',
  404: 'Unknown, or not yours: another merchant’s resource is 404, never 403.',
  409: 'Not allowed in the current status (`allowed` lists what is), or a repeated Idempotency-Key still running.',
  413: 'The body is larger than 1 MiB.',
  415: 'Send the body as application/json.',
  422: 'Validation failed: `errors` holds one `{ path, code, message }` per field.',
  429: 'Too many requests: wait `Retry-After` seconds. Every answer of a limited operation carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`.',
};

const requestIdHeader = { $ref: '#/components/headers/RequestId' };
const seconds = (description: string) => ({ description, schema: { type: 'integer', minimum: 0 } });
const rateLimitHeaders = {
  'Retry-After': seconds('Seconds to wait before trying again.'),
  'RateLimit-Limit': seconds('Requests allowed in the window.'),
  'RateLimit-Remaining': seconds('Requests left in the window.'),
  'RateLimit-Reset': seconds('Seconds until the window starts again.'),
};
const scopeOf = (op: OperationSpec) => (op.access === 'write' ? 'write' : 'read');

function parameters(op: OperationSpec, schemas: SchemaCollector): JsonSchema[] {
  const list: JsonSchema[] = [];
  for (const [name, schema] of Object.entries(op.params ?? {})) {
    list.push({ name, in: 'path', required: true, schema: schemas.use(schema, 'input') });
  }
  if (op.query) {
    const query = schemas.use(op.query, 'input');
    const required = new Set((query.required as string[] | undefined) ?? []);
    for (const [name, schema] of Object.entries(query.properties as Record<string, JsonSchema>)) {
      list.push({ name, in: 'query', required: required.has(name), schema });
    }
  }
  if (op.method === 'post' && op.access !== 'public')
    list.push({ $ref: '#/components/parameters/IdempotencyKey' });
  return list;
}

function responses(op: OperationSpec, schemas: SchemaCollector): JsonSchema {
  const out: JsonSchema = {};
  const ok = op.success;
  const headers = { 'X-Request-Id': requestIdHeader };
  if ('schema' in ok) {
    out[ok.status] = {
      description: ok.description,
      headers,
      content: { 'application/json': { schema: schemas.use(ok.schema, 'output') } },
    };
  } else if ('binary' in ok) {
    out[ok.status] = {
      description: ok.description,
      headers,
      content: Object.fromEntries(
        ok.binary.map((type) => [type, { schema: { type: 'string', format: 'binary' } }]),
      ),
    };
  } else if ('csv' in ok) {
    out[ok.status] = {
      description: ok.description,
      headers,
      content: { 'text/csv': { schema: { type: 'string' } } },
    };
  } else {
    out[ok.status] = { description: ok.description, headers };
  }
  const problem = schemas.use(op.problem ?? ProblemSchema, 'output');
  const plain = schemas.use(ProblemSchema, 'output');
  for (const status of errorStatuses(op)) {
    const schema = op.plainProblems?.includes(status) ? plain : problem;
    out[status] = {
      description: ERROR_TEXT[status] ?? 'Error.',
      headers: status === 429 ? { ...headers, ...rateLimitHeaders } : headers,
      content: { 'application/problem+json': { schema } },
    };
  }
  return out;
}

function operation(op: OperationSpec, schemas: SchemaCollector): JsonSchema {
  const result: JsonSchema = {
    operationId: op.operationId,
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    tags: [op.tag],
    security: op.security
      ? op.security.map((s) => ({ ...s }))
      : op.access === 'public' || op.access === 'link'
        ? []
        : [{ oauth2: [scopeOf(op)] }, { bearerAuth: [] }, { sessionCookie: [] }],
  };
  const params = parameters(op, schemas);
  if (params.length > 0) result.parameters = params;
  if (op.body) {
    const schema = schemas.use(op.body.schema, 'input', op.body.name);
    const types = op.body.mediaTypes ?? ['application/json'];
    result.requestBody = {
      required: !op.body.optional,
      content: Object.fromEntries(types.map((type) => [type, { schema }])),
    };
  }
  result.responses = responses(op, schemas);
  return result;
}

/**
 * The OpenAPI 3.1 document of the REST API, built from the operations' declarations and the
 * zod schemas the routes validate with. `serverUrl` is the portal's public address.
 *
 * @example
 * const doc = buildOpenApiDocument({ serverUrl: 'https://redress.example.cn' });
 * doc.paths['/api/v1/complaints']?.get?.operationId; // 'listComplaints'
 */
export function buildOpenApiDocument(options: { serverUrl: string }): OpenApiDocument {
  const schemas = new SchemaCollector();
  const paths: OpenApiDocument['paths'] = {};
  for (const op of apiOperations()) {
    const item = paths[op.path] ?? {};
    item[op.method] = operation(op, schemas);
    paths[op.path] = item;
  }
  const webhooks = {
    event: {
      post: {
        operationId: 'receiveEvent',
        summary: 'An event, delivered to a webhook endpoint',
        description:
          'Signed per the Standard Webhooks specification: `webhook-id`, `webhook-timestamp` and ' +
          '`webhook-signature` (`v1,<base64 HMAC-SHA256>` of `id.timestamp.body` with the endpoint’s ' +
          '`whsec_` secret). Verify the raw body, then answer 2xx quickly; deliveries are retried with backoff.',
        tags: ['Webhooks'],
        security: [],
        requestBody: {
          required: true,
          content: { 'application/json': { schema: schemas.use(WebhookPayloadSchema, 'output') } },
        },
        responses: { '204': { description: 'Received; any 2xx will do.' } },
      },
    },
  };
  const sortedSchemas = Object.fromEntries(
    Object.entries(schemas.components).sort(([a], [b]) => a.localeCompare(b)),
  );
  return {
    openapi: '3.1.0',
    info: {
      title: 'Redress API',
      version: '1.0.0',
      summary:
        'Consumer complaints, settlements and events for merchants, liaison stations and the commission.',
      description:
        'JSON with camelCase fields; money as integer fen (`amountFen`, CNY); timestamps ISO-8601 with offset; ' +
        'lists as `{ data, nextCursor }` with `?limit=` and `?cursor=`; errors as RFC 9457 problem documents; ' +
        'an `Idempotency-Key` header on any POST. Every answer carries `X-Request-Id`.',
      license: { name: 'MIT', identifier: 'MIT' },
      contact: { name: 'Redress', url: options.serverUrl },
    },
    servers: [{ url: options.serverUrl, description: 'This portal' }],
    tags: TAGS.map((t) => ({ ...t })),
    paths,
    webhooks,
    components: {
      schemas: sortedSchemas,
      securitySchemes: {
        oauth2: {
          type: 'oauth2',
          description: 'Client credentials of an API client; tokens live 15 minutes.',
          flows: {
            clientCredentials: {
              tokenUrl: '/oauth/token',
              scopes: { read: 'Read what the client may see', write: 'Act: intake, answers, settlements' },
            },
          },
        },
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'An access token from /oauth/token.',
        },
        clientBasic: {
          type: 'http',
          scheme: 'basic',
          description:
            'The token endpoint only: an API client’s `client_id:client_secret`, each form-encoded (RFC 6749 §2.3.1).',
        },
        sessionCookie: {
          type: 'apiKey',
          in: 'cookie',
          name: 'redress_session',
          description: 'The portal’s own pages: the session of a signed-in user.',
        },
      },
      parameters: {
        IdempotencyKey: {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description:
            'The same key with the same body within 24 h answers the first answer again and acts once; with another body, 422.',
          schema: { type: 'string', minLength: 1, maxLength: 255 },
        },
      },
      headers: {
        RequestId: {
          description: 'The id of this request, also in problem documents.',
          schema: { type: 'string' },
        },
      },
    },
  };
}
