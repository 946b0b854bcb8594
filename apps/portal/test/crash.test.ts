import { Agent } from 'node:http';
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

/**
 * kill -9 under a load of keyed writes, on the test project's database: every acknowledged
 * write is there, and every key sent again gives either its stored answer or one fresh
 * execution, never "still running".
 */

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Answer {
  status: number;
  body: string;
  replayed: boolean;
}

const agent = new Agent({ keepAlive: true, maxSockets: 32 });

async function post(
  portal: PortalProcess,
  token: string,
  path: string,
  key: string,
  body: unknown,
): Promise<Answer> {
  const url = new URL(portal.url);
  const text = JSON.stringify(body);
  const res = await rawRequest(
    {
      agent,
      host: url.hostname,
      port: url.port,
      path,
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json',
        'Content-Length': String(Buffer.byteLength(text)),
        'Idempotency-Key': key,
      },
    },
    (req) => req.end(text),
  );
  return { status: res.status, body: res.body, replayed: res.headers['idempotent-replayed'] === 'true' };
}

/** One keyed write: an intake (staff) or a message on an acknowledged complaint (merchant). */
interface Write {
  key: string;
  path: string;
  body: unknown;
  as: 'staff' | 'merchant';
  /** The text that marks its effect in the database: a complaint's subject, a message's body. */
  mark: string;
}

describe('a crash under keyed writes', { timeout: 120_000 }, () => {
  it('keeps every acknowledged write and frees every key whose action did not commit', async () => {
    const place = await freshPlace();
    cleanups.push(() => place.drop());
    const { merchantId, merchant, staff } = await clientsIn(place);
    let portal = await startPortal(place, { REDRESS_WORKERS: 'false' });
    cleanups.push(() => portal.child.kill('SIGKILL'));
    const tokens = {
      staff: await tokenFrom(portal.url, staff),
      merchant: await tokenFrom(portal.url, merchant),
    };

    // serve is production unless told otherwise: a plain-http webhook is refused.
    const hook = await fetch(`${portal.url}/api/v1/webhook-endpoints`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${tokens.merchant}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ url: 'http://127.0.0.1:9/hooks', eventTypes: ['complaint.assigned'] }),
    });
    expect(hook.status).toBe(422);

    const intake = (mark: string) => ({
      channel: 'hotline',
      merchantId,
      subject: mark,
      description: '进程在负载中被 kill -9，投诉不能丢也不能重复。',
      category: 'appliance_repair',
      consumer: { name: '张先生', phone: '13812345678' },
    });
    const complaints: string[] = [];
    for (let i = 0; i < 4; i++) {
      const made = await post(portal, tokens.staff, '/api/v1/complaints', `setup-${i}`, intake(`setup ${i}`));
      const id = JSON.parse(made.body).id as string;
      await post(portal, tokens.merchant, `/api/v1/complaints/${id}/acknowledge`, `ack-${i}`, {});
      complaints.push(id);
    }

    const writes: Write[] = [];
    const acknowledged = new Map<string, Answer>();
    let stop = false;
    const worker = async (w: number) => {
      for (let n = 0; !stop; n++) {
        const i = writes.length;
        const write: Write =
          i % 2 === 0
            ? {
                key: `k-${i}`,
                path: '/api/v1/complaints',
                body: intake(`crash ${i}`),
                as: 'staff',
                mark: `crash ${i}`,
              }
            : {
                key: `k-${i}`,
                path: `/api/v1/complaints/${complaints[(w + n) % complaints.length]}/messages`,
                body: { body: `crash ${i}` },
                as: 'merchant',
                mark: `crash ${i}`,
              };
        writes.push(write);
        try {
          const answer = await post(portal, tokens[write.as], write.path, write.key, write.body);
          if (answer.status >= 200 && answer.status < 300) acknowledged.set(write.key, answer);
          else throw new Error(`${write.path}: ${answer.status} ${answer.body}`);
        } catch (err) {
          if (!stop) throw err;
          return; // the connection died with the process: not acknowledged
        }
      }
    };
    const load = Promise.all(Array.from({ length: 24 }, (_, w) => worker(w)));
    // Let the load run until enough writes were acknowledged, then kill the process mid-load.
    while (acknowledged.size < 150) await new Promise((r) => setTimeout(r, 10));
    stop = true;
    portal.child.kill('SIGKILL');
    await load;
    expect(await portal.exited).toBe('SIGKILL');
    agent.destroy();
    const inFlight = writes.filter((w) => !acknowledged.has(w.key));
    expect(inFlight.length).toBeGreaterThan(0);

    // Every acknowledged write is in the database.
    portal = await startPortal(place, { REDRESS_WORKERS: 'false' });
    cleanups.push(() => portal.child.kill('SIGKILL'));
    const marks = async () => {
      const rt = await openPlace(place);
      try {
        const subjects = await rt.db.selectFrom('complaints').select('subject').execute();
        const events = await rt.db
          .selectFrom('events')
          .select('data')
          .where('type', '=', 'complaint.message_sent')
          .execute();
        const count = new Map<string, number>();
        const add = (m: string) => count.set(m, (count.get(m) ?? 0) + 1);
        for (const s of subjects) add(s.subject);
        for (const e of events) add((JSON.parse(e.data) as { message: { body: string } }).message.body);
        return count;
      } finally {
        await rt.close();
      }
    };
    const before = await marks();
    for (const w of writes) if (acknowledged.has(w.key)) expect(before.get(w.mark), w.key).toBe(1);

    // Every key again, all at once: the stored answer, or (its action never committed) one fresh execution.
    const retried = await Promise.all(
      writes.map(async (w) => ({ w, answer: await post(portal, tokens[w.as], w.path, w.key, w.body) })),
    );
    let fresh = 0;
    for (const { w, answer } of retried) {
      expect(answer.status, `${w.key}: ${answer.body}`).toBeLessThan(300);
      const first = acknowledged.get(w.key);
      if (first) {
        expect(answer.replayed, w.key).toBe(true);
        expect(answer.status).toBe(first.status);
        expect(answer.body).toBe(first.body);
      } else if (!answer.replayed) {
        fresh++;
        expect(before.get(w.mark) ?? 0, `${w.key} acted again after committing`).toBe(0);
      } else {
        expect(before.get(w.mark), `${w.key} answered without its action`).toBe(1);
      }
    }
    const after = await marks();
    for (const w of writes) expect(after.get(w.mark), w.key).toBe(1);
    // The crash did catch writes in flight: some committed and were replayed, or were done afresh.
    expect(inFlight.length).toBeGreaterThanOrEqual(1);
    expect(fresh).toBeLessThanOrEqual(inFlight.length);

    portal.child.kill('SIGTERM');
    expect(await portal.exited).toBe(0);
  });
});
