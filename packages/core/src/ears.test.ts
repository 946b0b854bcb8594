import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type EarsMethod, type EarsParams, earsC, normalQuantile } from './ears';

const params = (over: Partial<EarsParams> = {}): EarsParams => ({
  baseline: 7,
  alpha: 0.001,
  minSigma: 0,
  minCount: 0,
  ...over,
});

describe('EARS by hand', () => {
  const series = [3, 5, 4, 6, 5, 4, 5, 6, 4, 5, 12, 5, 6, 4, 15, 14, 5];

  it('C1 reads the 7 periods before: mean 32/7, sd √(20/21) at t = 7', () => {
    const [p] = earsC(series, 'C1', params(), [7]);
    expect(p!.expected).toBeCloseTo(32 / 7, 12);
    expect(p!.sigma).toBeCloseTo(Math.sqrt(20 / 21), 12);
    expect(p!.statistic).toBeCloseTo((6 - 32 / 7) / Math.sqrt(20 / 21), 12);
    expect(p!.threshold).toBeCloseTo(32 / 7 + 3.090232306167813 * Math.sqrt(20 / 21), 12);
    expect(p!.alarm).toBe(false);
  });

  it('C1 alarms on the spike at t = 10: baseline 6,5,4,5,6,4,5 (mean 5, sd √(2/3))', () => {
    const [p] = earsC(series, 'C1', params(), [10]);
    expect(p!.expected).toBe(5);
    expect(p!.sigma).toBeCloseTo(Math.sqrt(2 / 3), 12);
    expect(p!.statistic).toBeCloseTo(7 / Math.sqrt(2 / 3), 12);
    expect(p!.alarm).toBe(true);
  });

  it('C2 leaves a gap of two: at t = 16 the baseline is t−9 … t−3 and excludes the spike of t−2, t−1', () => {
    const [c2] = earsC(series, 'C2', params(), [16]);
    // t−9 … t−3 = indices 7 … 13: 6, 4, 5, 12, 5, 6, 4
    expect(c2!.expected).toBeCloseTo(42 / 7, 12);
    const [c1] = earsC(series, 'C1', params(), [16]);
    // C1's baseline (9 … 15) holds both spikes, so its mean is higher.
    expect(c1!.expected).toBeGreaterThan(c2!.expected);
  });

  it('C3 adds the previous two periods’ excess over 1', () => {
    const c2 = earsC(series, 'C2', params(), [13, 14, 15]);
    const [c3] = earsC(series, 'C3', params({ alpha: 0.025 }), [15]);
    const excess = c2.map((p) => Math.max(0, p.statistic - 1));
    expect(c3!.statistic).toBeCloseTo(excess[0]! + excess[1]! + excess[2]!, 12);
    expect(c3!.alarm).toBe(c3!.statistic > normalQuantile(0.975));
  });

  it('skips the periods without enough history, and evaluates every other by default', () => {
    expect(earsC(series, 'C1', params(), [6])).toEqual([]);
    expect(earsC(series, 'C1', params()).map((p) => p.index)[0]).toBe(7);
    expect(earsC(series, 'C2', params()).map((p) => p.index)[0]).toBe(9);
    expect(earsC(series, 'C3', params()).map((p) => p.index)[0]).toBe(11);
    expect(earsC(series, 'C3', params())).toHaveLength(series.length - 11);
  });

  it('a flat series never alarms, a baseline of zeros alarms on anything only without the guards', () => {
    const flat = Array.from({ length: 30 }, () => 4);
    for (const method of ['C1', 'C2', 'C3'] as const) {
      expect(earsC(flat, method, params()).some((p) => p.alarm)).toBe(false);
    }
    const quiet = [0, 0, 0, 0, 0, 0, 0, 1];
    expect(earsC(quiet, 'C1', params(), [7])[0]!.alarm).toBe(true);
    // σ floored at 0.5: one complaint is 2σ above an empty week, under z = 3.09.
    expect(earsC(quiet, 'C1', params({ minSigma: 0.5 }), [7])[0]!.alarm).toBe(false);
    // A count of 2 would pass the floor (4σ), but not a minimum count of 3.
    const two = [0, 0, 0, 0, 0, 0, 0, 2];
    expect(earsC(two, 'C1', params({ minSigma: 0.5 }), [7])[0]!.alarm).toBe(true);
    expect(earsC(two, 'C1', params({ minSigma: 0.5, minCount: 3 }), [7])[0]!.alarm).toBe(false);
  });

  it('refuses parameters R refuses', () => {
    expect(() => earsC(series, 'C1', params({ baseline: 2 }))).toThrow(RangeError);
    expect(() => earsC(series, 'C1', params({ minSigma: -1 }))).toThrow(RangeError);
    expect(() => earsC(series, 'C1', params({ alpha: 0 }))).toThrow(RangeError);
  });
});

/** Outputs of R's surveillance::earsC for the same series (test/ears/reference.R). */
interface Reference {
  generatedBy: string;
  qnorm: { p: number[]; q: number[] };
  series: Record<string, number[]>;
  cases: {
    series: string;
    method: EarsMethod;
    baseline: number;
    alpha: number;
    minSigma: number;
    range: number[];
    upperbound: number[];
    alarm: boolean[];
  }[];
}
const reference: Reference = JSON.parse(
  readFileSync(new URL('../test/ears/reference.json', import.meta.url), 'utf8'),
);

describe(`EARS against R (${reference.generatedBy})`, () => {
  it('normalQuantile is R’s qnorm', () => {
    reference.qnorm.p.forEach((p, i) => {
      expect(normalQuantile(p)).toBeCloseTo(reference.qnorm.q[i]!, 12);
    });
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 10);
  });

  const c1c2 = reference.cases.filter((c) => c.method !== 'C3');
  it.each(
    c1c2.map((c) => [`${c.series} ${c.method} baseline ${c.baseline} minSigma ${c.minSigma}`, c] as const),
  )('%s: the same upper bound and alarms', (_, c) => {
    const y = reference.series[c.series]!;
    const points = earsC(
      y,
      c.method,
      params({ baseline: c.baseline, alpha: c.alpha, minSigma: c.minSigma }),
      c.range.map((r) => r - 1),
    );
    expect(points.map((p) => p.index + 1)).toEqual(c.range);
    points.forEach((p, i) => {
      expect(p.threshold).toBeCloseTo(c.upperbound[i]!, 9);
      expect(p.alarm).toBe(c.alarm[i]);
    });
  });

  const c3 = reference.cases.filter((c) => c.method === 'C3');
  it.each(c3.map((c) => [`${c.series} C3 baseline ${c.baseline} minSigma ${c.minSigma}`, c] as const))(
    '%s: R’s bound y + σ(z − e₁ − e₂) from our σ and C2 excesses',
    (_, c) => {
      const y = reference.series[c.series]!;
      const p = params({ baseline: c.baseline, alpha: c.alpha, minSigma: c.minSigma });
      const z = normalQuantile(1 - c.alpha);
      const points = earsC(
        y,
        'C3',
        p,
        c.range.map((r) => r - 1),
      );
      const c2 = new Map(earsC(y, 'C2', p).map((q) => [q.index, q]));
      expect(points.map((q) => q.index + 1)).toEqual(c.range);
      points.forEach((q, i) => {
        const excess = (t: number) => Math.max(0, c2.get(t)!.statistic - 1);
        const earlier = excess(q.index - 1) + excess(q.index - 2);
        expect(q.statistic).toBeCloseTo(excess(q.index) + earlier, 9);
        expect(Math.max(0, q.observed + q.sigma * (z - earlier))).toBeCloseTo(c.upperbound[i]!, 9);
        // R's alarm is the earlier excess alone above z; ours adds today's, so it alarms at least then.
        if (c.alarm[i]) expect(q.alarm).toBe(true);
      });
    },
  );
});
