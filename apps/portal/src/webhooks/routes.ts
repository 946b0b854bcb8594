import {
  CreateWebhookEndpointInput,
  ListQuery,
  ListWebhookDeliveriesQuery,
  UpdateWebhookEndpointInput,
  WebhookDeliveryId,
  WebhookEndpointId,
} from '@redress/core';
import { Hono } from 'hono';
import { z } from 'zod';
import { type AppDeps, contextOf } from '../context';
import type { AppEnv } from '../http/env';
import { validate } from '../http/validate';
import { listWebhookDeliveries, retryWebhookDelivery } from './deliveries';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  getWebhookEndpoint,
  listWebhookEndpoints,
  rotateWebhookSecret,
  updateWebhookEndpoint,
} from './endpoints';

const EndpointParams = z.object({ id: WebhookEndpointId });
const DeliveryParams = z.object({ id: WebhookDeliveryId });

/** `/api/v1/webhook-endpoints` and `/api/v1/webhook-deliveries`: merchant admins (own), commission admins. */
export function webhookRoutes(deps: AppDeps) {
  const ctx = (c: Parameters<typeof contextOf>[1]) => contextOf(deps, c);
  const endpoints = new Hono<AppEnv>()
    .get('/', validate('query', ListQuery), async (c) =>
      c.json(await listWebhookEndpoints(ctx(c), c.req.valid('query'))),
    )
    .post('/', validate('json', CreateWebhookEndpointInput), async (c) =>
      c.json(await createWebhookEndpoint(ctx(c), c.req.valid('json')), 201),
    )
    .get('/:id', validate('param', EndpointParams), async (c) =>
      c.json(await getWebhookEndpoint(ctx(c), c.req.valid('param').id)),
    )
    .patch(
      '/:id',
      validate('param', EndpointParams),
      validate('json', UpdateWebhookEndpointInput),
      async (c) => c.json(await updateWebhookEndpoint(ctx(c), c.req.valid('param').id, c.req.valid('json'))),
    )
    .delete('/:id', validate('param', EndpointParams), async (c) => {
      await deleteWebhookEndpoint(ctx(c), c.req.valid('param').id);
      return c.body(null, 204);
    })
    .post('/:id/rotate-secret', validate('param', EndpointParams), async (c) =>
      c.json(await rotateWebhookSecret(ctx(c), c.req.valid('param').id)),
    )
    .get(
      '/:id/deliveries',
      validate('param', EndpointParams),
      validate('query', ListWebhookDeliveriesQuery),
      async (c) => c.json(await listWebhookDeliveries(ctx(c), c.req.valid('param').id, c.req.valid('query'))),
    );
  const deliveries = new Hono<AppEnv>().post('/:id/retry', validate('param', DeliveryParams), async (c) =>
    c.json(await retryWebhookDelivery(ctx(c), c.req.valid('param').id)),
  );
  return { endpoints, deliveries };
}
