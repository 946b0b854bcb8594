import {
  IMPORT_MEDIA_TYPES,
  ImportDetailSchema,
  ImportId,
  ImportQuery,
  ImportSchema,
  importFormatOf,
} from '@redress/core';
import { z } from 'zod';
import { type AppDeps, contextOf, operation, operationRoutes } from '../context';
import { problem } from '../http/problem';
import { nodeStream } from './parse';
import { importJson, jsonStream, loadImport } from './read';
import { runImport } from './service';

const tag = 'Imports';
const json = { 'Content-Type': 'application/json' };

/**
 * `POST /api/v1/complaints/import` and `GET /api/v1/imports/{id}`. The import's body streams
 * (it is exempt from the 1 MiB limit, `STREAMED_BODIES` in http/body.ts, and mounted before the
 * Idempotency-Key middleware, which would read it whole: an import is idempotent by externalRef).
 */
export const importOperations = [
  operation(
    {
      method: 'post',
      path: '/api/v1/complaints/import',
      operationId: 'importComplaints',
      summary: 'Import complaints from a file',
      description:
        'Staff. JSON Lines (each line the body of `POST /complaints` with its `externalRef`), CSV with the documented header (English field paths or the Chinese columns of a 12315 export), or .xlsx; `?profile=cfpb` reads the CFPB database’s CSV. Streamed in batches; idempotent by `externalRef` (a row already taken in is `unchanged`, or `changed` and reported, never applied); every rejected row is listed with its line and field errors. `?dryRun=true` checks without taking anything in. A header Redress does not read, or a body that is not the workbook its type says, is 422.',
      tag,
      access: 'write',
      query: ImportQuery,
      body: {
        name: 'ImportFile',
        schema: z.string().meta({ format: 'binary' }),
        mediaTypes: Object.values(IMPORT_MEDIA_TYPES),
      },
      success: {
        status: 201,
        schema: ImportSchema,
        description: 'The import: its counts, the rejected and the changed rows.',
      },
      errors: [403],
      never: {
        409: 'the Idempotency-Key is not read: an import is idempotent by externalRef',
        413: 'the file streams: an import has no body limit',
        400: 'a file that cannot be read is a 422 naming why, a row that cannot be read is rejected',
      },
    },
    async (c, deps) => {
      const format = importFormatOf(c.req.header('Content-Type'));
      if (!format) return problem(c, 415, `send the file as ${Object.values(IMPORT_MEDIA_TYPES).join(', ')}`);
      const ctx = contextOf(deps, c);
      const query = c.req.valid('query');
      const id = await runImport(ctx, {
        format,
        profile: query.profile ?? null,
        dryRun: query.dryRun,
        fileName: null,
        body: nodeStream(c.req.raw.body),
      });
      const row = await loadImport(ctx, id);
      return new Response(jsonStream(importJson(ctx, row, { results: false })), {
        status: 201,
        headers: json,
      });
    },
  ),
  operation(
    {
      method: 'get',
      path: '/api/v1/imports/{id}',
      operationId: 'getImport',
      summary: 'An import with every row’s result',
      description:
        'Staff. The counts, and each row: imported, unchanged, changed or rejected, its complaint, and how it was routed.',
      tag,
      access: 'read',
      params: { id: ImportId },
      success: { status: 200, schema: ImportDetailSchema, description: 'The import and its rows.' },
      errors: [403],
    },
    async (c, deps) => {
      const ctx = contextOf(deps, c);
      const row = await loadImport(ctx, c.req.valid('param').id);
      return new Response(jsonStream(importJson(ctx, row, { results: true })), {
        status: 200,
        headers: json,
      });
    },
  ),
];

export function importRoutes(deps: AppDeps) {
  return operationRoutes(deps, '/api/v1', importOperations);
}
