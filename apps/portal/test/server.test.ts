import { afterEach, describe, expect, it } from 'vitest';
import { BODY_LIMIT_BYTES } from '../src/app';
import { type RunningServer, startServer } from '../src/server';
import { allCounts, complaintIn, type TestWorld, testWorld, timelineOf } from './harness';
import { rawRequest } from './process';

/**
 * The portal behind a real HTTP server (node:http through @hono/node-server), where request
 * bodies arrive as streams with or without a declared length and many writes come at once.
 */

const servers: RunningServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function served(w: TestWorld) {
  const server = await startServer(w.runtime, { port: 0, hostname: '127.0.0.1', jobs: false });
  servers.push(server);
  return server;
}

/** A POST sent as the test says: with Content-Length, or chunked (no declared length). */
async function post(
  server: RunningServer,
  path: string,
  token: string,
  chunks: string[],
  framing: 'length' | 'chunked',
): Promise<{ status: number; type: string; body: any }> {
  const length = chunks.reduce((n, c) => n + Buffer.byteLength(c), 0);
  const res = await rawRequest(
    {
      host: '127.0.0.1',
      port: server.port,
      path,
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json',
        ...(framing === 'length' ? { 'Content-Length': String(length) } : {}),
      },
    },
    (req) => {
      for (const c of chunks) req.write(c);
      req.end();
    },
    // The server may answer 413 and close before it has read everything: that is not an error here.
    { closedEarly: true },
  );
  return {
    status: res.status,
    type: String(res.headers['content-type']),
    body: res.body ? JSON.parse(res.body) : null,
  };
}

describe('the portal on a real HTTP server', () => {
  it('refuses a body over 1 MiB, declared or chunked, with 413 and writes nothing', async () => {
    const w = await testWorld();
    const server = await served(w);
    const c = await complaintIn(w, 'acknowledged');
    const before = await allCounts(w);
    const path = `/api/v1/complaints/${c.id}/messages`;
    const huge = JSON.stringify({ body: 'x'.repeat(BODY_LIMIT_BYTES) });
    const pieces = huge.match(/[\s\S]{1,65536}/g) ?? [];
    for (const framing of ['length', 'chunked'] as const) {
      const res = await post(server, path, w.actors.merchantA.token, pieces, framing);
      expect(res.status, framing).toBe(413);
      expect(res.type).toMatch(/^application\/problem\+json/);
      expect(res.body.detail).toMatch(/1048576 bytes/);
    }
    expect(await allCounts(w)).toEqual(before);

    // Just under the limit is read (and judged by the schema, which caps a message far lower).
    const under = JSON.stringify({ body: 'y'.repeat(BODY_LIMIT_BYTES - 100) });
    for (const framing of ['length', 'chunked'] as const) {
      const res = await post(server, path, w.actors.merchantA.token, [under], framing);
      expect(res.status, framing).toBe(422);
    }
    // And an ordinary message goes through both ways.
    for (const framing of ['length', 'chunked'] as const) {
      const res = await post(
        server,
        path,
        w.actors.merchantA.token,
        [JSON.stringify({ body: '您好' })],
        framing,
      );
      expect(res.status, framing).toBe(200);
    }
    expect((await timelineOf(w, c.id)).filter((e) => e.type === 'complaint.message_sent')).toHaveLength(2);
  });

  it('answers many writes at once, each acting once and in full', async () => {
    const w = await testWorld();
    const server = await served(w);
    const complaints: Awaited<ReturnType<typeof complaintIn>>[] = [];
    for (let i = 0; i < 6; i++) complaints.push(await complaintIn(w, 'acknowledged'));
    const sends = Array.from({ length: 60 }, (_, i) => {
      const c = complaints[i % complaints.length]!;
      return post(
        server,
        `/api/v1/complaints/${c.id}/messages`,
        w.actors.merchantA.token,
        [JSON.stringify({ body: `第${i}条消息` })],
        'length',
      );
    });
    const answers = await Promise.all(sends);
    expect(answers.map((a) => a.status)).toEqual(Array(60).fill(200));
    for (const [n, c] of complaints.entries()) {
      const messages = (await timelineOf(w, c.id))
        .filter((e) => e.type === 'complaint.message_sent')
        .map((e) => e.data.message.body)
        .sort();
      const expected = Array.from({ length: 10 }, (_, k) => `第${k * 6 + n}条消息`).sort();
      expect(messages).toEqual(expected);
    }
    // Each answer is the complaint as its own message left it: versions are all different.
    const versions = answers.map((a) => `${a.body.id}@${a.body.version}`);
    expect(new Set(versions).size).toBe(60);
  });

  it('lets one of two conflicting actions at once win; the other is told what is allowed now', async () => {
    const w = await testWorld();
    const server = await served(w);
    for (let round = 0; round < 5; round++) {
      const c = await complaintIn(w, 'acknowledged');
      const send = (action: string, body: unknown) =>
        post(
          server,
          `/api/v1/complaints/${c.id}/${action}`,
          w.actors.merchantA.token,
          [JSON.stringify(body)],
          'length',
        );
      // Each excludes the other, in either order: settled allows no information request, and a
      // complaint awaiting the consumer cannot be settled until the consumer answers.
      const [settled, asked] = await Promise.all([
        send('settlement', { outcome: 'refund', amountFen: 100, consumerAccepted: true }),
        send('info-requests', { body: '请提供购买凭证' }),
      ]);
      expect([settled.status, asked.status].sort()).toEqual([200, 409]);
      const [winner, loser] = settled.status === 200 ? [settled, asked] : [asked, settled];
      expect(loser.type).toMatch(/^application\/problem\+json/);
      expect(Array.isArray(loser.body.allowed)).toBe(true);
      expect(winner.body.status).toBe(winner === settled ? 'settled' : 'awaiting_consumer');
      const timeline = await timelineOf(w, c.id);
      const moves = timeline.filter(
        (e) => e.type === 'complaint.settled' || e.type === 'complaint.info_requested',
      );
      expect(moves).toHaveLength(1);
    }
  });

  it('answers a request still arriving when it is told to stop, and stops after it', async () => {
    const w = await testWorld();
    const server = await served(w);
    const c = await complaintIn(w, 'acknowledged');
    const body = JSON.stringify({ body: '稍后回复' });
    const answered = rawRequest(
      {
        host: '127.0.0.1',
        port: server.port,
        path: `/api/v1/complaints/${c.id}/messages`,
        method: 'POST',
        headers: {
          Authorization: `Bearer ${w.actors.merchantA.token}`,
          'Content-Type': 'application/json',
          'Content-Length': String(Buffer.byteLength(body)),
        },
      },
      (req) => {
        // Half the body now: the server has the request and is waiting for the rest.
        req.write(body.slice(0, 5));
        setTimeout(() => {
          closing = server.close();
          servers.splice(servers.indexOf(server), 1);
          setTimeout(() => req.end(body.slice(5)), 50);
        }, 100);
      },
    ).then((res) => res.status);
    let closing: Promise<void> | undefined;
    expect(await answered).toBe(200);
    await closing;
    expect((await timelineOf(w, c.id)).at(-1)?.type).toBe('complaint.message_sent');
  });
});
