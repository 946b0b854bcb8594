import { type Complaint, defaultCalendar } from '@redress/core';
import { describe, expect, it } from 'vitest';
import { timeLeft } from './time-left';

const at = (iso: string) => Date.parse(`${iso}+08:00`);
const calendar = defaultCalendar();

function complaint(
  status: string,
  sla: Partial<NonNullable<Complaint['sla']>> | null,
): Pick<Complaint, 'status' | 'sla'> {
  return {
    status: status as Complaint['status'],
    sla:
      sla === null
        ? null
        : {
            policy: 'standard',
            state: 'on_track',
            acknowledgeDueAt: null,
            settleDueAt: null,
            pausedAt: null,
            stoppedAt: null,
            answerDueAt: null,
            stages: {
              acknowledge: { dueAt: null, doneAt: null, result: 'pending' },
              settle: { dueAt: null, doneAt: null, result: 'pending' },
            },
            calendarGap: false,
            calendarProvisional: false,
            ...sla,
          },
  };
}

describe('timeLeft', () => {
  // Assigned Monday 2026-11-30: acknowledge by 24:00 Wednesday 2 December.
  const assigned = complaint('assigned', { acknowledgeDueAt: '2026-12-03T00:00:00.000+08:00' });

  it('counts the working days after today up to the deadline', () => {
    expect(timeLeft(assigned, at('2026-11-30T10:00:00'), calendar)).toEqual({ kind: 'left_days', days: 2 });
    expect(timeLeft(assigned, at('2026-12-01T09:00:00'), calendar)).toEqual({ kind: 'left_days', days: 1 });
  });

  it('counts hours on the last day, and hours then days once overdue', () => {
    expect(timeLeft(assigned, at('2026-12-02T20:30:00'), calendar)).toEqual({ kind: 'left_hours', hours: 4 });
    expect(timeLeft(assigned, at('2026-12-03T03:00:00'), calendar)).toEqual({
      kind: 'overdue_hours',
      hours: 3,
    });
    expect(timeLeft(assigned, at('2026-12-05T10:00:00'), calendar)).toEqual({
      kind: 'overdue_days',
      days: 2,
    });
  });

  it('skips the weekend and holidays: due Monday, seen Friday, one working day is left', () => {
    const c = complaint('acknowledged', { settleDueAt: '2026-12-08T00:00:00.000+08:00' });
    expect(timeLeft(c, at('2026-12-04T10:00:00'), calendar)).toEqual({ kind: 'left_days', days: 1 });
  });

  it('says paused, met, missed or nothing when no deadline runs', () => {
    expect(timeLeft(complaint('awaiting_consumer', { state: 'paused' }), 0, calendar).kind).toBe('paused');
    expect(timeLeft(complaint('settled', { state: 'met' }), 0, calendar).kind).toBe('met');
    expect(timeLeft(complaint('escalated', { state: 'overdue' }), 0, calendar).kind).toBe('missed');
    expect(timeLeft(complaint('new', null), 0, calendar).kind).toBe('none');
  });
});
