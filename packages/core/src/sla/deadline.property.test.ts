import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, shanghaiDate, shanghaiMidnight } from '../time';
import { deadline, type SlaUnit } from './deadline';
import { remainingDays, resumeDeadline } from './pause';
import { recountDeadline } from './recount';
import { defaultCalendar } from './shipped-calendars';

/**
 * Properties over the shipped years, checked against a slow oracle built only from the
 * string helpers of `time.ts` and `isWorkingDay`, so they do not share the clock's day numbers.
 */
const calendar = defaultCalendar();
const START = Date.parse('2024-01-01T00:00:00+08:00');
const END = Date.parse('2027-01-01T00:00:00+08:00');

/** Any instant in 2024–2026. */
const instant = (from = START, to = END - 1) => fc.integer({ min: from, max: to });
const unit = fc.constantFrom<SlaUnit>('working_days', 'calendar_days');
const amount = fc.integer({ min: 0, max: 60 });
const RUNS = { numRuns: 500 };

/** Working days d with from < d ≤ to (YYYY-MM-DD). */
function workingDaysBetween(from: string, to: string): number {
  let count = 0;
  for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) if (calendar.isWorkingDay(day)) count++;
  return count;
}

/** The last day a deadline leaves to work in. */
const lastDay = (dueAt: number) => shanghaiDate(dueAt - 1);

describe('deadline properties', () => {
  it('ends at 24:00 of a working day, after the event', () => {
    fc.assert(
      fc.property(instant(), amount, unit, (from, n, u) => {
        const { dueAt } = deadline(calendar, from, n, u);
        expect(dueAt).toBeGreaterThan(from);
        expect(shanghaiMidnight(shanghaiDate(dueAt))).toBe(dueAt);
        expect(calendar.isWorkingDay(lastDay(dueAt))).toBe(true);
      }),
      RUNS,
    );
  });

  it('counts exactly N working days after the event day, or lands on the first working day from day N', () => {
    fc.assert(
      fc.property(instant(), fc.integer({ min: 1, max: 60 }), unit, (from, n, u) => {
        const eventDay = shanghaiDate(from);
        const last = lastDay(deadline(calendar, from, n, u).dueAt);
        if (u === 'working_days') {
          expect(workingDaysBetween(eventDay, last)).toBe(n);
        } else {
          const target = addDays(eventDay, n);
          expect(last >= target).toBe(true);
          expect(workingDaysBetween(addDays(target, -1), addDays(last, -1))).toBe(0);
        }
      }),
      RUNS,
    );
  });

  it('is monotonic in the amount', () => {
    fc.assert(
      fc.property(instant(), amount, fc.integer({ min: 0, max: 30 }), unit, (from, n, more, u) => {
        expect(deadline(calendar, from, n + more, u).dueAt).toBeGreaterThanOrEqual(
          deadline(calendar, from, n, u).dueAt,
        );
      }),
      RUNS,
    );
  });

  it('a working-day period is never shorter than the same number of calendar days', () => {
    fc.assert(
      fc.property(instant(), amount, (from, n) => {
        const working = deadline(calendar, from, n, 'working_days').dueAt;
        expect(working).toBeGreaterThanOrEqual(deadline(calendar, from, n, 'calendar_days').dueAt);
      }),
      RUNS,
    );
  });

  it('reports a provisional deadline exactly when the period reaches 2027, and never a gap', () => {
    fc.assert(
      fc.property(instant(), fc.integer({ min: 0, max: 400 }), unit, (from, n, u) => {
        const { dueAt, calendarGap, calendarProvisional } = deadline(calendar, from, n, u);
        expect(calendarProvisional).toBe(lastDay(dueAt) >= '2027-01-01');
        expect(calendarGap).toBe(false);
      }),
      RUNS,
    );
  });
});

describe('pause and resume properties', () => {
  const paused = (u: SlaUnit) =>
    fc
      .record({
        from: instant(START, Date.parse('2026-10-01T00:00:00+08:00')),
        n: fc.integer({ min: 1, max: 30 }),
        pauseAfter: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
        resumeAfter: fc.integer({ min: 0, max: 40 * 86_400_000 }),
      })
      .map(({ from, n, pauseAfter, resumeAfter }) => {
        const { dueAt } = deadline(calendar, from, n, u);
        const pausedAt = from + Math.floor((dueAt - from) * pauseAfter);
        return { from, n, dueAt, pausedAt, resumedAt: pausedAt + resumeAfter };
      });

  it('neither lose nor gain working days', () => {
    fc.assert(
      fc.property(paused('working_days'), ({ from, n, dueAt, pausedAt, resumedAt }) => {
        const left = remainingDays(calendar, pausedAt, dueAt, 'working_days');
        expect(workingDaysBetween(shanghaiDate(from), shanghaiDate(pausedAt)) + left).toBe(n);
        const resumed = resumeDeadline(calendar, { dueAt, pausedAt, resumedAt, unit: 'working_days' });
        expect(resumed.dueAt).toBeGreaterThanOrEqual(dueAt);
        expect(resumed.calendarGap).toBe(false);
        if (left > 0) expect(workingDaysBetween(shanghaiDate(resumedAt), lastDay(resumed.dueAt))).toBe(left);
        else expect(resumed.dueAt).toBe(deadline(calendar, resumedAt, 0, 'working_days').dueAt);
      }),
      RUNS,
    );
  });

  it('neither lose nor gain calendar days', () => {
    fc.assert(
      fc.property(paused('calendar_days'), ({ dueAt, pausedAt, resumedAt }) => {
        const left = remainingDays(calendar, pausedAt, dueAt, 'calendar_days');
        expect(addDays(shanghaiDate(pausedAt), left)).toBe(lastDay(dueAt));
        const resumed = resumeDeadline(calendar, { dueAt, pausedAt, resumedAt, unit: 'calendar_days' });
        expect(resumed.dueAt).toBeGreaterThanOrEqual(dueAt);
        expect(resumed).toEqual(deadline(calendar, resumedAt, left, 'calendar_days'));
      }),
      RUNS,
    );
  });
});

describe('whole milliseconds', () => {
  // The instants are stored in bigint columns on PostgreSQL: a fraction of a millisecond (once
  // from a clock step) is refused there. Whatever the inputs, what the clock computes is whole.
  const fractional = fc.tuple(instant(), fc.double({ min: 0.001, max: 0.999, noNaN: true }));
  it('deadline, resumeDeadline and recountDeadline give whole-millisecond instants from fractional ones', () => {
    fc.assert(
      fc.property(fractional, fractional, amount, unit, ([a, fa], [b, fb], n, u) => {
        const from = Math.min(a, b) + fa;
        // Equal instants: the later one keeps the larger fraction, so it never comes first.
        const later = Math.max(a, b) + (a === b ? Math.max(fa, fb) : fb);
        const due = deadline(calendar, from, n, u).dueAt;
        expect(Number.isInteger(due)).toBe(true);
        expect(
          Number.isInteger(
            resumeDeadline(calendar, { dueAt: due, pausedAt: from, resumedAt: later, unit: u }).dueAt,
          ),
        ).toBe(true);
        expect(Number.isInteger(recountDeadline(calendar, calendar, from, due, u).dueAt)).toBe(true);
      }),
      RUNS,
    );
  });
});
