import { describe, expect, it } from 'vitest';
import { complaintAsStaff, consumerTokenOf, testWorld, timelineOf } from '../../test/harness';
import { seedDemo } from './demo';

describe('the demo world shows the consumer’s side', () => {
  it('a proposal waiting in its window, a silent consumer escalated, ratings, replies recorded by phone', async () => {
    const w = await testWorld();
    await seedDemo(w.runtime, { complaints: 60 });
    const now = w.clock.now();
    const rows = await w.runtime.db
      .selectFrom('complaints')
      .select(['id', 'status', 'escalation_cause'])
      .execute();
    expect(rows).toHaveLength(60);

    const waiting = [];
    for (const r of rows.filter((r) => r.status === 'proposed')) {
      const c = await complaintAsStaff(w, r.id);
      if (c.sla?.answerDueAt && Date.parse(c.sla.answerDueAt) > now) waiting.push(c);
    }
    expect(waiting.length).toBeGreaterThan(0);
    // Its consumer's page shows the answer deadline.
    const page = await (await w.app.request(`/c/${await consumerTokenOf(w, waiting[0].id)}`)).text();
    expect(page).toContain('请在 ');

    expect(rows.some((r) => r.status === 'escalated' && r.escalation_cause === 'consumer_no_answer')).toBe(
      true,
    );

    const rated = await w.runtime.db.selectFrom('satisfaction').select(['complaint_id', 'rating']).execute();
    expect(rated.length).toBeGreaterThan(1);
    const ended = new Set(
      rows.filter((r) => ['settled', 'closed', 'referred', 'withdrawn'].includes(r.status)).map((r) => r.id),
    );
    for (const r of rated) expect(ended.has(r.complaint_id), 'rated only once ended').toBe(true);

    // Replies recorded by phone, by the merchant and by staff.
    const replies = await w.runtime.db
      .selectFrom('events')
      .select(['complaint_id', 'actor_role'])
      .where('type', '=', 'complaint.consumer_replied')
      .execute();
    const roles = new Set(replies.map((r) => r.actor_role));
    expect(roles.has('merchant_agent')).toBe(true);
    expect(roles.has('commission_staff')).toBe(true);
    const recorded = replies.find((r) => r.actor_role === 'merchant_agent')!;
    expect(
      (await timelineOf(w, recorded.complaint_id!)).some((e) => e.type === 'complaint.consumer_replied'),
    ).toBe(true);
  });
});
