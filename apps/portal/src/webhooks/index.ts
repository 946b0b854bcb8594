/**
 * The front door of `webhooks/`: webhooks: endpoints, the outbox, the delivery job. Other folders import
 * only this file (docs/architecture.md, "Who may import whom").
 */

export { listWebhookDeliveries, retryWebhookDelivery } from './deliveries';
export {
  createWebhookEndpoint,
  getWebhookEndpoint,
  listWebhookEndpoints,
  rotateWebhookSecret,
  updateWebhookEndpoint,
} from './endpoints';
export { webhookDelivery } from './job';
export { writeOutbox } from './outbox';
export { webhookOperations, webhookRoutes } from './routes';
export { WebhookSecrets } from './secrets';
