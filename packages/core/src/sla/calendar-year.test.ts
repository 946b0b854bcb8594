import { describe, expect, it } from 'vitest';
import { CalendarYearSchema } from './calendar-year';

const paths = (input: unknown) => {
  const result = CalendarYearSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
};

describe('CalendarYearSchema', () => {
  it('accepts a year as the State Council publishes it', () => {
    const year = { year: 2027, daysOff: ['2027-01-01', '2027-02-06'], workdays: ['2027-02-14'] };
    expect(CalendarYearSchema.parse(year)).toEqual(year);
  });

  it('accepts an empty year (Monday–Friday only) and the bounds 1900 and 2200', () => {
    expect(paths({ year: 1900, daysOff: [], workdays: [] })).toEqual([]);
    expect(paths({ year: 2200, daysOff: ['2200-12-31'], workdays: [] })).toEqual([]);
  });

  it('rejects dates outside the year, at their own path', () => {
    expect(paths({ year: 2026, daysOff: ['2026-01-01', '2025-12-31'], workdays: ['2027-01-04'] })).toEqual([
      'daysOff.1',
      'workdays.0',
    ]);
  });

  it('rejects a day that is both off and worked', () => {
    const result = CalendarYearSchema.safeParse({
      year: 2026,
      daysOff: ['2026-10-01', '2026-10-10'],
      workdays: ['2026-09-20', '2026-10-10'],
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([
      expect.objectContaining({
        path: ['workdays', 1],
        message: '2026-10-10 is both a day off and a working day',
      }),
    ]);
  });

  it('rejects a date listed twice', () => {
    expect(paths({ year: 2026, daysOff: ['2026-05-01', '2026-05-01'], workdays: [] })).toEqual(['daysOff.1']);
    expect(paths({ year: 2026, daysOff: [], workdays: ['2026-05-09', '2026-05-09'] })).toEqual([
      'workdays.1',
    ]);
  });

  it.each([
    '2026-2-14',
    '2026-02-30',
    '2025-02-29',
    '2026-13-01',
    '20260214',
    '2026-02-14T00:00:00+08:00',
    'yesterday',
  ])('rejects the malformed date %s', (date) => {
    expect(paths({ year: 2026, daysOff: [date], workdays: [] })).toEqual(['daysOff.0']);
  });

  it('accepts 29 February in a leap year only', () => {
    expect(paths({ year: 2028, daysOff: ['2028-02-29'], workdays: [] })).toEqual([]);
  });

  it.each([
    [1899, '1899-01-01'],
    [2201, '2201-01-01'],
    [2026.5, '2026-01-01'],
    ['2026', '2026-01-01'],
  ])('rejects the year %s, and only the year', (year, date) => {
    expect(paths({ year, daysOff: [date], workdays: [] })).toEqual(['year']);
  });

  it('rejects missing lists, non-string dates and unknown fields', () => {
    expect(paths({ year: 2026, daysOff: [] })).toEqual(['workdays']);
    expect(paths({ year: 2026, daysOff: [20260101], workdays: [] })).toEqual(['daysOff.0']);
    expect(paths({ year: 2026, daysOff: [], workdays: [], papers: [] })).toEqual(['']);
  });
});
