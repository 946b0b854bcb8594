import { type ClientRequest, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  clientsIn,
  freshPlace,
  openPlace,
  type PortalProcess,
  rawRequest,
  startPortal,
  tokenFrom,
} from './process';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A webhook receiver that takes `holdMs` to answer each delivery, and says when one arrives. */
async function slowReceiver(holdMs: number) {
  let arrived!: () => void;
  const first = new Promise<void>((resolve) => (arrived = resolve));
  const answered: number[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      arrived();
      setTimeout(() => {
        res.writeHead(204).end();
        answered.push(Date.now());
      }, holdMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(resolve));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, first, answered };
}

const COMPLAINT = (merchantId: string, n: number) =>
  JSON.stringify({
    channel: 'hotline',
    merchantId,
    subject: `停机时正在受理的投诉 ${n}`,
    description: '进程收到 SIGTERM 时，这条投诉的请求正在传输中。',
    category: 'appliance_repair',
    consumer: { name: '张先生', phone: '13812345678' },
  });

/** A POST whose body is sent in two halves: the request is in flight until `finish()`. */
function halfSent(portal: PortalProcess, token: string, body: string) {
  const bytes = Buffer.from(body);
  let sent!: ClientRequest;
  const url = new URL(portal.url);
  const answer = rawRequest(
    {
      host: url.hostname,
      port: url.port,
      path: '/api/v1/complaints',
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json',
        'Content-Length': String(bytes.length),
      },
    },
    (req) => {
      sent = req;
      req.write(bytes.subarray(0, bytes.length >> 1));
    },
  ).then((res) => ({ status: res.status, body: res.body, connection: res.headers.connection }));
  return { answer, finish: () => sent.end(bytes.subarray(bytes.length >> 1)) };
}

describe('SIGTERM', { timeout: 120_000 }, () => {
  it('stops accepting, finishes the request and the webhook delivery in flight, then exits 0', async () => {
    const place = await freshPlace();
    cleanups.push(() => place.drop());
    const { merchantId, merchant, staff } = await clientsIn(place);
    const receiver = await slowReceiver(1_500);
    // Development mode: the receiver is plain http on this machine.
    const portal = await startPortal(place, { REDRESS_MODE: 'development' });
    cleanups.push(() => portal.child.kill('SIGKILL'));
    const merchantToken = await tokenFrom(portal.url, merchant);
    const staffToken = await tokenFrom(portal.url, staff);
    const endpoint = await fetch(`${portal.url}/api/v1/webhook-endpoints`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${merchantToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ url: receiver.url, eventTypes: ['complaint.assigned'] }),
    });
    expect(endpoint.status).toBe(201);

    // A complaint whose delivery the job starts sending; and a request whose body is half sent.
    const first = await fetch(`${portal.url}/api/v1/complaints`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${staffToken}`, 'Content-Type': 'application/json' },
      body: COMPLAINT(merchantId, 1),
    });
    expect(first.status).toBe(201);
    const inFlight = halfSent(portal, staffToken, COMPLAINT(merchantId, 2));
    await receiver.first;

    portal.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    // No new connection is taken any more...
    await expect(fetch(`${portal.url}/readyz`)).rejects.toThrow();
    // ...but the request in flight is answered, and told that the connection ends.
    inFlight.finish();
    const answer = await inFlight.answer;
    expect(answer.status).toBe(201);
    expect(answer.connection).toBe('close');
    const secondId = JSON.parse(answer.body).id as string;

    expect(await portal.exited).toBe(0);
    expect(receiver.answered).toHaveLength(1);
    expect(portal.output()).toContain('shutting down');
    expect(portal.output()).toContain('"msg":"stopped"');

    // What was acknowledged is there, and the delivery the job had begun is recorded as done.
    const rt = await openPlace(place);
    cleanups.push(() => rt.close());
    const complaints = await rt.db.selectFrom('complaints').select('id').execute();
    expect(complaints.map((c) => c.id)).toContain(secondId);
    const deliveries = await rt.db.selectFrom('webhook_deliveries').select(['status', 'attempts']).execute();
    expect(deliveries.some((d) => d.status === 'succeeded' && d.attempts === 1)).toBe(true);
  });
});
