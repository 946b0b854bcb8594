import { describe, expect, it } from 'vitest';
import { createApp } from '../src/app';
import type { Transact } from '../src/db/transact';
import {
  type Actor,
  advance,
  complaintIn,
  countRows,
  type TestWorld,
  testWorld,
  timelineOf,
} from './harness';

/** `Idempotency-Key` on POST: the same key and body act once and answer the same, per caller, for 24 h. */

const intakeBody = (w: TestWorld, subject = '网购手机屏幕有坏点') => ({
  channel: 'online',
  merchantId: w.merchantA.id,
  subject,
  description: '收货后发现屏幕有坏点，商家拒绝退换。',
  category: 'online_shopping',
  consumer: { name: '陈女士', phone: '13700001234' },
  claimFen: 199_900,
});

function post(w: TestWorld, actor: Actor, path: string, body: unknown, key: string) {
  return w.call(actor, 'POST', path, body, { 'Idempotency-Key': key });
}

/** The same request twice at once, straight through `app.request`. */
async function twoAtOnce(w: TestWorld, actor: Actor, path: string, body: unknown, key: string) {
  const send = () =>
    w.app.request(path, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${actor.token}`,
        'Content-Type': 'application/json',
        'Idempotency-Key': key,
      },
      body: JSON.stringify(body),
    });
  const answers = await Promise.all([send(), send()]);
  return Promise.all(
    answers.map(async (r) => ({
      status: r.status,
      text: await r.text(),
      replayed: r.headers.get('Idempotent-Replayed'),
    })),
  );
}

describe('a repeated POST with the same key', () => {
  it('takes a complaint in once and answers the same status and body', async () => {
    const w = await testWorld();
    const before = await countRows(w, 'complaints');
    const first = await post(w, w.actors.staff, '/api/v1/complaints', intakeBody(w), 'intake-1');
    const again = await post(w, w.actors.staff, '/api/v1/complaints', intakeBody(w), 'intake-1');
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(first.headers.get('Idempotent-Replayed')).toBeNull();
    expect(again.headers.get('Idempotent-Replayed')).toBe('true');
    expect(again.headers.get('Content-Type')).toMatch(/^application\/json/);
    expect(await countRows(w, 'complaints')).toBe(before + 1);
    // Without a key, the same body is a second complaint: the key is what deduplicates.
    const keyless = await w.call(w.actors.staff, 'POST', '/api/v1/complaints', intakeBody(w));
    expect(keyless.status).toBe(201);
    expect(keyless.body.id).not.toBe(first.body.id);
    expect(await countRows(w, 'complaints')).toBe(before + 2);
  });

  it('sends one message, writing one event', async () => {
    const w = await testWorld();
    const c = await complaintIn(w, 'acknowledged');
    const path = `/api/v1/complaints/${c.id}/messages`;
    const events = (await timelineOf(w, c.id)).length;
    const body = { body: '我们将在48小时内安排上门检测。' };
    const first = await post(w, w.actors.merchantA, path, body, 'msg-1');
    const again = await post(w, w.actors.merchantA, path, body, 'msg-1');
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('Idempotent-Replayed')).toBe('true');
    const timeline = await timelineOf(w, c.id);
    expect(timeline).toHaveLength(events + 1);
    expect(timeline.at(-1).type).toBe('complaint.message_sent');
    // The consumer was notified once, too.
    const notes = await w.runtime.db
      .selectFrom('notifications')
      .select('id')
      .where('complaint_id', '=', c.id)
      .execute();
    expect(notes).toHaveLength(1);
  });

  it('records the answer in the action’s own transaction: one commit for the key and the message', async () => {
    const w = await testWorld();
    const c = await complaintIn(w, 'acknowledged');
    let commits = 0;
    const transact: Transact = (fn) => {
      commits++;
      return w.runtime.transact(fn);
    };
    const app = createApp({ ...w.runtime, transact });
    const send = () =>
      app.request(`/api/v1/complaints/${c.id}/messages`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${w.actors.merchantA.token}`,
          'Content-Type': 'application/json',
          'Idempotency-Key': 'one-commit',
        },
        body: JSON.stringify({ body: '我们将在48小时内安排上门检测。' }),
      });
    const first = await send();
    expect(first.status).toBe(200);
    expect(commits).toBe(1);
    const stored = await w.runtime.db
      .selectFrom('idempotency_keys')
      .select(['status', 'body'])
      .where('key', '=', 'one-commit')
      .executeTakeFirstOrThrow();
    expect(stored.status).toBe(200);
    // The JSON answer is kept as JSON inside the record (not encoded a second time as a string).
    const text = await first.text();
    expect(JSON.parse(stored.body!).json).toEqual(JSON.parse(text));
    // The repeat reads the stored answer and writes nothing: the same bytes, marked replayed.
    const again = await send();
    expect(again.headers.get('Idempotent-Replayed')).toBe('true');
    expect(again.headers.get('Content-Type')).toBe(first.headers.get('Content-Type'));
    expect(await again.text()).toBe(text);
    expect(commits).toBe(1);
  });

  it('acts once when two arrive at the same time, and both answer the same', async () => {
    const w = await testWorld();
    const before = await countRows(w, 'complaints');
    const [a, b] = await twoAtOnce(w, w.actors.staff, '/api/v1/complaints', intakeBody(w), 'race-1');
    expect(a!.status).toBe(201);
    expect(b!.status).toBe(201);
    expect(JSON.parse(b!.text)).toEqual(JSON.parse(a!.text));
    expect([a!.replayed, b!.replayed].sort()).toEqual(['true', null].sort());
    expect(await countRows(w, 'complaints')).toBe(before + 1);

    const c = await complaintIn(w, 'acknowledged');
    const events = (await timelineOf(w, c.id)).length;
    const [m, n] = await twoAtOnce(
      w,
      w.actors.merchantA,
      `/api/v1/complaints/${c.id}/messages`,
      { body: '您好' },
      'race-2',
    );
    expect(m!.status).toBe(200);
    expect(n!.text).toBe(m!.text);
    expect((await timelineOf(w, c.id)).length).toBe(events + 1);
  });

  it('is refused (422) with another body, and acts no more', async () => {
    const w = await testWorld();
    const first = await post(w, w.actors.staff, '/api/v1/complaints', intakeBody(w), 'k');
    expect(first.status).toBe(201);
    const count = await countRows(w, 'complaints');
    const other = await post(w, w.actors.staff, '/api/v1/complaints', intakeBody(w, '另一件投诉'), 'k');
    expect(other.status).toBe(422);
    expect(other.headers.get('Content-Type')).toMatch(/^application\/problem\+json/);
    expect(other.body.errors.map((e: any) => e.path)).toEqual(['Idempotency-Key']);
    expect(await countRows(w, 'complaints')).toBe(count);
    // The same key on another path is another request too.
    const c = await complaintIn(w, 'acknowledged');
    const elsewhere = await post(
      w,
      w.actors.staff,
      `/api/v1/complaints/${c.id}/messages`,
      { body: 'x' },
      'k',
    );
    expect(elsewhere.status).toBe(422);
    // …and the first answer is still what the original request gets.
    const replay = await post(w, w.actors.staff, '/api/v1/complaints', intakeBody(w), 'k');
    expect(replay.body).toEqual(first.body);
  });

  it('from another caller acts independently', async () => {
    const w = await testWorld();
    const otherStaff = await w.client('commission');
    const before = await countRows(w, 'complaints');
    const mine = await post(w, w.actors.staff, '/api/v1/complaints', intakeBody(w), 'shared');
    const theirs = await post(w, otherStaff, '/api/v1/complaints', intakeBody(w), 'shared');
    expect(mine.status).toBe(201);
    expect(theirs.status).toBe(201);
    expect(theirs.headers.get('Idempotent-Replayed')).toBeNull();
    expect(theirs.body.id).not.toBe(mine.body.id);
    expect(await countRows(w, 'complaints')).toBe(before + 2);

    const c = await complaintIn(w, 'acknowledged');
    const events = (await timelineOf(w, c.id)).length;
    const path = `/api/v1/complaints/${c.id}/messages`;
    expect((await post(w, w.actors.merchantA, path, { body: '同一键' }, 'msg')).status).toBe(200);
    expect((await post(w, w.actors.staff, path, { body: '同一键' }, 'msg')).status).toBe(200);
    expect((await timelineOf(w, c.id)).length).toBe(events + 2);
  });

  it('that failed validation (422) answers the same 422 again, and writes nothing', async () => {
    const w = await testWorld();
    const before = await countRows(w, 'complaints');
    const bad = { ...intakeBody(w), category: 'no_such_category' };
    const first = await post(w, w.actors.staff, '/api/v1/complaints', bad, 'bad-1');
    const again = await post(w, w.actors.staff, '/api/v1/complaints', bad, 'bad-1');
    expect(first.status).toBe(422);
    expect(first.body.errors.map((e: any) => e.path)).toEqual(['category']);
    expect(again.status).toBe(422);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('Content-Type')).toMatch(/^application\/problem\+json/);
    expect(await countRows(w, 'complaints')).toBe(before);
  });

  it('acts again once the key is older than 24 hours', async () => {
    const w = await testWorld();
    const first = await post(w, w.actors.staff, '/api/v1/complaints', intakeBody(w), 'daily');
    await advance(w, 23 * 3_600_000);
    const within = await post(w, w.actors.staff, '/api/v1/complaints', intakeBody(w), 'daily');
    expect(within.body.id).toBe(first.body.id);
    await advance(w, 2 * 3_600_000);
    const after = await post(w, w.actors.staff, '/api/v1/complaints', intakeBody(w), 'daily');
    expect(after.status).toBe(201);
    expect(after.headers.get('Idempotent-Replayed')).toBeNull();
    expect(after.body.id).not.toBe(first.body.id);
  });

  it('refuses a key longer than 255 characters (422) without acting', async () => {
    const w = await testWorld();
    const before = await countRows(w, 'complaints');
    const res = await post(w, w.actors.staff, '/api/v1/complaints', intakeBody(w), 'k'.repeat(256));
    expect(res.status).toBe(422);
    expect(await countRows(w, 'complaints')).toBe(before);
  });
});
