import {
  CreateWebhookEndpointInput,
  ListQuery,
  ListWebhookDeliveriesQuery,
  pageOf,
  UpdateWebhookEndpointInput,
  WebhookDeliveryId,
  WebhookDeliverySchema,
  WebhookEndpointId,
  WebhookEndpointSchema,
} from '@redress/core';
import { type AppDeps, contextOf, operation, operationRoutes } from '../context';
import { listWebhookDeliveries, retryWebhookDelivery } from './deliveries';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  getWebhookEndpoint,
  listWebhookEndpoints,
  rotateWebhookSecret,
  updateWebhookEndpoint,
} from './endpoints';

const tag = 'Webhooks';
const params = { id: WebhookEndpointId };
const endpoint = { status: 200, schema: WebhookEndpointSchema, description: 'The endpoint.' } as const;

/** `/api/v1/webhook-endpoints…` and `/api/v1/webhook-deliveries…`: merchant admins (own), commission admins. */
export const webhookOperations = [
  operation(
    {
      method: 'get',
      path: '/api/v1/webhook-endpoints',
      operationId: 'listWebhookEndpoints',
      summary: 'List webhook endpoints',
      tag,
      access: 'read',
      query: ListQuery,
      success: { status: 200, schema: pageOf(WebhookEndpointSchema), description: 'One page of endpoints.' },
      errors: [403],
    },
    (c, deps) => listWebhookEndpoints(contextOf(deps, c), c.req.valid('query')),
  ),
  operation(
    {
      method: 'post',
      path: '/api/v1/webhook-endpoints',
      operationId: 'createWebhookEndpoint',
      summary: 'Create a webhook endpoint',
      description: 'The answer carries the `whsec_` signing secret, which is never shown again.',
      tag,
      access: 'write',
      body: { name: 'CreateWebhookEndpointInput', schema: CreateWebhookEndpointInput },
      success: { ...endpoint, status: 201, description: 'The endpoint, with its secret.' },
    },
    (c, deps) => createWebhookEndpoint(contextOf(deps, c), c.req.valid('json')),
  ),
  operation(
    {
      method: 'get',
      path: '/api/v1/webhook-endpoints/{id}',
      operationId: 'getWebhookEndpoint',
      summary: 'Get a webhook endpoint',
      tag,
      access: 'read',
      params,
      success: endpoint,
      errors: [403],
    },
    (c, deps) => getWebhookEndpoint(contextOf(deps, c), c.req.valid('param').id),
  ),
  operation(
    {
      method: 'patch',
      path: '/api/v1/webhook-endpoints/{id}',
      operationId: 'updateWebhookEndpoint',
      summary: 'Change a webhook endpoint',
      tag,
      access: 'write',
      params,
      body: { name: 'UpdateWebhookEndpointInput', schema: UpdateWebhookEndpointInput },
      success: endpoint,
    },
    (c, deps) => updateWebhookEndpoint(contextOf(deps, c), c.req.valid('param').id, c.req.valid('json')),
  ),
  operation(
    {
      method: 'delete',
      path: '/api/v1/webhook-endpoints/{id}',
      operationId: 'deleteWebhookEndpoint',
      summary: 'Delete a webhook endpoint',
      tag,
      access: 'write',
      params,
      success: { status: 204, description: 'Deleted.' },
    },
    async (c, deps) => {
      await deleteWebhookEndpoint(contextOf(deps, c), c.req.valid('param').id);
      return undefined;
    },
  ),
  operation(
    {
      method: 'post',
      path: '/api/v1/webhook-endpoints/{id}/rotate-secret',
      operationId: 'rotateWebhookSecret',
      summary: 'Rotate the signing secret',
      description:
        'A new `whsec_` secret, shown once. The previous secret keeps signing beside it until `previousSecretExpiresAt`.',
      tag,
      access: 'write',
      params,
      success: { ...endpoint, description: 'The endpoint, with its new secret.' },
    },
    (c, deps) => rotateWebhookSecret(contextOf(deps, c), c.req.valid('param').id),
  ),
  operation(
    {
      method: 'get',
      path: '/api/v1/webhook-endpoints/{id}/deliveries',
      operationId: 'listWebhookDeliveries',
      summary: 'List an endpoint’s deliveries',
      description: 'Newest first, each with its attempts.',
      tag,
      access: 'read',
      params,
      query: ListWebhookDeliveriesQuery,
      success: { status: 200, schema: pageOf(WebhookDeliverySchema), description: 'One page of deliveries.' },
      errors: [403],
    },
    (c, deps) => listWebhookDeliveries(contextOf(deps, c), c.req.valid('param').id, c.req.valid('query')),
  ),
  operation(
    {
      method: 'post',
      path: '/api/v1/webhook-deliveries/{id}/retry',
      operationId: 'retryWebhookDelivery',
      summary: 'Retry a delivery now',
      tag,
      access: 'write',
      params: { id: WebhookDeliveryId },
      success: { status: 200, schema: WebhookDeliverySchema, description: 'The delivery, due again.' },
    },
    (c, deps) => retryWebhookDelivery(contextOf(deps, c), c.req.valid('param').id),
  ),
];

export function webhookRoutes(deps: AppDeps) {
  return operationRoutes(deps, '/api/v1', webhookOperations);
}
