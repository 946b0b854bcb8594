import { describe, expect, it } from 'vitest';
import { calendarDue } from './calendar-reminder';
import { defaultCalendar } from './shipped-calendars';

const at = (iso: string) => Date.parse(`${iso}+08:00`);

describe('calendarDue', () => {
  const shipped = defaultCalendar();

  it('answers the next year from 1 November, Shanghai time, while its notice is missing', () => {
    expect(calendarDue(at('2026-10-31T23:59:59'), shipped)).toBeNull();
    expect(calendarDue(at('2026-11-01T00:00:00'), shipped)).toBe(2027);
    // 16:00 UTC on 31 October is already 1 November in Shanghai.
    expect(calendarDue(Date.parse('2026-10-31T16:00:00Z'), shipped)).toBe(2027);
    expect(calendarDue(Date.parse('2026-10-31T15:59:59Z'), shipped)).toBeNull();
    expect(calendarDue(at('2026-12-31T23:59:59'), shipped)).toBe(2027);
    expect(calendarDue(at('2027-01-01T00:00:00'), shipped)).toBeNull();
  });

  it('is quiet once the year is loaded, and for a year shipped with core', () => {
    const loaded = shipped.withYear({ year: 2027, daysOff: ['2027-01-01'], workdays: [] });
    expect(calendarDue(at('2026-11-15T09:00:00'), loaded)).toBeNull();
    expect(calendarDue(at('2025-11-15T09:00:00'), shipped)).toBeNull();
  });
});
