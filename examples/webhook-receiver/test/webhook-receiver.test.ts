import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { Redress, type RedressEvent } from '@redress/sdk';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookDelivery } from '../../../apps/portal/src/webhooks/job';
import { type Portal, startPortal } from '../../../packages/sdk/test/portal';
import { createReceiver } from '../src/app';

let portal: Portal;
let server: ServerType;
let url: string;
/** The app the server runs: set by each test, since the secret comes before the app. */
let app: { fetch: (req: Request) => Response | Promise<Response> } | undefined;
let sdkCalls: string[];

beforeAll(async () => {
  portal = await startPortal();
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: (req) => app!.fetch(req), port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/redress`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await portal.close();
});

function receiver(secret: string, handled: RedressEvent[]) {
  sdkCalls = [];
  const redress = new Redress({
    baseUrl: portal.url,
    ...portal.clients.merchantA,
    onRequest: ({ method, url }) => {
      if (!url.includes('/oauth/')) sdkCalls.push(`${method} ${new URL(url).pathname}`);
    },
  });
  app = createReceiver({ redress, secret, onEvent: (e) => handled.push(e) });
}

const post = (body: string, headers: Record<string, string>) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

describe('examples/webhook-receiver', () => {
  it('acknowledges a complaint once for a signed delivery, ignores a duplicate, refuses a bad signature', async () => {
    const secret = `whsec_${btoa('a 32-byte secret for the receiver')}`;
    const handled: RedressEvent[] = [];
    receiver(secret, handled);
    const complaint = await portal.intake();
    const body = JSON.stringify({
      id: 'evt_01JD3Z6Y8G5C4F0QK3W2A1B9XE',
      type: 'complaint.assigned',
      timestamp: new Date().toISOString(),
      data: { object: complaint },
    });
    const sign = (msgId: string, text: string, key = secret) => {
      const now = new Date();
      return {
        'webhook-id': msgId,
        'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
        'webhook-signature': new Webhook(key).sign(msgId, now, text),
      };
    };

    const first = await post(body, sign('msg_1', body));
    expect(first.status).toBe(204);
    expect(await portal.countEvents(complaint.id, 'complaint.acknowledged')).toBe(1);
    expect(sdkCalls).toEqual([`POST /api/v1/complaints/${complaint.id}/acknowledge`]);

    const again = await post(body, sign('msg_1', body));
    expect(again.status).toBe(204);
    expect(sdkCalls).toHaveLength(1);

    const forged = await post(body, sign('msg_2', body, `whsec_${btoa('somebody elses 32-byte secret!!')}`));
    expect(forged.status).toBe(400);
    const tampered = await post(
      body.replace(complaint.id, 'cmp_01JD3Z6Y8G5C4F0QK3W2A1B9XF'),
      sign('msg_3', body),
    );
    expect(tampered.status).toBe(400);
    expect(sdkCalls).toHaveLength(1);
    expect(handled.map((e) => e.type)).toEqual(['complaint.assigned']);
    expect(await portal.countEvents(complaint.id, 'complaint.acknowledged')).toBe(1);
  });

  it('end to end: the portal’s webhook job delivers to the receiver, which acknowledges once', async () => {
    const merchant = new Redress({ baseUrl: portal.url, ...portal.clients.merchantA });
    const endpoint = await merchant.webhookEndpoints.create({ url, eventTypes: ['complaint.assigned'] });
    const handled: RedressEvent[] = [];
    receiver(endpoint.secret!, handled);

    const complaint = await portal.intake();
    while ((await webhookDelivery.run(portal.runtime)) > 0) {}
    expect(handled.map((e) => [e.type, e.data.object.id])).toEqual([['complaint.assigned', complaint.id]]);
    expect((await merchant.complaints.get(complaint.id)).status).toBe('acknowledged');
    const [delivery] = await merchant.webhookEndpoints.deliveries(endpoint.id).toArray();
    expect(delivery).toMatchObject({ status: 'succeeded', attemptCount: 1 });

    // A retry by hand delivers the same webhook-id again: received, and ignored.
    await merchant.webhookEndpoints.retryDelivery(delivery!.id);
    while ((await webhookDelivery.run(portal.runtime)) > 0) {}
    const [retried] = await merchant.webhookEndpoints.deliveries(endpoint.id).toArray();
    expect(retried).toMatchObject({ status: 'succeeded', attemptCount: 2 });
    expect(handled).toHaveLength(1);
    expect(await portal.countEvents(complaint.id, 'complaint.acknowledged')).toBe(1);
    await merchant.webhookEndpoints.delete(endpoint.id);
  });
});
