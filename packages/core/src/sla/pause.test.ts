import { describe, expect, it } from 'vitest';
import { Invalid } from '../errors';
import { toIso } from '../time';
import { remainingDays, resumeDeadline } from './pause';
import { defaultCalendar } from './shipped-calendars';

const calendar = defaultCalendar();
const at = Date.parse;
const midnight = (date: string) => `${date}T00:00:00.000+08:00`;

describe('remainingDays', () => {
  // Assigned Mon 2 Mar 2026, 10 working days: due 24:00 Mon 16 Mar.
  const dueAt = at('2026-03-17T00:00:00+08:00');

  it('counts the working days after the pause day up to the last day', () => {
    expect(remainingDays(calendar, at('2026-03-04T15:00:00+08:00'), dueAt, 'working_days')).toBe(8);
    expect(remainingDays(calendar, at('2026-03-04T00:00:00+08:00'), dueAt, 'working_days')).toBe(8);
    expect(remainingDays(calendar, at('2026-03-13T23:59:59+08:00'), dueAt, 'working_days')).toBe(1);
  });

  it('counts calendar days for a calendar-day deadline', () => {
    expect(remainingDays(calendar, at('2026-03-04T15:00:00+08:00'), dueAt, 'calendar_days')).toBe(12);
  });

  it('is 0 when paused on the last day or later', () => {
    expect(remainingDays(calendar, at('2026-03-16T09:00:00+08:00'), dueAt, 'working_days')).toBe(0);
    expect(remainingDays(calendar, at('2026-03-20T09:00:00+08:00'), dueAt, 'working_days')).toBe(0);
    expect(remainingDays(calendar, at('2026-03-20T09:00:00+08:00'), dueAt, 'calendar_days')).toBe(0);
  });
});

describe('resumeDeadline', () => {
  const dueAt = at('2026-03-17T00:00:00+08:00');
  const resume = (
    pausedAt: string,
    resumedAt: string,
    unit: 'working_days' | 'calendar_days' = 'working_days',
  ) => resumeDeadline(calendar, { dueAt, pausedAt: at(pausedAt), resumedAt: at(resumedAt), unit });

  it('counts what was left again from the resume day, across Qingming (4–6 Apr off)', () => {
    // 8 left: Mon 30 Mar, 31, 1 Apr, 2, 3, (4–6 off) 7, 8, Thu 9 Apr.
    const result = resume('2026-03-04T15:00:00+08:00', '2026-03-27T09:00:00+08:00');
    expect(toIso(result.dueAt)).toBe(midnight('2026-04-10'));
    expect(result.calendarGap).toBe(false);
  });

  it('gives back the same deadline when resumed on the pause day', () => {
    expect(resume('2026-03-04T09:00:00+08:00', '2026-03-04T17:00:00+08:00').dueAt).toBe(dueAt);
  });

  it('paused on the last day: until the end of the resume day, or of the next working day', () => {
    expect(toIso(resume('2026-03-16T14:00:00+08:00', '2026-03-18T10:00:00+08:00').dueAt)).toBe(
      midnight('2026-03-19'),
    );
    expect(toIso(resume('2026-03-16T14:00:00+08:00', '2026-03-21T10:00:00+08:00').dueAt)).toBe(
      midnight('2026-03-24'),
    );
  });

  it('paused after the deadline passed: gives no time back', () => {
    expect(resume('2026-03-17T09:00:00+08:00', '2026-03-25T10:00:00+08:00')).toEqual({
      dueAt,
      calendarGap: false,
      calendarProvisional: false,
    });
  });

  it('counts calendar days again for a calendar-day deadline (Labour Day 1–5 May)', () => {
    // fast: 7 calendar days from Wed 29 Apr → Wed 6 May. Paused 30 Apr: 6 days left.
    const result = resumeDeadline(calendar, {
      dueAt: at('2026-05-07T00:00:00+08:00'),
      pausedAt: at('2026-04-30T11:00:00+08:00'),
      resumedAt: at('2026-05-08T16:00:00+08:00'),
      unit: 'calendar_days',
    });
    expect(toIso(result.dueAt)).toBe(midnight('2026-05-15'));
  });

  it('reports a provisional deadline when the resumed one reaches a year without a notice', () => {
    const result = resumeDeadline(calendar, {
      dueAt: at('2026-12-18T00:00:00+08:00'),
      pausedAt: at('2026-12-10T10:00:00+08:00'),
      resumedAt: at('2026-12-28T10:00:00+08:00'),
      unit: 'working_days',
    });
    // 5 left (11, 14–17 Dec); from Mon 28 Dec: 29, 30, 31, (Fri 1 Jan 2027: 元旦, provisional), Mon 4, Tue 5 Jan.
    expect(toIso(result.dueAt)).toBe(midnight('2027-01-06'));
    expect(result.calendarProvisional).toBe(true);
    expect(result.calendarGap).toBe(false);
  });

  it('refuses to resume before the pause', () => {
    expect(() => resume('2026-03-04T15:00:00+08:00', '2026-03-04T14:00:00+08:00')).toThrow(Invalid);
  });
});
