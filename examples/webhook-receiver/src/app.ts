import {
  ConflictError,
  type Redress,
  type RedressEvent,
  WebhookVerificationError,
  webhooks,
} from '@redress/sdk';
import { Hono } from 'hono';
import { type DeliveryLog, memoryDeliveryLog } from './deliveries';

export interface ReceiverOptions {
  /** Acts on events; a merchant's API client. */
  redress: Redress;
  /** The endpoint's `whsec_` secret; during a rotation, the new and the old one. */
  secret: string | string[];
  deliveries?: DeliveryLog;
  /** Called with each new, verified event after it was handled. */
  onEvent?: (event: RedressEvent) => void;
}

/** What the receiver does with an event: it acknowledges each newly assigned complaint. */
async function handle(redress: Redress, event: RedressEvent): Promise<void> {
  if (event.type !== 'complaint.assigned') return;
  try {
    // Keyed by the event: a second receiver process handling the same delivery acts once too.
    await redress.complaints.acknowledge(event.data.object.id, { idempotencyKey: `webhook:${event.id}` });
  } catch (err) {
    if (!(err instanceof ConflictError)) throw err; // acknowledged already: nothing to do
  }
}

/**
 * A webhook receiver: `POST /webhooks/redress` verifies the delivery (Standard Webhooks
 * signature over the raw body), ignores a `webhook-id` it handled already, and answers 204.
 * A delivery that fails verification gets 400; one whose handling failed gets 500, so that
 * Redress delivers it again later.
 *
 * @example
 * serve({ fetch: createReceiver({ redress: new Redress(), secret: process.env.REDRESS_WEBHOOK_SECRET! }).fetch, port: 3000 });
 */
export function createReceiver(options: ReceiverOptions) {
  const deliveries = options.deliveries ?? memoryDeliveryLog();
  return new Hono().post('/webhooks/redress', async (c) => {
    // The raw text: a body parsed and serialized again is not what was signed.
    const raw = await c.req.text();
    let event: RedressEvent;
    try {
      event = await webhooks.verify(raw, c.req.raw.headers, options.secret);
    } catch (err) {
      if (err instanceof WebhookVerificationError) return c.json({ error: err.message }, 400);
      throw err;
    }
    const id = c.req.header('webhook-id')!;
    if (!deliveries.claim(id)) return c.body(null, 204);
    try {
      await handle(options.redress, event);
    } catch (err) {
      deliveries.release(id);
      console.error(`webhook ${id} (${event.type}) failed:`, err);
      return c.json({ error: 'handling failed; deliver again later' }, 500);
    }
    options.onEvent?.(event);
    return c.body(null, 204);
  });
}
