import type { Complaint, TypedEvent } from '@redress/core';
import { describe, expect, it } from 'vitest';
import type { NewEvent } from '../src/events/service';
import { complaintIn, testWorld } from './harness';

/**
 * Event types and their details are core's (`EventDetails`): a writer cannot give another
 * shape, and a reader narrowing on `type` reads the details without guessing. The type checks
 * here fail `npm run typecheck` (an unused `@ts-expect-error` is an error) if the types loosen.
 */

/** Only its type matters here. */
const complaint = {} as Complaint;

describe('typed events', () => {
  it('refuse, at compile time, an unknown type or details that are not the type’s', () => {
    const written: NewEvent[] = [
      { type: 'complaint.message_sent', data: { object: complaint, message: { body: '您好' } } },
      { type: 'complaint.closed', data: { object: complaint, reason: '已办结' } },
      // @ts-expect-error: not one of EVENT_TYPES
      { type: 'complaint.archived', data: { object: complaint } },
      // @ts-expect-error: a message without its body
      { type: 'complaint.message_sent', data: { object: complaint } },
      // @ts-expect-error: not an escalation cause
      { type: 'complaint.escalated', data: { object: complaint, cause: 'bored' } },
    ];
    const read = (e: TypedEvent): string | undefined => {
      if (e.type === 'complaint.message_sent') return e.data.message.body;
      // @ts-expect-error: a closing has a reason, no message
      if (e.type === 'complaint.closed') return e.data.message.body;
      return undefined;
    };
    expect(written).toHaveLength(5);
    expect(read).toBeTypeOf('function');
  });

  it('are read back with the details the writers gave them', async () => {
    const w = await testWorld();
    const c = await complaintIn(w, 'proposed');
    const res = await w.call(w.actors.merchantA, 'GET', `/api/v1/complaints/${c.id}/events`);
    expect(res.status).toBe(200);
    const events = res.body.data as TypedEvent[];
    const proposed = events.find((e) => e.type === 'complaint.proposed');
    expect(proposed?.type === 'complaint.proposed' && proposed.data.proposal).toEqual({
      outcome: expect.any(String),
      amountFen: expect.any(Number),
      terms: expect.any(String),
    });
    const asked = events.find((e) => e.type === 'complaint.info_requested');
    expect(asked).toBeUndefined();
    expect(events.map((e) => e.type)).toEqual([
      'complaint.received',
      'complaint.assigned',
      'complaint.acknowledged',
      'complaint.proposed',
    ]);
  });
});
