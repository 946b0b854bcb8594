import { describe, expect, it } from 'vitest';
import { advance, complaintIn, type TestWorld, testWorld } from './harness';

/**
 * The list answers from cached JSON for complaints that have not changed (complaints/list-cache.ts).
 * What a merchant sees must never lag behind: an action, the clock and a reassignment all show
 * at once, and a cached item is the same object the complaint itself answers.
 */

const inbox = async (w: TestWorld, actor = w.actors.merchantA, query = 'limit=50') => {
  const res = await w.call(actor, 'GET', `/api/v1/complaints?${query}`);
  expect(res.status).toBe(200);
  return res.body as { data: any[]; nextCursor: string | null };
};

describe('the complaint list, answered partly from cache', () => {
  it('shows each action at once, and the same object the complaint answers (phone masked)', async () => {
    const w = await testWorld();
    const c = await complaintIn(w, 'assigned');
    await inbox(w);
    await inbox(w); // now from the cache
    expect(w.runtime.listCache.size).toBeGreaterThan(0);
    const ack = await w.call(w.actors.merchantA, 'POST', `/api/v1/complaints/${c.id}/acknowledge`);
    expect(ack.status).toBe(200);
    const [listed] = (await inbox(w)).data;
    expect(listed.status).toBe('acknowledged');
    expect(listed.version).toBe(ack.body.version);
    const single = await w.call(w.actors.merchantA, 'GET', `/api/v1/complaints/${c.id}`);
    expect(listed).toEqual({
      ...single.body,
      consumer: { ...single.body.consumer, phone: listed.consumer.phone },
    });
    expect(listed.consumer.phone).toMatch(/^\d{3}\*{4}\d{4}$/);
    // Cached or not, the answer is the same text.
    const again = await w.app.request('/api/v1/complaints?limit=50', {
      headers: { Authorization: `Bearer ${w.actors.merchantA.token}` },
    });
    expect(again.headers.get('Content-Type')).toMatch(/^application\/json/);
    expect((await again.json()).data[0]).toEqual(listed);
  });

  it('shows a renamed merchant’s new name on unchanged, cached complaints', async () => {
    const w = await testWorld();
    const c = await complaintIn(w, 'assigned');
    await inbox(w);
    expect((await inbox(w)).data.find((x) => x.id === c.id).business.name).toBe(w.merchantA.name);
    const renamed = await w.call(w.admin, 'PATCH', `/api/v1/merchants/${w.merchantA.id}`, {
      name: '甲电器（上海）有限公司',
    });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    const after = (await inbox(w)).data.find((x) => x.id === c.id);
    expect(after.version).toBe(c.version);
    expect(after.business.name).toBe('甲电器（上海）有限公司');
    // The count the cache checks is in the database, where another process would read it too.
    const row = await w.runtime.db
      .selectFrom('sequences')
      .select('value')
      .where('name', '=', 'merchant-names')
      .executeTakeFirstOrThrow();
    expect(Number(row.value)).toBe(1);
    // A change of policy alone renames nothing: the count stays, and the cache with it.
    await w.call(w.admin, 'PATCH', `/api/v1/merchants/${w.merchantA.id}`, { slaPolicy: 'standard' });
    const kept = await w.runtime.db
      .selectFrom('sequences')
      .select('value')
      .where('name', '=', 'merchant-names')
      .executeTakeFirstOrThrow();
    expect(Number(kept.value)).toBe(1);
  });

  it('moves the SLA state and stage results of an unchanged, cached complaint with the clock', async () => {
    const w = await testWorld();
    const c = await complaintIn(w, 'assigned');
    const before = (await inbox(w)).data.find((x) => x.id === c.id);
    expect(before.sla.state).toBe('on_track');
    // Past the acknowledge deadline (2 working days) without any action: the row is unchanged.
    await advance(w, 5 * 24 * 3600_000);
    const after = (await inbox(w)).data.find((x) => x.id === c.id);
    expect(after.version).toBe(before.version);
    const single = await w.call(w.actors.merchantA, 'GET', `/api/v1/complaints/${c.id}`);
    expect(after.sla.state).toBe(single.body.sla.state);
    expect(after.sla.state).toBe('overdue');
    // The stage results move too, and the whole SLA object is the complaint's own.
    expect(before.sla.stages.acknowledge.result).toBe('pending');
    expect(after.sla.stages.acknowledge.result).toBe('missed');
    expect(after.sla).toEqual(single.body.sla);
    expect({ ...after, sla: null }).toEqual({ ...before, sla: null });
  });

  it('drops a complaint from the old merchant and shows it to the new one when it is reassigned', async () => {
    const w = await testWorld();
    const c = await complaintIn(w, 'assigned');
    expect((await inbox(w)).data.map((x) => x.id)).toContain(c.id);
    const moved = await w.call(w.actors.staff, 'POST', `/api/v1/complaints/${c.id}/assign`, {
      merchantId: w.merchantB.id,
    });
    expect(moved.status).toBe(200);
    expect((await inbox(w)).data.map((x) => x.id)).not.toContain(c.id);
    const theirs = (await inbox(w, w.actors.merchantB)).data.find((x) => x.id === c.id);
    expect(theirs.merchantId).toBe(w.merchantB.id);
    expect(theirs.version).toBe(moved.body.version);
  });

  it('pages and filters exactly as before: every page from cache equals the page read whole', async () => {
    const w = await testWorld();
    for (let i = 0; i < 7; i++) await complaintIn(w, i % 2 ? 'acknowledged' : 'assigned');
    const walk = async () => {
      const seen: any[] = [];
      let cursor: string | null = null;
      do {
        const page: { data: any[]; nextCursor: string | null } = await inbox(
          w,
          w.actors.merchantA,
          `limit=3&status=assigned&status=acknowledged${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        seen.push(...page.data);
        cursor = page.nextCursor;
      } while (cursor);
      return seen;
    };
    const cold = await walk();
    const warm = await walk();
    expect(cold).toHaveLength(7);
    expect(warm).toEqual(cold);
  });
});
