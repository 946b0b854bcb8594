import { ApiClientId, ApiClientSchema, CreateApiClientInput, pageOf } from '@redress/core';
import { type AppDeps, contextOf, operation, operationRoutes } from '../context';
import { createApiClient, listApiClients, revokeApiClient } from './service';

const tag = 'API clients';

/** `/api/v1/api-clients…`: OAuth 2 clients of a merchant, a station or the commission. */
export const apiClientOperations = [
  operation(
    {
      method: 'get',
      path: '/api/v1/api-clients',
      operationId: 'listApiClients',
      summary: 'List API clients',
      tag,
      access: 'read',
      success: { status: 200, schema: pageOf(ApiClientSchema), description: 'One page of API clients.' },
      errors: [403],
    },
    async (c, deps) => ({ data: await listApiClients(contextOf(deps, c)), nextCursor: null }),
  ),
  operation(
    {
      method: 'post',
      path: '/api/v1/api-clients',
      operationId: 'createApiClient',
      summary: 'Create an API client',
      description: 'The answer carries the client secret, which is never shown again.',
      tag,
      access: 'write',
      body: { name: 'CreateApiClientInput', schema: CreateApiClientInput },
      success: { status: 201, schema: ApiClientSchema, description: 'The client, with its secret.' },
    },
    (c, deps) => createApiClient(contextOf(deps, c), c.req.valid('json')),
  ),
  operation(
    {
      method: 'delete',
      path: '/api/v1/api-clients/{id}',
      operationId: 'deleteApiClient',
      summary: 'Revoke an API client',
      description:
        'No new tokens, and the tokens already issued are refused (401) from the next request on, on every portal process within a second.',
      tag,
      access: 'write',
      params: { id: ApiClientId },
      success: { status: 204, description: 'Revoked.' },
    },
    async (c, deps) => {
      await revokeApiClient(contextOf(deps, c), c.req.valid('param').id);
      return undefined;
    },
  ),
];

export function apiClientRoutes(deps: AppDeps) {
  return operationRoutes(deps, '/api/v1/api-clients', apiClientOperations);
}
