import { describe, expect, it } from 'vitest';
import { Invalid } from '../errors';
import { toIso } from '../time';
import { deadline, type SlaUnit } from './deadline';
import { defaultCalendar } from './shipped-calendars';

const due = (from: string, amount: number, unit: SlaUnit = 'working_days') =>
  toIso(deadline(defaultCalendar(), Date.parse(from), amount, unit).dueAt);
const midnight = (date: string) => `${date}T00:00:00.000+08:00`;

describe('deadline: the event day is its Shanghai date', () => {
  it('at 00:00 and at the last instant of a Monday', () => {
    expect(due('2026-03-02T00:00:00+08:00', 1)).toBe(midnight('2026-03-04'));
    expect(due('2026-03-02T23:59:59+08:00', 1)).toBe(midnight('2026-03-04'));
    expect(due('2026-03-02T23:59:59.999+08:00', 1)).toBe(midnight('2026-03-04'));
    expect(due('2026-03-01T23:59:59+08:00', 1)).toBe(midnight('2026-03-03')); // still Sunday
  });

  it('given in UTC', () => {
    expect(due('2026-02-13T15:59:59Z', 1)).toBe(midnight('2026-02-15')); // Fri 23:59:59 → Sat 14th worked
    expect(due('2026-02-13T16:00:00Z', 1)).toBe(midnight('2026-02-25')); // Sat 00:00 → Tue 24th
  });

  it('given at -05:00: already the next day in Shanghai', () => {
    expect(due('2026-01-01T23:30:00-05:00', 1)).toBe(midnight('2026-01-05')); // Fri 2 Jan → Sun 4th worked
    expect(due('2026-01-03T11:30:00-05:00', 1)).toBe(midnight('2026-01-06')); // Sun 4 Jan 00:30 → Mon 5th
  });

  it('given at +09:00: still the day before in Shanghai', () => {
    expect(due('2026-02-14T00:30:00+09:00', 1)).toBe(midnight('2026-02-15')); // Fri 13th 23:30 → Sat 14th
  });
});

describe('deadline in calendar days', () => {
  it('ends on an ordinary working day as counted', () => {
    expect(due('2026-03-02T10:00:00+08:00', 7, 'calendar_days')).toBe(midnight('2026-03-10'));
  });

  it('landing on a weekend moves to the next working day', () => {
    expect(due('2026-03-05T10:00:00+08:00', 2, 'calendar_days')).toBe(midnight('2026-03-10')); // Sat → Mon 9th
  });

  it('landing on an adjusted working day stays there', () => {
    expect(due('2026-01-03T10:00:00+08:00', 1, 'calendar_days')).toBe(midnight('2026-01-05')); // Sun 4th
    expect(due('2026-02-07T10:00:00+08:00', 7, 'calendar_days')).toBe(midnight('2026-02-15')); // Sat 14th
  });

  it('landing on a holiday moves past all of it (Labour Day 2026: 1–5 May)', () => {
    expect(due('2026-04-29T10:00:00+08:00', 2, 'calendar_days')).toBe(midnight('2026-05-07')); // → Wed 6th
    // 60 days (mediation, art. 23) from 20 April land on Dragon Boat Friday 19 June, off to the 21st.
    expect(due('2026-04-20T10:00:00+08:00', 60, 'calendar_days')).toBe(midnight('2026-06-23'));
  });
});

describe('deadline of 0 days', () => {
  it('ends with the event day when it is a working day', () => {
    expect(due('2026-03-02T10:00:00+08:00', 0)).toBe(midnight('2026-03-03'));
    expect(due('2026-03-02T10:00:00+08:00', 0, 'calendar_days')).toBe(midnight('2026-03-03'));
  });

  it('ends with the next working day otherwise', () => {
    expect(due('2026-10-01T10:00:00+08:00', 0)).toBe(midnight('2026-10-09'));
    expect(due('2026-10-01T10:00:00+08:00', 0, 'calendar_days')).toBe(midnight('2026-10-09'));
  });
});

describe('deadline input', () => {
  const calendar = defaultCalendar();
  it.each([-1, 1.5, Number.NaN, 10_001])('rejects the amount %s', (amount) => {
    expect(() => deadline(calendar, Date.UTC(2026, 0, 5), amount, 'working_days')).toThrow(Invalid);
  });

  it('rejects a start that is not an instant, and an unknown unit', () => {
    expect(() => deadline(calendar, Date.parse('not a date'), 1, 'working_days')).toThrow(Invalid);
    expect(() => deadline(calendar, Date.UTC(2026, 0, 5), 1, 'hours' as SlaUnit)).toThrow(Invalid);
  });

  it('reports no gap inside the shipped years', () => {
    expect(deadline(calendar, Date.parse('2026-11-02T10:00:00+08:00'), 20, 'working_days').calendarGap).toBe(
      false,
    );
  });
});
