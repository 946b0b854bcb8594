import { ConflictError, type Event, Redress } from '@redress/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Portal, startPortal } from './portal';

let portal: Portal;
let merchant: Redress;
let station: Redress;

beforeAll(async () => {
  portal = await startPortal();
  merchant = new Redress({ baseUrl: portal.url, ...portal.clients.merchantA });
  station = new Redress({ baseUrl: portal.url, ...portal.clients.station });
});
afterAll(() => portal.close());

describe('complaints', () => {
  it('lists, gets and reads the timeline', async () => {
    const c = await portal.intake();
    const page = await merchant.complaints.list({ status: ['assigned'], limit: 5 });
    expect(page.data.map((x) => x.id)).toContain(c.id);
    expect(page.data[0]?.consumer.phone).toMatch(/\*/);
    const one = await merchant.complaints.get(c.id);
    expect(one).toMatchObject({ id: c.id, reference: c.reference, status: 'assigned' });
    expect(one.consumer.phone).toBe('13812345678');
    const timeline = await merchant.complaints.events(c.id).toArray();
    expect(timeline.map((e) => e.type)).toEqual(['complaint.received', 'complaint.assigned']);
  });

  it('takes every merchant action, each answering the whole complaint', async () => {
    const a = await portal.intake();
    expect((await merchant.complaints.acknowledge(a.id)).status).toBe('acknowledged');
    expect((await merchant.complaints.message(a.id, { body: '您好，已收到，正在核实。' })).status).toBe(
      'acknowledged',
    );
    const paused = await merchant.complaints.requestInfo(a.id, { body: '请提供购买发票。' });
    expect(paused).toMatchObject({ status: 'awaiting_consumer', sla: { state: 'paused' } });
    expect((await merchant.complaints.recordConsumerReply(a.id, { body: '发票已邮寄。' })).status).toBe(
      'acknowledged',
    );
    const proposed = await merchant.complaints.propose(a.id, {
      outcome: 'refund',
      amountFen: 12_800,
      terms: '退还安装费',
    });
    expect(proposed.status).toBe('proposed');
    const settled = await merchant.complaints.settle(a.id, {
      outcome: 'refund',
      amountFen: 12_800,
      consumerAccepted: true,
    });
    expect(settled).toMatchObject({
      status: 'settled',
      settlement: { amount: { amountFen: 12_800, currency: 'CNY' } },
    });

    const b = await portal.intake();
    expect((await merchant.complaints.decline(b.id, { reason: '已超过保修期' })).status).toBe('escalated');
    const refused = await merchant.complaints.acknowledge(b.id).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ConflictError);
  });

  it('answers the response and request id with .withResponse()', async () => {
    const c = await portal.intake();
    const { data, response, requestId } = await merchant.complaints.get(c.id).withResponse();
    expect(data.id).toBe(c.id);
    expect(response.status).toBe(200);
    expect(requestId).toBe(response.headers.get('x-request-id'));
    const page = await merchant.complaints.list({ limit: 1 }).withResponse();
    expect(page.data.data).toHaveLength(1);
  });
});

describe('settlements', () => {
  it('are logged by a station, listed and exported as CSV', async () => {
    const created = await station.settlements.create({
      stationId: portal.station.id,
      merchantName: '某商场专柜',
      outcome: 'refund',
      amountFen: 12_800,
      consumerAccepted: true,
      summary: '现场调解，退款128元',
    });
    expect(created).toMatchObject({ channel: 'station', amount: { amountFen: 12_800 } });
    const listed = await station.settlements.list({ channel: 'station' }).toArray();
    expect(listed.map((s) => s.id)).toContain(created.id);
    const csv = await station.settlements.exportCsv({ channel: 'station' });
    // Decoded text: the byte-order mark the file carries for spreadsheets is not part of it.
    expect(csv.charCodeAt(0)).not.toBe(0xfeff);
    expect(csv.split('\n').length).toBeGreaterThan(1);
    expect(csv).toContain(created.id);
  });
});

describe('the merchant, API clients and the low-level request', () => {
  it('reads the caller’s merchant with its policy', async () => {
    const m = await merchant.merchant.get();
    expect(m).toMatchObject({ id: portal.merchantA.id, policy: { code: 'standard' } });
  });

  it('lists, creates and revokes API clients', async () => {
    const created = await merchant.apiClients.create({ name: 'ERP' });
    expect(created.secret).toMatch(/^rsk_/);
    expect((await merchant.apiClients.list().toArray()).map((c) => c.id)).toContain(created.id);
    await merchant.apiClients.delete(created.id);
    expect((await merchant.apiClients.list().toArray()).map((c) => c.id)).not.toContain(created.id);
  });

  it('sends any call through request() with the same auth and errors', async () => {
    const tags = await merchant.request<{ data: { code: string }[] }>('GET', '/api/v1/tags');
    expect(tags.data.map((t) => t.code)).toContain('live_streaming');
    const deadline = await merchant.request<{ dueAt: string; calendarGap: boolean }>(
      'GET',
      '/api/v1/calendars/deadline',
      { query: { from: '2026-09-30T10:00:00+08:00', amount: 2, unit: 'working_days' } },
    );
    // National Day (1–7 October) is not counted.
    expect(deadline).toMatchObject({
      dueAt: expect.stringMatching(/^2026-10-(09|1\d)T/),
      calendarGap: false,
      calendarProvisional: false,
    });
  });
});

describe('events', () => {
  it('lists the feed after a cursor, filtered by type', async () => {
    const c = await portal.intake();
    const all = await merchant.events.list().toArray();
    expect(all.some((e) => e.data.object.id === c.id)).toBe(true);
    const assigned = await merchant.events.list({ types: ['complaint.assigned'] }).toArray();
    expect(new Set(assigned.map((e) => e.type))).toEqual(new Set(['complaint.assigned']));
    const after = await merchant.events.list({ after: all.at(-2)!.id });
    expect(after.data.map((e) => e.id)).toEqual([all.at(-1)!.id]);
  });

  it('polls from a cursor, waits for news, and stops when told', async () => {
    const first = await portal.intake();
    const start = (await merchant.events.list().toArray()).at(-1)!.id;
    const stop = new AbortController();
    const seen: Event[] = [];
    const polling = (async () => {
      for await (const event of merchant.events.poll({ after: start, signal: stop.signal, intervalMs: 20 })) {
        seen.push(event);
        if (seen.length === 3) stop.abort();
      }
    })();
    const second = await portal.intake();
    await merchant.complaints.acknowledge(second.id);
    await polling;
    expect(seen.map((e) => e.type)).toEqual([
      'complaint.received',
      'complaint.assigned',
      'complaint.acknowledged',
    ]);
    expect(seen.every((e) => e.data.object.id === second.id && e.data.object.id !== first.id)).toBe(true);
  });
});

describe('webhook endpoints', () => {
  it('are created, read, changed, rotated, listed with deliveries, retried and deleted', async () => {
    const endpoint = await merchant.webhookEndpoints.create({
      url: 'http://127.0.0.1:9/hooks',
      eventTypes: ['complaint.assigned'],
    });
    expect(endpoint.secret).toMatch(/^whsec_/);
    expect((await merchant.webhookEndpoints.get(endpoint.id)).secret).toBeUndefined();
    expect((await merchant.webhookEndpoints.update(endpoint.id, { description: 'CRM' })).description).toBe(
      'CRM',
    );
    const rotated = await merchant.webhookEndpoints.rotateSecret(endpoint.id);
    expect(rotated.secret).not.toBe(endpoint.secret);
    expect((await merchant.webhookEndpoints.list().toArray()).map((e) => e.id)).toContain(endpoint.id);
    await portal.intake();
    const deliveries = await merchant.webhookEndpoints.deliveries(endpoint.id).toArray();
    expect(deliveries.length).toBeGreaterThan(0);
    const retried = await merchant.webhookEndpoints.retryDelivery(deliveries[0]!.id);
    expect(retried.id).toBe(deliveries[0]!.id);
    await merchant.webhookEndpoints.delete(endpoint.id);
    expect((await merchant.webhookEndpoints.list().toArray()).map((e) => e.id)).not.toContain(endpoint.id);
  });
});
