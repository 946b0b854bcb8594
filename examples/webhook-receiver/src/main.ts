import { serve } from '@hono/node-server';
import { Redress } from '@redress/sdk';
import { createReceiver } from './app';

/**
 * `npm start -w @redress/example-webhook-receiver`, with REDRESS_BASE_URL, REDRESS_CLIENT_ID,
 * REDRESS_CLIENT_SECRET (a merchant's API client), REDRESS_WEBHOOK_SECRET (the endpoint's
 * `whsec_` secret; two, space-separated, while rotating) and PORT (default 3000).
 */
const secret = process.env.REDRESS_WEBHOOK_SECRET?.split(/\s+/).filter(Boolean) ?? [];
if (secret.length === 0) throw new Error('set REDRESS_WEBHOOK_SECRET to the endpoint’s whsec_ secret');
const app = createReceiver({
  redress: new Redress(),
  secret,
  onEvent: (e) => console.log(`${e.timestamp} ${e.type} ${e.id}`),
});
const port = Number(process.env.PORT ?? 3000);
serve({ fetch: app.fetch, port }, (info) =>
  console.log(`listening on http://localhost:${info.port}/webhooks/redress`),
);
