import { describe, expect, it } from 'vitest';
import { advance, complaintIn, testWorld } from './harness';

/** The SMS a consumer gets when the merchant writes, asks or proposes, and the link in it. */

async function linksOf(w: Awaited<ReturnType<typeof testWorld>>, complaintId: string) {
  const rows = await w.runtime.db
    .selectFrom('notifications')
    .select(['link', 'body'])
    .where('complaint_id', '=', complaintId)
    .orderBy('id')
    .execute();
  return rows.map((r) => {
    expect(r.body).toContain(r.link);
    return r.link;
  });
}

describe('consumer notifications', () => {
  it('carry one working link per complaint and day, and a fresh one after a day', async () => {
    const w = await testWorld();
    const c = await complaintIn(w, 'acknowledged');
    const other = await complaintIn(w, 'acknowledged');
    const send = (id: string, body: string) =>
      w.call(w.actors.merchantA, 'POST', `/api/v1/complaints/${id}/messages`, { body });

    expect((await send(c.id, '您好，已收到。')).status).toBe(200);
    expect((await send(c.id, '正在核实订单。')).status).toBe(200);
    expect((await send(other.id, '您好。')).status).toBe(200);
    const [first, second] = await linksOf(w, c.id);
    expect(second).toBe(first);
    const [otherLink] = await linksOf(w, other.id);
    expect(otherLink).not.toBe(first);

    await advance(w, 25 * 3600_000);
    expect((await send(c.id, '检测结果已出。')).status).toBe(200);
    const third = (await linksOf(w, c.id))[2];
    expect(third).toBeDefined();
    expect(third).not.toBe(first);

    // Every link opens its own complaint, and only that one.
    for (const [link, id] of [
      [first, c.id],
      [third, c.id],
      [otherLink, other.id],
    ] as const) {
      const token = link?.split('/c/')[1] ?? '';
      const opened = await w.app.request(`/api/v1/consumer/${token}`);
      expect(opened.status).toBe(200);
      expect((await opened.json()).complaint.reference).toBe(id === c.id ? c.reference : other.reference);
    }
  });
});
