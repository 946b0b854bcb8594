import { describe, expect, it } from 'vitest';
import type { Status } from '../taxonomy';
import { defaultCalendar } from './shipped-calendars';
import { nextDeadline, type SlaStateInput, slaState } from './sla-state';

const at = Date.parse;
// Assigned Mon 2 Mar 2026 (standard): acknowledge by 24:00 Wed 4 Mar, settle by 24:00 Mon 16 Mar.
const ACK = at('2026-03-05T00:00:00+08:00');
const SETTLE = at('2026-03-17T00:00:00+08:00');

const state = (status: Status, now: string, more: Partial<SlaStateInput> = {}) =>
  slaState({
    now: at(now),
    status,
    acknowledgeDueAt: ACK,
    settleDueAt: SETTLE,
    acknowledgedAt: null,
    settledAt: null,
    pausedAt: null,
    calendar: defaultCalendar(),
    ...more,
  });

describe('slaState while the clock runs', () => {
  it('assigned: against the acknowledge deadline', () => {
    expect(state('assigned', '2026-03-02T10:00:00+08:00')).toBe('on_track');
    expect(state('assigned', '2026-03-03T00:00:00+08:00')).toBe('due_soon'); // due the next working day
    expect(state('assigned', '2026-03-04T23:59:59.999+08:00')).toBe('due_soon');
    expect(state('assigned', '2026-03-05T00:00:00+08:00')).toBe('overdue');
  });

  it('acknowledged and proposed: against the settle deadline, over a weekend', () => {
    const acknowledgedAt = at('2026-03-03T10:00:00+08:00');
    expect(state('acknowledged', '2026-03-12T17:00:00+08:00', { acknowledgedAt })).toBe('on_track'); // Thu
    expect(state('acknowledged', '2026-03-13T09:00:00+08:00', { acknowledgedAt })).toBe('due_soon'); // Fri → Mon
    expect(state('proposed', '2026-03-14T09:00:00+08:00', { acknowledgedAt })).toBe('due_soon'); // Sat
    expect(state('proposed', '2026-03-17T00:00:00+08:00', { acknowledgedAt })).toBe('overdue');
  });

  it('due_soon looks past a holiday to the next working day (Spring Festival 2026)', () => {
    const ack = at('2026-02-25T00:00:00+08:00'); // last day Tue 24 Feb
    const s = (now: string) => state('assigned', now, { acknowledgeDueAt: ack });
    expect(s('2026-02-13T10:00:00+08:00')).toBe('on_track'); // next working day is Sat 14th
    expect(s('2026-02-14T10:00:00+08:00')).toBe('due_soon'); // next working day is Tue 24th
    expect(s('2026-02-18T10:00:00+08:00')).toBe('due_soon');
  });
});

describe('slaState when paused, terminal or not started', () => {
  it('paused while awaiting the consumer; overdue if paused after the deadline', () => {
    expect(
      state('awaiting_consumer', '2026-03-20T10:00:00+08:00', { pausedAt: at('2026-03-10T10:00:00+08:00') }),
    ).toBe('paused');
    expect(state('awaiting_consumer', '2026-03-20T10:00:00+08:00', { pausedAt: SETTLE })).toBe('overdue');
  });

  it('met when the merchant settled in time, overdue otherwise', () => {
    const acknowledgedAt = at('2026-03-03T10:00:00+08:00');
    const later = '2026-06-01T10:00:00+08:00';
    expect(state('settled', later, { acknowledgedAt, settledAt: SETTLE - 1 })).toBe('met');
    expect(state('closed', later, { acknowledgedAt, settledAt: SETTLE - 1 })).toBe('met');
    expect(state('settled', later, { acknowledgedAt, settledAt: SETTLE })).toBe('overdue');
    expect(state('escalated', later, { acknowledgedAt, settledAt: SETTLE + 1 })).toBe('overdue');
    expect(state('referred', later, { acknowledgedAt })).toBe('overdue'); // when it ended is unknown
  });

  it('left while assigned: judged against the acknowledge deadline', () => {
    expect(state('escalated', '2026-06-01T10:00:00+08:00', { settledAt: ACK - 1 })).toBe('met');
    expect(state('withdrawn', '2026-06-01T10:00:00+08:00', { settledAt: ACK })).toBe('overdue');
  });

  it('new: no clock yet; closed or withdrawn before assignment: nothing to miss', () => {
    const none = { acknowledgeDueAt: null, settleDueAt: null };
    expect(state('new', '2026-03-02T10:00:00+08:00', none)).toBe('on_track');
    expect(state('closed', '2026-03-02T10:00:00+08:00', none)).toBe('met');
  });
});

describe('nextDeadline', () => {
  const deadlines = { acknowledgeDueAt: ACK, settleDueAt: SETTLE };

  it('is the acknowledge deadline while assigned, the settle deadline while acknowledged or proposed', () => {
    expect(nextDeadline({ status: 'assigned', ...deadlines })).toEqual({ stage: 'acknowledge', dueAt: ACK });
    expect(nextDeadline({ status: 'acknowledged', ...deadlines })).toEqual({
      stage: 'settle',
      dueAt: SETTLE,
    });
    expect(nextDeadline({ status: 'proposed', ...deadlines })).toEqual({ stage: 'settle', dueAt: SETTLE });
  });

  it.each(['new', 'awaiting_consumer', 'settled', 'escalated', 'referred', 'closed', 'withdrawn'] as const)(
    'is null while %s',
    (status) => {
      expect(nextDeadline({ status, ...deadlines })).toBeNull();
    },
  );

  it('is null when the deadline was never set', () => {
    expect(nextDeadline({ status: 'assigned', acknowledgeDueAt: null, settleDueAt: null })).toBeNull();
  });
});
