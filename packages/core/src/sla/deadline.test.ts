import { describe, expect, it } from 'vitest';
import { toIso } from '../time';
import { deadline, type SlaUnit } from './deadline';
import { defaultCalendar } from './shipped-calendars';

/**
 * Every expected instant here was worked out by hand from the State Council notices
 * (calendars/*.json). `dueAt` is 24:00 of the last day, written as 00:00 of the day after.
 */
const due = (from: string, amount: number, unit: SlaUnit = 'working_days') =>
  toIso(deadline(defaultCalendar(), Date.parse(from), amount, unit).dueAt);
const midnight = (date: string) => `${date}T00:00:00.000+08:00`;

describe('deadline around Spring Festival', () => {
  it('2024: off 10–17 Feb, Sundays 4 and 18 Feb worked', () => {
    expect(due('2024-02-03T14:00:00+08:00', 1)).toBe(midnight('2024-02-05')); // Sun 4th counts
    expect(due('2024-02-09T10:00:00+08:00', 2)).toBe(midnight('2024-02-20')); // Sun 18th, Mon 19th
    expect(due('2024-02-08T10:00:00+08:00', 10)).toBe(midnight('2024-02-29')); // …to Wed 28th
    expect(due('2024-02-08T10:00:00+08:00', 7, 'calendar_days')).toBe(midnight('2024-02-19')); // 15th off → Sun 18th
  });

  it('2025: off 28 Jan–4 Feb, Sunday 26 Jan and Saturday 8 Feb worked', () => {
    expect(due('2025-01-24T18:00:00+08:00', 2)).toBe(midnight('2025-01-28')); // Sun 26th, Mon 27th
    expect(due('2025-01-27T09:00:00+08:00', 3)).toBe(midnight('2025-02-08')); // 5th, 6th, 7th
    expect(due('2025-01-27T09:00:00+08:00', 4)).toBe(midnight('2025-02-09')); // …Sat 8th
    expect(due('2025-01-27T09:00:00+08:00', 5)).toBe(midnight('2025-02-11')); // …Mon 10th
    expect(due('2025-01-27T09:00:00+08:00', 2, 'calendar_days')).toBe(midnight('2025-02-06')); // 29th off → 5th
  });

  it('2026: off 15–23 Feb, Saturdays 14 and 28 Feb worked', () => {
    expect(due('2026-02-13T10:00:00+08:00', 2)).toBe(midnight('2026-02-25')); // Sat 14th, Tue 24th
    expect(due('2026-02-13T10:00:00+08:00', 10)).toBe(midnight('2026-03-06')); // …Sat 28th, Mon 2nd…Thu 5th
    expect(due('2026-02-13T10:00:00+08:00', 2, 'calendar_days')).toBe(midnight('2026-02-25')); // 15th off → 24th
    expect(due('2026-02-13T10:00:00+08:00', 7, 'calendar_days')).toBe(midnight('2026-02-25')); // 20th off → 24th
  });
});

describe('deadline around National Day', () => {
  it('2024: off 1–7 Oct, Sunday 29 Sep and Saturday 12 Oct worked', () => {
    expect(due('2024-09-28T12:00:00+08:00', 2)).toBe(midnight('2024-10-01')); // Sun 29th, Mon 30th
    expect(due('2024-09-28T12:00:00+08:00', 3)).toBe(midnight('2024-10-09')); // …Tue 8th
    expect(due('2024-09-30T12:00:00+08:00', 5)).toBe(midnight('2024-10-13')); // 8th…11th, Sat 12th
  });

  it('2025: off 1–8 Oct, Sunday 28 Sep and Saturday 11 Oct worked', () => {
    expect(due('2025-09-30T15:00:00+08:00', 2)).toBe(midnight('2025-10-11')); // Thu 9th, Fri 10th
    expect(due('2025-09-30T15:00:00+08:00', 3)).toBe(midnight('2025-10-12')); // …Sat 11th
    expect(due('2025-09-26T15:00:00+08:00', 1)).toBe(midnight('2025-09-29')); // Sun 28th
    expect(due('2025-09-26T15:00:00+08:00', 7, 'calendar_days')).toBe(midnight('2025-10-10')); // 3rd off → 9th
  });

  it('2026: Mid-Autumn 25–27 Sep and National Day 1–7 Oct off, Sunday 20 Sep and Saturday 10 Oct worked', () => {
    expect(due('2026-09-19T20:00:00+08:00', 1)).toBe(midnight('2026-09-21')); // Sun 20th
    expect(due('2026-09-24T10:00:00+08:00', 2)).toBe(midnight('2026-09-30')); // 25th off: Mon 28th, Tue 29th
    expect(due('2026-09-24T10:00:00+08:00', 4)).toBe(midnight('2026-10-09')); // …Wed 30th, Thu 8 Oct
    expect(due('2026-09-24T10:00:00+08:00', 6)).toBe(midnight('2026-10-11')); // …Fri 9th, Sat 10th
    expect(due('2026-09-30T10:00:00+08:00', 7, 'calendar_days')).toBe(midnight('2026-10-09')); // 7th off → 8th
  });
});

describe('deadline across a year end', () => {
  it('2024 → 2025: New Year on a Wednesday', () => {
    expect(due('2024-12-31T10:00:00+08:00', 1)).toBe(midnight('2025-01-03'));
    expect(due('2024-12-31T10:00:00+08:00', 1, 'calendar_days')).toBe(midnight('2025-01-03'));
  });

  it('2025 → 2026: off 1–3 Jan, Sunday 4 Jan worked', () => {
    expect(due('2025-12-31T16:00:00+08:00', 1)).toBe(midnight('2026-01-05'));
    expect(due('2025-12-31T16:00:00+08:00', 2)).toBe(midnight('2026-01-06'));
    expect(due('2025-12-31T16:00:00+08:00', 1, 'calendar_days')).toBe(midnight('2026-01-05'));
  });

  it('2026 → 2027: no notice, the provisional calendar keeps 元旦 off and says so', () => {
    const result = deadline(defaultCalendar(), Date.parse('2026-12-31T10:00:00+08:00'), 1, 'working_days');
    expect(toIso(result.dueAt)).toBe(midnight('2027-01-05')); // Fri 1 Jan (元旦), Sat, Sun, Mon 4th
    expect(result).toMatchObject({ calendarProvisional: true, calendarGap: false });
  });

  it('2023 → 2024: a period starting before the shipped data is provisional', () => {
    const result = deadline(defaultCalendar(), Date.parse('2023-12-29T10:00:00+08:00'), 1, 'working_days');
    expect(toIso(result.dueAt)).toBe(midnight('2024-01-03')); // Sat, Sun, New Year's Monday, Tue 2nd
    expect(result).toMatchObject({ calendarProvisional: true, calendarGap: false });
  });

  it('a year with no data at all (before 2000) is Monday–Friday and reports the gap', () => {
    const result = deadline(defaultCalendar(), Date.parse('1999-09-30T10:00:00+08:00'), 1, 'working_days');
    expect(toIso(result.dueAt)).toBe(midnight('1999-10-02')); // Fri 1 October counted: nothing known
    expect(result).toMatchObject({ calendarProvisional: false, calendarGap: true });
  });

  it('a period inside the shipped years is neither provisional nor a gap', () => {
    const result = deadline(defaultCalendar(), Date.parse('2026-09-30T10:00:00+08:00'), 3, 'working_days');
    expect(result).toMatchObject({ calendarProvisional: false, calendarGap: false });
  });
});
