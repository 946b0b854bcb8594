import {
  ComplaintId,
  ListTypicalCasesQuery,
  PublishTypicalCaseInput,
  pageOf,
  TypicalCaseDraftSchema,
  TypicalCaseId,
  TypicalCaseSchema,
  UnpublishTypicalCaseInput,
} from '@redress/core';
import { type AppDeps, contextOf, operation, operationRoutes } from '../context';
import {
  draftTypicalCase,
  getTypicalCase,
  listTypicalCases,
  publishTypicalCase,
  unpublishTypicalCase,
} from './service';

const tag = 'Typical cases';

/** Public, no sign-in: the published typical cases. */
export const publicCaseOperations = [
  operation(
    {
      method: 'get',
      path: '/api/v1/typical-cases',
      operationId: 'listTypicalCases',
      summary: 'List the published typical cases',
      description: 'Public, no credentials. Newest first; `category` narrows the list.',
      tag,
      access: 'public',
      query: ListTypicalCasesQuery,
      success: { status: 200, schema: pageOf(TypicalCaseSchema), description: 'One page of typical cases.' },
    },
    (c, deps) => listTypicalCases(deps, c.req.valid('query')),
  ),
  operation(
    {
      method: 'get',
      path: '/api/v1/typical-cases/{id}',
      operationId: 'getTypicalCase',
      summary: 'Get a typical case',
      description: 'Public, no credentials. An unpublished case is 404.',
      tag,
      access: 'public',
      params: { id: TypicalCaseId },
      success: { status: 200, schema: TypicalCaseSchema, description: 'The typical case.' },
    },
    (c, deps) => getTypicalCase(deps, c.req.valid('param').id),
  ),
];

/** Commission staff: draft, publish and unpublish. */
export const staffCaseOperations = [
  operation(
    {
      method: 'get',
      path: '/api/v1/complaints/{id}/typical-case-draft',
      operationId: 'draftTypicalCase',
      summary: 'Draft a typical case from an ended complaint',
      description:
        'Commission staff. The complaint’s subject, story and settlement with the consumer’s name, phone and any identifying number or address removed; the lesson is left to write. 409 while the complaint has not ended.',
      tag,
      access: 'read',
      params: { id: ComplaintId },
      success: { status: 200, schema: TypicalCaseDraftSchema, description: 'The draft.' },
      errors: [403, 409],
    },
    (c, deps) => draftTypicalCase(contextOf(deps, c), c.req.valid('param').id),
  ),
  operation(
    {
      method: 'post',
      path: '/api/v1/complaints/{id}/publish',
      operationId: 'publishTypicalCase',
      summary: 'Publish an ended complaint as a typical case',
      description:
        'Commission staff. Refused (422, `personal_data`) while a text still holds the consumer’s name or phone, or a number or address that could identify someone; 409 when the complaint has not ended or already has a published case.',
      tag,
      access: 'write',
      params: { id: ComplaintId },
      body: { name: 'PublishTypicalCaseInput', schema: PublishTypicalCaseInput },
      success: { status: 201, schema: TypicalCaseSchema, description: 'The published case.' },
      errors: [403],
    },
    (c, deps) => publishTypicalCase(contextOf(deps, c), c.req.valid('param').id, c.req.valid('json')),
  ),
  operation(
    {
      method: 'post',
      path: '/api/v1/typical-cases/{id}/unpublish',
      operationId: 'unpublishTypicalCase',
      summary: 'Unpublish a typical case',
      description: 'Commission staff, with the reason; the case is kept with who took it down, when and why.',
      tag,
      access: 'write',
      params: { id: TypicalCaseId },
      body: { name: 'UnpublishTypicalCaseInput', schema: UnpublishTypicalCaseInput },
      success: { status: 204, description: 'Unpublished.' },
      errors: [403],
    },
    async (c, deps) => {
      await unpublishTypicalCase(contextOf(deps, c), c.req.valid('param').id, c.req.valid('json'));
      return undefined;
    },
  ),
];

export const caseOperations = [...publicCaseOperations, ...staffCaseOperations];

/** Mounted before the authenticated API. */
export function publicCaseRoutes(deps: AppDeps) {
  return operationRoutes(deps, '', publicCaseOperations);
}

/** Mounted in the authenticated API, at `/api/v1`. */
export function staffCaseRoutes(deps: AppDeps) {
  return operationRoutes(deps, '/api/v1', staffCaseOperations);
}
