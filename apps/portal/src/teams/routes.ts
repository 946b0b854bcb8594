import {
  CreateReplyTemplateInput,
  pageOf,
  ReplyTemplateId,
  ReplyTemplateSchema,
  UpdateReplyTemplateInput,
} from '@redress/core';
import { type AppDeps, contextOf, operation, operationRoutes } from '../context';
import {
  createReplyTemplate,
  deleteReplyTemplate,
  getReplyTemplate,
  listReplyTemplates,
  updateReplyTemplate,
} from './templates';

const tag = 'Reply templates';
const params = { id: ReplyTemplateId };
const one = { status: 200, schema: ReplyTemplateSchema, description: 'The template.' } as const;

/** `/api/v1/reply-templates…`: a merchant's templates (its admins change them, its users read them). */
export const teamOperations = [
  operation(
    {
      method: 'get',
      path: '/api/v1/reply-templates',
      operationId: 'listReplyTemplates',
      summary: 'List the reply templates',
      description: 'The caller’s merchant’s, by name, in one page. Merchants only.',
      tag,
      access: 'read',
      success: { status: 200, schema: pageOf(ReplyTemplateSchema), description: 'The templates.' },
      errors: [403],
    },
    async (c, deps) => ({ data: await listReplyTemplates(contextOf(deps, c)), nextCursor: null }),
  ),
  operation(
    {
      method: 'post',
      path: '/api/v1/reply-templates',
      operationId: 'createReplyTemplate',
      summary: 'Add a reply template',
      description: 'Merchant admins. A name the merchant used already is 409.',
      tag,
      access: 'write',
      body: { name: 'CreateReplyTemplateInput', schema: CreateReplyTemplateInput },
      success: { ...one, status: 201, description: 'The new template.' },
    },
    (c, deps) => createReplyTemplate(contextOf(deps, c), c.req.valid('json')),
  ),
  operation(
    {
      method: 'get',
      path: '/api/v1/reply-templates/{id}',
      operationId: 'getReplyTemplate',
      summary: 'Get a reply template',
      tag,
      access: 'read',
      params,
      success: one,
    },
    (c, deps) => getReplyTemplate(contextOf(deps, c), c.req.valid('param').id),
  ),
  operation(
    {
      method: 'patch',
      path: '/api/v1/reply-templates/{id}',
      operationId: 'updateReplyTemplate',
      summary: 'Change a reply template',
      description: 'Merchant admins.',
      tag,
      access: 'write',
      params,
      body: { name: 'UpdateReplyTemplateInput', schema: UpdateReplyTemplateInput },
      success: one,
      errors: [409],
    },
    (c, deps) => updateReplyTemplate(contextOf(deps, c), c.req.valid('param').id, c.req.valid('json')),
  ),
  operation(
    {
      method: 'delete',
      path: '/api/v1/reply-templates/{id}',
      operationId: 'deleteReplyTemplate',
      summary: 'Delete a reply template',
      description: 'Merchant admins.',
      tag,
      access: 'write',
      params,
      success: { status: 204, description: 'Deleted.' },
    },
    async (c, deps) => {
      await deleteReplyTemplate(contextOf(deps, c), c.req.valid('param').id);
      return undefined;
    },
  ),
];

export function teamRoutes(deps: AppDeps) {
  return operationRoutes(deps, '/api/v1/reply-templates', teamOperations);
}
