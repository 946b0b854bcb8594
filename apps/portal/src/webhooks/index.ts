/**
 * The front door of `webhooks/`: webhooks: endpoints, the outbox, the delivery job. Other folders import
 * only this file (docs/architecture.md, "Who may import whom").
 */
export { webhookDelivery } from './job';
export { registerWebhookOutbox } from './outbox';
export { webhookRoutes } from './routes';
