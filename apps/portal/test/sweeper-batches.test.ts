import { newId } from '@redress/core';
import { describe, expect, it } from 'vitest';
import { BATCH, escalationCandidates, sweep } from '../src/complaints/sweeper';
import { shanghai, testWorld } from './harness';

describe('the SLA sweeper over more than one batch', () => {
  it('raises every notice once when 1,201 complaints with tied deadlines are swept by two sweepers at once', async () => {
    const w = await testWorld();
    const first = await w.intake();
    const db = w.runtime.db;
    const row = await db
      .selectFrom('complaints')
      .selectAll()
      .where('id', '=', first.id)
      .executeTakeFirstOrThrow();
    // 1,200 copies of the same complaint: the same deadline for all (ties in the keyset), past
    // the sweeper's batch of 1,000.
    const copies = Array.from({ length: 1_200 }, (_, i) => ({
      ...row,
      id: newId('complaint', row.received_at),
      reference: `${row.reference}-${i}`,
      external_ref: null,
    }));
    for (let i = 0; i < copies.length; i += 100)
      await db
        .insertInto('complaints')
        .values(copies.slice(i, i + 100))
        .execute();

    // Tuesday 09:00: every acknowledge deadline (24:00 Wednesday) is due soon.
    await w.travel(shanghai('2026-12-01T09:00:00'));
    const [a, b] = await Promise.all([sweep(w.runtime), sweep(w.runtime)]);
    expect(a.dueSoon + b.dueSoon).toBe(1_201);
    expect(await sweep(w.runtime)).toEqual({
      dueSoon: 0,
      breached: 0,
      escalated: 0,
      commissionDueSoon: 0,
      commissionBreached: 0,
    });

    const raised = await db
      .selectFrom('events')
      .select(['complaint_id'])
      .where('type', '=', 'complaint.sla_due_soon')
      .execute();
    expect(raised).toHaveLength(1_201);
    expect(new Set(raised.map((e) => e.complaint_id)).size).toBe(1_201);

    // Past every settle deadline (10 working days from Monday's assignment): 1,201 escalations
    // are due. One query reads at most a batch of them; the sweep goes on until all are done.
    await w.travel(shanghai('2026-12-21T09:00:00'));
    const now = w.runtime.clock.now();
    expect(await escalationCandidates(db, now, null)).toHaveLength(BATCH);
    const result = await sweep(w.runtime);
    expect(result.escalated).toBe(1_201);
    expect(await escalationCandidates(db, now, null)).toHaveLength(0);
    const open = await db
      .selectFrom('complaints')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '!=', 'escalated')
      .executeTakeFirstOrThrow();
    expect(Number(open.n)).toBe(0);
  });
});
