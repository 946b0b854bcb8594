import { describe, expect, it } from 'vitest';
import {
  bucketKey,
  changeYoY,
  emptyCounts,
  figuresOf,
  medianDays,
  rate,
  timeBuckets,
  yearEarlier,
} from './figures';
import { DAY_MS } from './time';

const sh = (iso: string) => Date.parse(`${iso}+08:00`);

describe('figures', () => {
  it('rates and the change against last year are null when there is nothing to divide by', () => {
    expect(rate(1, 4)).toBe(0.25);
    expect(rate(0, 0)).toBeNull();
    expect(changeYoY(86, 100)).toBeCloseTo(-0.14);
    expect(changeYoY(5, 0)).toBeNull();
    expect(changeYoY(0, 0)).toBeNull();
    const empty = figuresOf(emptyCounts());
    expect(empty).toEqual({
      volume: 0,
      volumePreviousYear: 0,
      changeYoY: null,
      assigned: 0,
      settledFirst: 0,
      firstSettlementRate: null,
      onTimeRate: null,
      medianDaysToSettle: null,
      recoveredFen: 0,
      satisfaction: { count: 0, mean: null },
    });
  });

  it('the median is the middle value or the mean of the two, in days to one decimal', () => {
    expect(medianDays([])).toBeNull();
    expect(medianDays([3 * DAY_MS, DAY_MS, 2 * DAY_MS])).toBe(2);
    expect(medianDays([DAY_MS, 2 * DAY_MS])).toBe(1.5);
    expect(medianDays([0.04 * DAY_MS])).toBe(0);
    expect(medianDays([0.26 * DAY_MS, 10 * DAY_MS, 0.25 * DAY_MS, 0])).toBe(0.3);
  });

  it('one year earlier keeps the Shanghai date and time; 29 February becomes 1 March', () => {
    expect(yearEarlier(sh('2026-01-01T00:00:00'))).toBe(sh('2025-01-01T00:00:00'));
    expect(yearEarlier(sh('2026-03-15T23:30:00'))).toBe(sh('2025-03-15T23:30:00'));
    expect(yearEarlier(sh('2024-02-29T08:00:00'))).toBe(sh('2023-03-01T08:00:00'));
    expect(yearEarlier(sh('2024-02-28T00:00:00'))).toBe(sh('2023-02-28T00:00:00'));
    expect(yearEarlier(sh('2025-01-01T07:59:59'))).toBe(sh('2024-01-01T07:59:59'));
  });

  it('months, weeks and days are Shanghai time, cut to the period', () => {
    const months = timeBuckets(sh('2026-01-15T00:00:00'), sh('2026-04-01T00:00:00'), 'month');
    expect(months.map((b) => b.key)).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(months[0]).toEqual({
      key: '2026-01',
      from: sh('2026-01-15T00:00:00'),
      to: sh('2026-02-01T00:00:00'),
    });
    // 2026-12-03 is a Thursday: its week starts on Monday 30 November.
    const weeks = timeBuckets(sh('2026-12-03T00:00:00'), sh('2026-12-15T00:00:00'), 'week');
    expect(weeks.map((b) => b.key)).toEqual(['2026-11-30', '2026-12-07', '2026-12-14']);
    expect(bucketKey(sh('2026-12-06T23:59:59'), 'week')).toBe('2026-11-30');
    expect(bucketKey(sh('2026-12-07T00:00:00'), 'week')).toBe('2026-12-07');
    // 07:59 UTC+8 on 1 March is still 1 March in Shanghai.
    expect(bucketKey(sh('2026-03-01T07:59:00'), 'day')).toBe('2026-03-01');
    expect(bucketKey(sh('2026-02-28T23:59:00'), 'month')).toBe('2026-02');
    expect(timeBuckets(sh('2026-01-01T00:00:00'), sh('2026-01-01T00:00:00'), 'day')).toEqual([]);
    expect(() => timeBuckets(0, 4_000 * DAY_MS, 'day')).toThrow(RangeError);
  });
});
