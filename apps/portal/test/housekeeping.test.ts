import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { signConsumerLink } from '../src/auth/tokens';
import { testConfig } from '../src/config';
import { openRuntime } from '../src/deps';
import { HOUSEKEEPING_EVERY_MS, housekeep, runHousekeeping } from '../src/housekeeping/job';
import { ManualClock } from '../src/http/clock';
import { silentLogger } from '../src/logger';
import { deliverDue } from '../src/webhooks/job';
import { complaintAsStaff, complaintIn, MONDAY_10AM, TEST_DB, testWorld, timelineOf } from './harness';
import { startReceiver } from './webhooks-receiver';

const DAY = 86_400_000;

async function count(w: Awaited<ReturnType<typeof testWorld>>, table: any): Promise<number> {
  const row = await w.runtime.db
    .selectFrom(table)
    .select((eb: any) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number((row as { n: unknown }).n);
}

describe('housekeeping', () => {
  it('deletes expired keys and sessions, old webhook logs and the SLA notices of ended complaints, nothing else', async () => {
    const w = await testWorld();
    const receiver = await startReceiver(() => ({ status: 204 }));
    try {
      await w.call(w.actors.merchantA, 'POST', '/api/v1/webhook-endpoints', {
        url: receiver.url,
        eventTypes: ['complaint.assigned'],
      });
      const keyed = await w.call(
        w.actors.staff,
        'POST',
        '/api/v1/complaints',
        {
          channel: 'hotline',
          merchantId: w.merchantA.id,
          subject: '退款迟迟不到账',
          description: '七天无理由退货后一个月未退款。',
          category: 'appliance_repair',
          consumer: { name: '李女士', phone: '13900001111' },
        },
        { 'Idempotency-Key': 'hk-1' },
      );
      expect(keyed.status).toBe(201);
      await deliverDue(w.runtime);
      const open = await complaintIn(w, 'acknowledged');
      const ended = await complaintIn(w, 'withdrawn');
      for (const c of [open, ended]) {
        await w.runtime.db
          .insertInto('sla_notices')
          .values({
            complaint_id: c.id,
            stage: 'acknowledge',
            kind: 'due_soon',
            due_at: MONDAY_10AM,
            created_at: MONDAY_10AM,
          })
          .execute();
      }
      // Notice mails in every state, as the notices job leaves them.
      for (const status of ['sent', 'dropped', 'failed', 'pending'] as const) {
        await w.runtime.db
          .insertInto('notice_mails')
          .values({
            id: `nml_${status}`,
            user_id: w.actors.merchantA.id,
            event_id: null,
            digest_id: null,
            status,
            attempts: 1,
            next_attempt_at: status === 'pending' ? MONDAY_10AM : null,
            lease_until: null,
            lease_owner: null,
            last_error: null,
            transport: null,
            created_at: w.clock.now(),
            sent_at: status === 'sent' ? w.clock.now() : null,
          })
          .execute();
      }
      const before = {
        keys: await count(w, 'idempotency_keys'),
        sessions: await count(w, 'sessions'),
        attempts: await count(w, 'webhook_attempts'),
        deliveries: await count(w, 'webhook_deliveries'),
      };
      expect(before.keys).toBe(1);
      expect(before.attempts).toBeGreaterThanOrEqual(1);

      // Now: only the ended complaint's notices go; everything else is still in use.
      let result = await housekeep(w.runtime);
      expect(result).toMatchObject({
        idempotencyKeys: 0,
        sessions: 0,
        webhookAttempts: 0,
        webhookDeliveries: 0,
        noticeMails: 0,
      });
      expect(result.slaNotices).toBe(1);
      const notices = await w.runtime.db.selectFrom('sla_notices').select('complaint_id').execute();
      expect(notices.map((n) => n.complaint_id)).toEqual([open.id]);

      // A day later the key is past its 24 hours, the sessions (8 hours) have expired.
      w.clock.advance(DAY + 1);
      result = await housekeep(w.runtime);
      expect(result.idempotencyKeys).toBe(1);
      expect(result.sessions).toBe(before.sessions);
      expect(result.webhookAttempts + result.webhookDeliveries).toBe(0);
      expect(await count(w, 'idempotency_keys')).toBe(0);
      expect(await count(w, 'sessions')).toBe(0);

      // Past the webhook log retention (30 days): the attempts and the delivered deliveries.
      const pending = await w.runtime.db
        .selectFrom('webhook_deliveries')
        .select('id')
        .where('status', '=', 'pending')
        .execute();
      w.clock.advance(30 * DAY);
      result = await housekeep(w.runtime);
      expect(result.webhookAttempts).toBe(before.attempts);
      expect(await count(w, 'webhook_attempts')).toBe(0);
      const left = await w.runtime.db.selectFrom('webhook_deliveries').select(['id', 'status']).execute();
      expect(left.every((d) => d.status !== 'succeeded')).toBe(true);
      expect(left.map((d) => d.id).sort()).toEqual(pending.map((d) => d.id).sort());
      // The notice mails that are done with go; a pending one is the outbox and stays.
      expect(result.noticeMails).toBe(3);
      const mails = await w.runtime.db.selectFrom('notice_mails').select(['id', 'status']).execute();
      expect(mails.map((m) => m.id)).toContain('nml_pending');
      expect(mails.every((m) => m.status === 'pending')).toBe(true);
      // The complaints and their events are untouched.
      const kept = await w.runtime.db
        .selectFrom('complaints')
        .select('consumer_name')
        .where('id', '=', keyed.body.id)
        .executeTakeFirstOrThrow();
      expect(kept.consumer_name).toBe('李女士');
    } finally {
      await receiver.close();
    }
  });

  it('is run by one worker at a time: the lease goes to one of two racing, and again after the hour', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'redress-hk-'));
    const clock = new ManualClock(MONDAY_10AM);
    const w = TEST_DB === 'postgres' ? await testWorld() : null;
    const url = w ? w.runtime.config.databaseUrl : `sqlite:${join(dir, 'r.db')}`;
    const a = await openRuntime(testConfig({ databaseUrl: url }), { clock, log: silentLogger });
    const b = await openRuntime(testConfig({ databaseUrl: url }), { clock, log: silentLogger });
    try {
      const first = await Promise.all([runHousekeeping(a, 'worker-a'), runHousekeeping(b, 'worker-b')]);
      expect(first.filter((r) => r !== null)).toHaveLength(1);
      // Within the hour nobody runs it again, not even the holder.
      clock.advance(HOUSEKEEPING_EVERY_MS - 1);
      expect(await Promise.all([runHousekeeping(a, 'worker-a'), runHousekeeping(b, 'worker-b')])).toEqual([
        null,
        null,
      ]);
      clock.advance(1);
      const again = await Promise.all([runHousekeeping(b, 'worker-b'), runHousekeeping(a, 'worker-a')]);
      expect(again.filter((r) => r !== null)).toHaveLength(1);
    } finally {
      await a.close();
      await b.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('personal data retention (PIPL)', () => {
  it('erases exactly the personal fields of an ended complaint three years on, audited, and nothing else', async () => {
    const w = await testWorld();
    const name = '王小明';
    const phone = '13712345678';
    const description = '联系我：上海市浦东新区张杨路1号，电话13712345678';
    const reply = '发票已上传，地址是张杨路1号';
    const ended = await complaintIn(w, 'awaiting_consumer', {
      intake: { consumer: { name, phone }, description },
    });
    expect(
      (
        await w.call(w.actors.staff, 'POST', `/api/v1/complaints/${ended.id}/consumer-replies`, {
          body: reply,
        })
      ).status,
    ).toBe(200);
    // Internal notes, where the consumer's details are written too: the merchant's and staff's.
    const note = '王小明说送货地址是张杨路1号';
    for (const side of [w.actors.merchantA, w.actors.staff]) {
      const added = await w.call(side, 'POST', `/api/v1/complaints/${ended.id}/notes`, { body: note });
      expect(added.status, JSON.stringify(added.body)).toBe(201);
    }
    const token = await signConsumerLink(w.runtime.keys, w.clock, ended.id, 3600);
    expect(
      (await w.call(w.actors.staff, 'POST', `/api/v1/complaints/${ended.id}/withdraw`, { reason: '已解决' }))
        .status,
    ).toBe(200);
    const rated = await w.call(null, 'POST', `/api/v1/consumer/${token}/rating`, {
      rating: 4,
      comment: '王小明很满意',
    });
    expect(rated.status).toBe(200);
    const open = await complaintIn(w, 'acknowledged', { intake: { consumer: { name, phone }, description } });

    const complaintBefore = await complaintAsStaff(w, ended.id);
    const timelineBefore = await timelineOf(w, ended.id);
    const notificationsBefore = await w.runtime.db
      .selectFrom('notifications')
      .selectAll()
      .where('complaint_id', '=', ended.id)
      .execute();
    expect(notificationsBefore.length).toBeGreaterThan(0);
    const lastChange = w.clock.now();

    // A day short of three years: nothing is erased.
    await w.travel(lastChange + 1095 * DAY - DAY);
    expect((await housekeep(w.runtime)).erased).toBe(0);
    expect((await complaintAsStaff(w, ended.id)).consumer.name).toBe(name);

    await w.travel(lastChange + 1095 * DAY + 1);
    expect((await housekeep(w.runtime)).erased).toBe(1);
    expect((await housekeep(w.runtime)).erased).toBe(0); // once

    // The complaint: the three personal fields, and nothing else (the version moves).
    const after = await complaintAsStaff(w, ended.id);
    const { sla: _s1, version: v1, ...restBefore } = complaintBefore;
    const { sla: _s2, version: v2, ...restAfter } = after;
    expect(v2).toBe(v1 + 1);
    expect(restAfter).toEqual({
      ...restBefore,
      consumer: { ...complaintBefore.consumer, name: '', phone: null },
      description: '',
    });
    // The events: the same, with each object's personal fields and the consumer's words erased.
    const timelineAfter = await timelineOf(w, ended.id);
    expect(timelineAfter).toEqual(
      timelineBefore.map((e: any) => {
        const data = { ...e.data };
        if (data.object) {
          data.object = {
            ...data.object,
            consumer: { ...data.object.consumer, name: '', phone: null },
            description: '',
          };
        }
        if (e.type === 'complaint.consumer_replied') data.reply = { ...data.reply, body: '' };
        if (e.type === 'complaint.proposal_answered') data.comment = null;
        if (e.type === 'complaint.note_added') data.note = { ...data.note, body: '' };
        return { ...e, data };
      }),
    );
    // Notifications: recipient, text and link; the rows (and their count) stay.
    const notificationsAfter = await w.runtime.db
      .selectFrom('notifications')
      .selectAll()
      .where('complaint_id', '=', ended.id)
      .execute();
    expect(notificationsAfter).toEqual(
      notificationsBefore.map((n) => ({ ...n, recipient: '', body: '', link: null })),
    );
    const rating = await w.runtime.db
      .selectFrom('satisfaction')
      .selectAll()
      .where('complaint_id', '=', ended.id)
      .executeTakeFirstOrThrow();
    expect(rating).toMatchObject({ rating: 4, comment: null });
    // Nowhere in the erased complaint's rows is there a trace; the open complaint keeps all.
    const dump = JSON.stringify([
      await w.runtime.db.selectFrom('complaints').selectAll().where('id', '=', ended.id).execute(),
      await w.runtime.db.selectFrom('events').selectAll().where('complaint_id', '=', ended.id).execute(),
      notificationsAfter,
      await w.runtime.db
        .selectFrom('complaint_notes')
        .selectAll()
        .where('complaint_id', '=', ended.id)
        .execute(),
    ]);
    for (const secret of [name, phone, '张杨路1号', phone.slice(-4)]) expect(dump).not.toContain(secret);
    // The notes stay, as notes, without their text.
    const notes = await w.runtime.db
      .selectFrom('complaint_notes')
      .select(['side', 'body'])
      .where('complaint_id', '=', ended.id)
      .orderBy('side')
      .execute();
    expect(notes).toEqual([
      { side: 'merchant', body: '' },
      { side: 'staff', body: '' },
    ]);
    const kept = await complaintAsStaff(w, open.id);
    expect(kept.consumer).toMatchObject({ name, phone });
    expect(kept.description).toBe(description);
    // Audited, once.
    const audit = await w.runtime.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'personal_data.erased')
      .execute();
    expect(audit).toEqual([
      expect.objectContaining({ actor_kind: 'system', complaint_id: ended.id, created_at: w.clock.now() }),
    ]);
  });
});
