import { describe, expect, it } from 'vitest';
import { Invalid } from '../errors';
import { defaultCalendar } from './shipped-calendars';
import { WorkingCalendar } from './working-calendar';

const calendar = defaultCalendar();

describe('WorkingCalendar.isWorkingDay', () => {
  it.each([
    ['2026-03-02', true, 'an ordinary Monday'],
    ['2026-03-07', false, 'an ordinary Saturday'],
    ['2024-02-04', true, 'Sunday worked before Spring Festival 2024'],
    ['2024-02-16', false, 'Friday of Spring Festival 2024'],
    ['2024-02-18', true, 'Sunday worked after Spring Festival 2024'],
    ['2025-01-26', true, 'Sunday worked before Spring Festival 2025'],
    ['2025-02-04', false, 'Tuesday of Spring Festival 2025'],
    ['2025-02-08', true, 'Saturday worked after Spring Festival 2025'],
    ['2026-02-14', true, 'Saturday worked before Spring Festival 2026'],
    ['2026-02-23', false, 'Monday of Spring Festival 2026'],
    ['2026-02-28', true, 'Saturday worked after Spring Festival 2026'],
    ['2024-09-29', true, 'Sunday worked before National Day 2024'],
    ['2024-10-07', false, 'Monday of National Day 2024'],
    ['2024-10-12', true, 'Saturday worked after National Day 2024'],
    ['2025-10-08', false, 'Wednesday of National Day 2025'],
    ['2025-10-11', true, 'Saturday worked after National Day 2025'],
    ['2026-09-20', true, 'Sunday worked before National Day 2026'],
    ['2026-09-25', false, 'Mid-Autumn Friday 2026'],
    ['2026-10-10', true, 'Saturday worked after National Day 2026'],
    ['2026-01-02', false, 'Friday after New Year 2026'],
    ['2026-01-04', true, 'Sunday worked after New Year 2026'],
  ])('%s is %s: %s', (date, working) => {
    expect(calendar.isWorkingDay(date)).toBe(working);
  });

  it('falls back to the provisional calendar for a year without a notice', () => {
    expect(calendar.hasYear(2027)).toBe(false);
    expect(calendar.isProvisional(2027)).toBe(true);
    expect(calendar.isWorkingDay('2027-01-01')).toBe(false); // a Friday: 元旦 by law, notice or not
    expect(calendar.isWorkingDay('2027-01-02')).toBe(false);
    expect(calendar.isWorkingDay('2027-01-04')).toBe(true);
    expect(calendar.isWorkingDay('2023-10-02')).toBe(false); // 国庆 2 October, a Monday
    expect(calendar.isWorkingDay('2023-10-05')).toBe(true); // a bridge day the notice gave; unknown here
    expect(new WorkingCalendar().isWorkingDay('2026-10-01')).toBe(false);
  });

  it('falls back to Monday–Friday for a year the provisional calendar does not cover', () => {
    expect(calendar.isProvisional(1999)).toBe(false);
    expect(calendar.isWorkingDay('1999-10-01')).toBe(true); // a Friday, surely a holiday, but unknown
    expect(calendar.isWorkingDay('2201-01-01')).toBe(true);
    expect(calendar.isWorkingDay('2201-01-03')).toBe(false);
  });

  it('rejects something that is not a date', () => {
    expect(() => calendar.isWorkingDay('2026-02-30')).toThrow(Invalid);
    expect(() => calendar.isWorkingDay('soon')).toThrow(Invalid);
  });
});

describe('WorkingCalendar data', () => {
  const y2027 = { year: 2027, daysOff: ['2027-01-01', '2027-02-08'], workdays: ['2027-01-03'] };

  it('withYear returns a new calendar and leaves the old one alone', () => {
    const next = calendar.withYear(y2027);
    expect(next).not.toBe(calendar);
    expect(next.years()).toEqual([2024, 2025, 2026, 2027]);
    expect(next.isWorkingDay('2027-01-01')).toBe(false);
    expect(next.isWorkingDay('2027-01-03')).toBe(true);
    expect(calendar.years()).toEqual([2024, 2025, 2026]);
    expect(calendar.isWorkingDay('2027-01-03')).toBe(false);
  });

  it('withYear replaces the data of a year it already has', () => {
    const next = calendar.withYear({ year: 2026, daysOff: [], workdays: [] });
    expect(next.isWorkingDay('2026-10-01')).toBe(true);
    expect(next.isWorkingDay('2026-10-10')).toBe(false);
    expect(calendar.isWorkingDay('2026-10-01')).toBe(false);
  });

  it('counts a year between two loaded years on the provisional calendar', () => {
    const gapped = new WorkingCalendar([y2027, { year: 2024, daysOff: [], workdays: [] }]);
    expect(gapped.years()).toEqual([2024, 2027]);
    expect(gapped.hasYear(2025)).toBe(false);
    expect(gapped.isProvisional(2025)).toBe(true);
    expect(gapped.isWorkingDay('2025-10-01')).toBe(false);
    expect(gapped.isWorkingDay('2025-10-08')).toBe(true); // a bridge day of the notice, not of the law
  });

  it('year() answers a sorted copy', () => {
    const next = new WorkingCalendar([{ year: 2027, daysOff: ['2027-02-08', '2027-01-01'], workdays: [] }]);
    const data = next.year(2027);
    expect(data).toEqual({ year: 2027, daysOff: ['2027-01-01', '2027-02-08'], workdays: [] });
    data?.daysOff.push('2027-12-31');
    expect(next.isWorkingDay('2027-12-31')).toBe(true);
    expect(next.year(2028)).toBeUndefined();
  });

  it('refuses data that does not pass the schema', () => {
    expect(() => new WorkingCalendar([{ year: 2027, daysOff: ['2026-12-31'], workdays: [] }])).toThrow(
      Invalid,
    );
    expect(() =>
      calendar.withYear({ year: 2027, daysOff: ['2027-05-01'], workdays: ['2027-05-01'] }),
    ).toThrow(/2027 is not valid/);
  });
});
