import { z } from 'zod';
import type { FieldErrorCode } from '../errors';
import { dayFromDate } from './day-number';

/**
 * One year of the working-day calendar, from that year's State Council notice
 * (国务院办公厅关于…部分节假日安排的通知). Weekends are implied: `daysOff` are the statutory
 * holiday days off (放假, weekend days among them may be listed too), `workdays` the adjusted
 * working days (调休上班), usually a Saturday or Sunday.
 *
 * @example
 * const year: CalendarYear = { year: 2026, daysOff: ['2026-01-01', '2026-01-02'], workdays: ['2026-01-04'] };
 */
export interface CalendarYear {
  year: number;
  daysOff: string[];
  workdays: string[];
}

/** The years an admin may load: wide enough for any complaint, narrow enough to catch typos. */
export const CALENDAR_MIN_YEAR = 1900;
export const CALENDAR_MAX_YEAR = 2200;

const MISMATCH = { code: 'mismatch' satisfies FieldErrorCode };
const DUPLICATE = { code: 'duplicate' satisfies FieldErrorCode };

const DateList = z.array(z.iso.date('must be a real date, YYYY-MM-DD')).max(366);

/**
 * Validates a calendar year as an admin loads it (`PUT /api/v1/calendars/{year}`): every
 * date real and inside the year, none listed twice, none both a day off and a working day.
 * Each problem is reported at its own path, e.g. `['workdays', 2]`.
 *
 * @example
 * CalendarYearSchema.parse({ year: 2027, daysOff: ['2027-01-01'], workdays: [] });
 */
export const CalendarYearSchema = z
  .strictObject({
    year: z.number().int().min(CALENDAR_MIN_YEAR).max(CALENDAR_MAX_YEAR),
    daysOff: DateList,
    workdays: DateList,
  })
  .superRefine((value, ctx) => {
    if (!Number.isInteger(value.year)) return; // reported at `year`; no year to check the dates against
    const prefix = `${value.year}-`;
    const offs = new Set<string>();
    const check = (list: 'daysOff' | 'workdays', seen: Set<string>) => {
      value[list].forEach((date, index) => {
        const path = [list, index];
        // A malformed date has its own issue already; zod runs this refinement regardless.
        if (typeof date !== 'string' || Number.isNaN(dayFromDate(date))) return;
        if (!date.startsWith(prefix)) {
          ctx.addIssue({
            code: 'custom',
            path,
            message: `${date} is not in ${value.year}`,
            params: MISMATCH,
          });
        } else if (seen.has(date)) {
          ctx.addIssue({ code: 'custom', path, message: `${date} is listed twice`, params: DUPLICATE });
        } else if (list === 'workdays' && offs.has(date)) {
          ctx.addIssue({
            code: 'custom',
            path,
            message: `${date} is both a day off and a working day`,
            params: DUPLICATE,
          });
        }
        seen.add(date);
      });
    };
    check('daysOff', offs);
    check('workdays', new Set<string>());
  }) satisfies z.ZodType<CalendarYear>;
