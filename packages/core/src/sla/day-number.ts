import { DAY_MS, SHANGHAI_OFFSET_MS } from '../time';

/**
 * Day numbers: whole days since 1970-01-01 on the Shanghai calendar. The clock counts in
 * these rather than in YYYY-MM-DD strings because a deadline consults many days and integer
 * arithmetic keeps that to a few nanoseconds a day (the `time.ts` helpers build a `Date` for
 * each step). Internal to the SLA module: nothing outside it sees a day number.
 */

const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;

/** The Shanghai day an instant falls on. */
export function dayOf(epochMs: number): number {
  return Math.floor((epochMs + SHANGHAI_OFFSET_MS) / DAY_MS);
}

/** 00:00 Shanghai time of a day, which is also 24:00 of the day before. */
export function startOf(day: number): number {
  return day * DAY_MS - SHANGHAI_OFFSET_MS;
}

/** The last day a deadline leaves to work in: `dueAt` is an exclusive end. */
export function lastDayBefore(dueAtMs: number): number {
  return dayOf(dueAtMs - 1);
}

/** The day number of a real YYYY-MM-DD date, or NaN when it is not one. */
export function dayFromDate(date: string): number {
  if (!DATE_SHAPE.test(date)) return Number.NaN;
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  const ms = Date.UTC(year, month - 1, day);
  // Date.UTC rolls 02-30 over into March; a real date survives the round trip.
  const back = new Date(ms);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) {
    return Number.NaN;
  }
  return ms / DAY_MS;
}

/** The YYYY-MM-DD date of a day number. */
export function dateOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Day of the week of a day number: 0 Sunday … 6 Saturday (1970-01-01 was a Thursday). */
export function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** The day number of 1 January of a year. */
export function firstDayOfYear(year: number): number {
  return Date.UTC(year, 0, 1) / DAY_MS;
}
