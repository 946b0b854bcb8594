import { describe, expect, it } from 'vitest';
import type { Status } from '../taxonomy';
import { escalationDue, proposalTiming } from './escalation';
import { defaultCalendar } from './shipped-calendars';
import { type SlaStateInput, slaStages, slaState } from './sla-state';

const at = Date.parse;
// Assigned Mon 2 Mar 2026 (standard): acknowledge by 24:00 Wed 4 Mar, settle by 24:00 Mon 16 Mar.
const ACK = at('2026-03-05T00:00:00+08:00');
const SETTLE = at('2026-03-17T00:00:00+08:00');
const ANSWER = at('2026-03-20T00:00:00+08:00');
const base = { acknowledgeDueAt: ACK, settleDueAt: SETTLE, pausedAt: null, answerDueAt: null };

describe('escalationDue', () => {
  it('at the settle deadline whatever the stage, never acknowledged included', () => {
    for (const status of ['assigned', 'acknowledged', 'proposed'] as Status[]) {
      expect(escalationDue({ ...base, status }), status).toEqual({
        at: SETTLE,
        cause: 'settle_deadline_passed',
      });
    }
  });
  it('not while paused in time; at the deadline when paused after it', () => {
    const paused = at('2026-03-10T10:00:00+08:00');
    expect(escalationDue({ ...base, status: 'awaiting_consumer', pausedAt: paused })).toBeNull();
    expect(escalationDue({ ...base, status: 'awaiting_consumer', pausedAt: SETTLE + 1 })).toEqual({
      at: SETTLE,
      cause: 'settle_deadline_passed',
    });
  });
  it('at the end of the answer window while an in-time proposal waits', () => {
    const stopped = { ...base, status: 'proposed' as Status, stoppedAt: SETTLE - 1, answerDueAt: ANSWER };
    expect(escalationDue(stopped)).toEqual({ at: ANSWER, cause: 'consumer_no_answer' });
  });
  it('never once the commission has it, nor before a clock runs', () => {
    expect(escalationDue({ ...base, status: 'proposed', escalatedAt: ACK })).toBeNull();
    for (const status of ['new', 'escalated', 'settled', 'closed', 'referred', 'withdrawn'] as Status[]) {
      expect(escalationDue({ ...base, status }), status).toBeNull();
    }
  });
});

describe('proposalTiming', () => {
  const facts = { status: 'acknowledged' as Status, acknowledgeDueAt: ACK, settleDueAt: SETTLE };
  it('in time before the settle deadline, too late from it on', () => {
    expect(proposalTiming(facts, SETTLE - 1)).toBe('in_time');
    expect(proposalTiming(facts, SETTLE)).toBe('too_late');
  });
  it('a revision of an in-time proposal is in time; a mediator proposal is mediation', () => {
    expect(proposalTiming({ ...facts, status: 'proposed', stoppedAt: SETTLE - 5 }, SETTLE + 9)).toBe(
      'in_time',
    );
    expect(proposalTiming({ ...facts, status: 'escalated', escalatedAt: ACK }, ACK)).toBe('mediation');
  });
});

describe('slaStages and slaState: on time only if every stage was', () => {
  const input = (more: Partial<SlaStateInput>): SlaStateInput => ({
    now: at('2026-03-30T10:00:00+08:00'),
    status: 'settled',
    acknowledgeDueAt: ACK,
    settleDueAt: SETTLE,
    acknowledgedAt: null,
    settledAt: null,
    pausedAt: null,
    calendar: defaultCalendar(),
    ...more,
  });
  it('acknowledged late and settled in time is not on time', () => {
    const late = input({ acknowledgedAt: ACK + 6 * 86_400_000, settledAt: SETTLE - 1 });
    expect(slaStages(late).acknowledge.result).toBe('missed');
    expect(slaStages(late).settle.result).toBe('met');
    expect(slaState(late)).toBe('overdue');
    expect(slaState(input({ acknowledgedAt: ACK - 1, settledAt: SETTLE - 1 }))).toBe('met');
  });
  it('a proposal in time stops the settle stage: met, even when answered after the deadline', () => {
    const answered = input({
      acknowledgedAt: ACK - 1,
      stoppedAt: SETTLE - 1,
      settledAt: SETTLE + 86_400_000,
    });
    expect(slaStages(answered).settle).toMatchObject({ doneAt: SETTLE - 1, result: 'met' });
    expect(slaState(answered)).toBe('met');
    expect(slaState({ ...answered, status: 'proposed', settledAt: null, now: SETTLE + 1 })).toBe('paused');
  });
  it('never acknowledged and escalated at the settle deadline missed both stages', () => {
    const stages = slaStages(input({ status: 'escalated', settledAt: SETTLE }));
    expect([stages.acknowledge.result, stages.settle.result]).toEqual(['missed', 'missed']);
  });
  it('running: a stage is pending, paused or missed', () => {
    const now = at('2026-03-10T10:00:00+08:00');
    expect(slaStages(input({ status: 'assigned', now })).acknowledge.result).toBe('missed');
    expect(slaStages(input({ status: 'assigned', now })).settle.result).toBe('pending');
    const paused = input({ status: 'awaiting_consumer', now, acknowledgedAt: ACK - 1, pausedAt: now });
    expect(slaStages(paused).settle.result).toBe('paused');
  });
});
