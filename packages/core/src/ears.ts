/**
 * Early warning by the CDC's Early Aberration Reporting System (EARS) methods C1, C2 and C3, as
 * pure functions over a series of counts (complaints received per day or per week).
 *
 * For a period t with count y_t:
 * - C1: the baseline is the `baseline` periods just before t (t−7 … t−1 by default): its mean μ
 *   and standard deviation σ (n − 1); C1_t = (y_t − μ) / σ.
 * - C2: the same, with a gap of two periods (t−9 … t−3): an outbreak growing over a few days does
 *   not raise its own baseline.
 * - C3: C2 plus the previous two periods' excess: C3_t = Σ_{i=0..2} max(0, C2_{t−i} − 1).
 * An alarm is raised when the statistic exceeds z = Φ⁻¹(1 − α).
 *
 * Two guards keep quiet series from alarming on a single complaint: σ is floored at `minSigma`
 * (a baseline of zeros has σ = 0, and any count would stand infinitely far above it), and a count
 * below `minCount` never alarms.
 *
 * The upper bound of C1 and C2 is μ + z·σ, exactly as the R package `surveillance` (function
 * `earsC`) computes it. Its C3 differs: `earsC` (1.20.3) sets the bound to y_t + σ_t(z − e_{t−1} −
 * e_{t−2}), so that its alarm does not depend on y_t; here C3 follows the CDC's definition above,
 * and the tests check each of its parts against `earsC` (see docs/early-warning.md).
 */

export const EARS_METHODS = ['C1', 'C2', 'C3'] as const;
export type EarsMethod = (typeof EARS_METHODS)[number];

export interface EarsParams {
  /** Periods in the baseline (R's `baseline`, 7 by default; at least 3). */
  readonly baseline: number;
  /** The alarm's significance: z = Φ⁻¹(1 − α). */
  readonly alpha: number;
  /** The floor on the baseline's standard deviation (R's `minSigma`). */
  readonly minSigma: number;
  /** The smallest count that may alarm. */
  readonly minCount: number;
}

/** One period's evaluation. */
export interface EarsPoint {
  /** The period's position in the series. */
  readonly index: number;
  readonly observed: number;
  /** The baseline's mean μ. */
  readonly expected: number;
  /** The baseline's standard deviation, floored at `minSigma`. */
  readonly sigma: number;
  /** C1, C2 or C3 of this period. */
  readonly statistic: number;
  /**
   * The count above which this period alarms (the statistic above z), given the baseline (and for
   * C3 the two previous periods' excess); never below 0.
   */
  readonly threshold: number;
  readonly alarm: boolean;
}

/** How many periods before t a method reads: C1 the baseline, C2 two more, C3 two C2s more. */
export function earsLookback(method: EarsMethod, baseline: number): number {
  return method === 'C1' ? baseline : method === 'C2' ? baseline + 2 : baseline + 4;
}

/** The mean and sample standard deviation (n − 1) of `values[from, to)`. */
function meanAndSd(values: readonly number[], from: number, to: number): { mean: number; sd: number } {
  const n = to - from;
  let sum = 0;
  for (let i = from; i < to; i++) sum += values[i]!;
  const mean = sum / n;
  let squares = 0;
  for (let i = from; i < to; i++) squares += (values[i]! - mean) ** 2;
  return { mean, sd: Math.sqrt(squares / (n - 1)) };
}

/** (y − μ) / σ, with σ = 0 read as: above the mean is infinitely far, at or below it is 0. */
function standardised(y: number, mean: number, sigma: number): number {
  if (sigma > 0) return (y - mean) / sigma;
  return y > mean ? Number.POSITIVE_INFINITY : 0;
}

interface Baseline {
  readonly mean: number;
  readonly sigma: number;
}

function baselineAt(counts: readonly number[], t: number, gap: number, params: EarsParams): Baseline {
  const to = t - gap;
  const { mean, sd } = meanAndSd(counts, to - params.baseline, to);
  return { mean, sigma: Math.max(sd, params.minSigma) };
}

function checkParams(params: EarsParams): void {
  if (!Number.isInteger(params.baseline) || params.baseline < 3)
    throw new RangeError('baseline must be an integer ≥ 3');
  if (!(params.alpha > 0 && params.alpha < 1)) throw new RangeError('alpha must be in (0, 1)');
  if (!(params.minSigma >= 0)) throw new RangeError('minSigma must be ≥ 0');
}

/**
 * Evaluates `method` at each index of `range` (by default every period with enough history
 * before it: from `earsLookback(method)` on). An index without enough history is skipped.
 */
export function earsC(
  counts: readonly number[],
  method: EarsMethod,
  params: EarsParams,
  range?: readonly number[],
): EarsPoint[] {
  checkParams(params);
  const lookback = earsLookback(method, params.baseline);
  const z = normalQuantile(1 - params.alpha);
  const indices =
    range ?? Array.from({ length: Math.max(0, counts.length - lookback) }, (_, i) => i + lookback);
  const points: EarsPoint[] = [];
  for (const t of indices) {
    if (t < lookback || t >= counts.length) continue;
    const y = counts[t]!;
    if (method === 'C1' || method === 'C2') {
      const { mean, sigma } = baselineAt(counts, t, method === 'C1' ? 0 : 2, params);
      const statistic = standardised(y, mean, sigma);
      points.push(point(t, y, mean, sigma, statistic, mean + z * sigma, statistic > z, params));
      continue;
    }
    // C3: today's excess over 1 (in C2 units) plus the two previous periods'.
    const excess = (i: number) => {
      const b = baselineAt(counts, i, 2, params);
      return Math.max(0, standardised(counts[i]!, b.mean, b.sigma) - 1);
    };
    const { mean, sigma } = baselineAt(counts, t, 2, params);
    const earlier = excess(t - 1) + excess(t - 2);
    const statistic = Math.max(0, standardised(y, mean, sigma) - 1) + earlier;
    // y alarms when max(0, (y − μ)/σ − 1) > z − earlier: above μ + σ(1 + z − earlier) while that is
    // positive; once the earlier excess alone exceeds z, any count does.
    const threshold = z - earlier >= 0 ? mean + sigma * (1 + z - earlier) : 0;
    points.push(point(t, y, mean, sigma, statistic, threshold, statistic > z, params));
  }
  return points;
}

function point(
  index: number,
  observed: number,
  expected: number,
  sigma: number,
  statistic: number,
  threshold: number,
  exceeds: boolean,
  params: EarsParams,
): EarsPoint {
  return {
    index,
    observed,
    expected,
    sigma,
    statistic,
    threshold: Math.max(0, threshold),
    alarm: exceeds && observed >= params.minCount,
  };
}

/** Horner's rule over coefficients from the highest power down. */
const poly = (coefficients: readonly number[], x: number) => coefficients.reduce((acc, c) => acc * x + c, 0);
/** AS 241's coefficients, as published (more digits than a double holds: parsed to the nearest one). */
const coefficients = (text: string) => text.trim().split(/\s+/).map(Number);
const A =
  coefficients(`2509.0809287301226727 33430.575583588128105 67265.770927008700853 45921.953931549871457
  13731.693765509461125 1971.5909503065514427 133.14166789178437745 3.387132872796366608`);
const B = coefficients(`5226.495278852545925 28729.085735721942674 39307.89580009271061 21213.794301586595867
  5394.1960214247511077 687.1870074920579083 42.313330701600911252 1`);
const C = coefficients(`7.7454501427834140764e-4 0.0227238449892691845833 0.24178072517745061177
  1.27045825245236838258 3.64784832476320460504 5.7694972214606914055 4.6303378461565452959 1.42343711074968357734`);
const D = coefficients(`1.05075007164441684324e-9 5.475938084995344946e-4 0.0151986665636164571966
  0.14810397642748007459 0.68976733498510000455 1.6763848301838038494 2.05319162663775882187 1`);
const E = coefficients(`2.01033439929228813265e-7 2.71155556874348757815e-5 0.0012426609473880784386
  0.026532189526576123093 0.29656057182850489123 1.7848265399172913358 5.4637849111641143699 6.6579046435011037772`);
const F = coefficients(`2.04426310338993978564e-15 1.4215117583164458887e-7 1.8463183175100546818e-5
  7.868691311456132591e-4 0.0148753612908506148525 0.13692988092273580531 0.59983220655588793769 1`);

/**
 * Φ⁻¹(p), the standard normal quantile, by Wichura's algorithm AS 241 (PPND16, accurate to about
 * 1e-16): the algorithm R's `qnorm` uses, so that thresholds agree with the reference to the last digit.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError('p must be in (0, 1)');
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (q * poly(A, r)) / poly(B, r);
  }
  const r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  const value = r <= 5 ? poly(C, r - 1.6) / poly(D, r - 1.6) : poly(E, r - 5) / poly(F, r - 5);
  return q < 0 ? -value : value;
}
