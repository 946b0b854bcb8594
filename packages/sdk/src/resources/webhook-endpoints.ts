import type { ApiPromise } from '../core/api-promise';
import type { RequestOptions } from '../core/options';
import { type Page, PagePromise } from '../core/pagination';
import type { HttpClient } from '../internal/http';
import type {
  CreateWebhookEndpointInput,
  ListWebhookDeliveriesQuery,
  UpdateWebhookEndpointInput,
  WebhookDelivery,
  WebhookEndpoint,
} from '../types.gen';

const path = (id: string, rest = '') => `/api/v1/webhook-endpoints/${encodeURIComponent(id)}${rest}`;

/** Webhook endpoints (merchant admins): where Redress POSTs your events, signed per Standard Webhooks. */
export class WebhookEndpoints {
  constructor(private readonly http: HttpClient) {}

  /** @example const endpoints = await redress.webhookEndpoints.list().toArray(); */
  list(query: { limit?: number } = {}, options?: RequestOptions): PagePromise<WebhookEndpoint> {
    return new PagePromise((cursor) =>
      this.http.request<Page<WebhookEndpoint>>({
        method: 'GET',
        path: '/api/v1/webhook-endpoints',
        query: { limit: query.limit, cursor },
        options,
      }),
    );
  }

  /**
   * Creates an endpoint. Store `secret` (`whsec_…`) now: it is never shown again.
   * @example
   * const { id, secret } = await redress.webhookEndpoints.create({
   *   url: 'https://crm.example.cn/redress/webhooks', eventTypes: ['complaint.assigned'],
   * });
   */
  create(input: CreateWebhookEndpointInput, options?: RequestOptions): ApiPromise<WebhookEndpoint> {
    return this.http.request({ method: 'POST', path: '/api/v1/webhook-endpoints', body: input, options });
  }

  /** @example const endpoint = await redress.webhookEndpoints.get(id); */
  get(id: string, options?: RequestOptions): ApiPromise<WebhookEndpoint> {
    return this.http.request({ method: 'GET', path: path(id), options });
  }

  /** @example await redress.webhookEndpoints.update(id, { enabled: false }); */
  update(
    id: string,
    input: UpdateWebhookEndpointInput,
    options?: RequestOptions,
  ): ApiPromise<WebhookEndpoint> {
    return this.http.request({ method: 'PATCH', path: path(id), body: input, options });
  }

  /** @example await redress.webhookEndpoints.delete(id); */
  delete(id: string, options?: RequestOptions): ApiPromise<void> {
    return this.http.request({ method: 'DELETE', path: path(id), options });
  }

  /**
   * A new signing secret, shown once; the old one keeps signing beside it until
   * `previousSecretExpiresAt`, so pass both to `webhooks.verify` while you switch.
   * @example const { secret } = await redress.webhookEndpoints.rotateSecret(id);
   */
  rotateSecret(id: string, options?: RequestOptions): ApiPromise<WebhookEndpoint> {
    return this.http.request({ method: 'POST', path: path(id, '/rotate-secret'), options });
  }

  /**
   * The endpoint's deliveries, newest first, each with its attempts.
   * @example const failed = await redress.webhookEndpoints.deliveries(id, { status: 'failed' }).toArray();
   */
  deliveries(
    id: string,
    query: ListWebhookDeliveriesQuery = {},
    options?: RequestOptions,
  ): PagePromise<WebhookDelivery> {
    return new PagePromise((cursor) =>
      this.http.request<Page<WebhookDelivery>>({
        method: 'GET',
        path: path(id, '/deliveries'),
        query: { ...query, cursor: cursor ?? query.cursor },
        options,
      }),
    );
  }

  /**
   * Sends a delivery again now.
   * @example await redress.webhookEndpoints.retryDelivery('whd_01JD3Z6Y8G5C4F0QK3W2A1B9XE');
   */
  retryDelivery(deliveryId: string, options?: RequestOptions): ApiPromise<WebhookDelivery> {
    return this.http.request({
      method: 'POST',
      path: `/api/v1/webhook-deliveries/${encodeURIComponent(deliveryId)}/retry`,
      options,
    });
  }
}
