/**
 * `npm run bench:alerts`: the early warning's evaluation harness (issue 15).
 *
 * 1. Detection: synthetic daily histories shaped like a district's traffic — a weekday pattern,
 *    the days off of the shipped State Council calendars (2024–2026), a slow fall (−13.71 % a
 *    year, the review's headline), Poisson noise — at three levels (the district total, a
 *    category, a merchant), plus the CFPB sample's real daily counts of 2019 as a fourth base.
 *    Spikes are injected at known days with known sizes (1.5×, 2×, 3× the day's expected count),
 *    as single days and as 5-day ramps. For each method and granularity: the recall at each spike
 *    size, and the false alarms per 100 series-weeks on the same histories without spikes.
 * 2. Speed: three years of daily history in SQLite (complaints with categories, tags and
 *    merchants), one evaluation over every series, against the 5 s target.
 *
 * Prints a markdown report (docs/early-warning.md publishes it). Options: --quick (fewer
 * replicates), --skip-speed, --days N (the speed section's complaints per day, 250).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  addDays,
  businessNameKey,
  defaultCalendar,
  type EarsMethod,
  type EarsParams,
  earsC,
  earsLookback,
  shanghaiMidnight,
  weekday,
} from '@redress/core';
import type { Insertable } from 'kysely';
import { evaluateAlerts } from '../src/alerts';
import { ALERT_DEFAULTS, testConfig } from '../src/config';
import { withPrincipal } from '../src/context';
import type { Database } from '../src/db/database';
import { openRuntime } from '../src/deps';
import { ManualClock } from '../src/http/clock';
import { SYSTEM } from '../src/http/principal';
import { silentLogger } from '../src/logger';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    'skip-speed': { type: 'boolean', default: false },
    'per-day': { type: 'string', default: '250' },
  },
});
const REPLICATES = values.quick ? 40 : 200;

// ---- synthetic traffic -----------------------------------------------------------------------

/** A small seeded generator (mulberry32): the same report every run. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A Poisson draw: Knuth's product for small means, the normal approximation above 30. */
function poisson(random: () => number, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 30) {
    const u = Math.max(random(), 1e-12);
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * z));
  }
  const limit = Math.exp(-mean);
  let k = 0;
  let p = random();
  while (p > limit) {
    k++;
    p *= random();
  }
  return k;
}

const FIRST_DAY = '2024-01-01';
const DAYS = 3 * 365 + 1; // 2024-01-01 … 2026-12-31
const calendar = defaultCalendar();
/** Monday … Sunday relative to the week's mean: people complain at the start of the week, less at weekends. */
const WEEKDAY_SHAPE = [0.75, 1.2, 1.1, 1.05, 1.05, 1.0, 0.8]; // index: 0 Sunday … 6 Saturday
const DAY_OFF_FACTOR = 0.6;
const YEARLY_TREND = -0.1371;

/** The expected count of each day of the history at a level (complaints per average day). */
function expectedCounts(level: number): number[] {
  return Array.from({ length: DAYS }, (_, i) => {
    const date = addDays(FIRST_DAY, i);
    const dayOff = !calendar.isWorkingDay(date) && weekday(date) !== 0 && weekday(date) !== 6;
    const trend = (1 + YEARLY_TREND) ** (i / 365);
    return level * WEEKDAY_SHAPE[weekday(date)]! * (dayOff ? DAY_OFF_FACTOR : 1) * trend;
  });
}

/** The CFPB sample's complaints per day in 2019 (packages/core/test/ears/cfpb-2019-daily.json). */
const CFPB: number[] = JSON.parse(
  readFileSync(new URL('../../../packages/core/test/ears/cfpb-2019-daily.json', import.meta.url), 'utf8'),
).counts;

interface Base {
  readonly name: string;
  readonly expected: readonly number[];
  /** A history drawn around `expected` (the CFPB base is itself one real history). */
  draw(random: () => number): number[];
}

const levelBase = (name: string, level: number): Base => {
  const expected = expectedCounts(level);
  return { name, expected, draw: (random) => expected.map((m) => poisson(random, m)) };
};

const BASES: readonly Base[] = [
  levelBase('district total (≈175/day)', 175),
  levelBase('a category (≈20/day)', 20),
  levelBase('a merchant (≈3/day)', 3),
  {
    name: 'CFPB 2019 (real, ≈16/day)',
    // Its expected count on a day: the mean of the 28 days around it (it is one real history).
    expected: CFPB.map((_, i) => {
      const from = Math.max(0, i - 14);
      const to = Math.min(CFPB.length, i + 14);
      return CFPB.slice(from, to).reduce((s, x) => s + x, 0) / (to - from);
    }),
    draw: () => [...CFPB],
  },
];

// ---- detection ---------------------------------------------------------------------------------

interface Variant {
  readonly label: string;
  readonly granularity: 'day' | 'week';
  readonly method: EarsMethod;
  readonly params: EarsParams;
}

const SIZES = [1.5, 2, 3] as const;
const SHAPES = ['single day', '5-day ramp'] as const;

/** Sums days into ISO weeks (Monday to Sunday), from the first Monday of the history. */
function weeks(days: readonly number[]): { counts: number[]; firstMonday: number } {
  let firstMonday = 0;
  while (weekday(addDays(FIRST_DAY, firstMonday)) !== 1) firstMonday++;
  const counts: number[] = [];
  for (let d = firstMonday; d + 7 <= days.length; d += 7) {
    let sum = 0;
    for (let k = 0; k < 7; k++) sum += days[d + k]!;
    counts.push(sum);
  }
  return { counts, firstMonday };
}

/** Whether `variant` alarms on the periods covering days [from, to]. */
function alarmsOn(variant: Variant, days: readonly number[], from: number, to: number): boolean {
  if (variant.granularity === 'day') {
    const range = Array.from({ length: to - from + 1 }, (_, i) => from + i);
    return earsC(days, variant.method, variant.params, range).some((p) => p.alarm);
  }
  const { counts, firstMonday } = weeks(days);
  const first = Math.floor((from - firstMonday) / 7);
  const last = Math.floor((to - firstMonday) / 7);
  const range = Array.from({ length: last - first + 1 }, (_, i) => first + i).filter((w) => w >= 0);
  return earsC(counts, variant.method, variant.params, range).some((p) => p.alarm);
}

/** The false alarms of a variant on a history without spikes, and the series-weeks it covered. */
function falseAlarms(variant: Variant, days: readonly number[]): { alarms: number; weeks: number } {
  if (variant.granularity === 'day') {
    const points = earsC(days, variant.method, variant.params);
    return { alarms: points.filter((p) => p.alarm).length, weeks: points.length / 7 };
  }
  const points = earsC(weeks(days).counts, variant.method, variant.params);
  return { alarms: points.filter((p) => p.alarm).length, weeks: points.length };
}

/** Injects a spike of `size` × the expected count at `day` (a single day, or a ramp up to it over 5 days). */
function inject(
  days: number[],
  expected: readonly number[],
  day: number,
  size: number,
  shape: (typeof SHAPES)[number],
) {
  const spiked = [...days];
  const span = shape === 'single day' ? 1 : 5;
  for (let k = 0; k < span; k++) {
    const factor = shape === 'single day' ? size : 1 + ((size - 1) * (k + 1)) / span;
    const t = day - span + 1 + k;
    spiked[t] = spiked[t]! + Math.round((factor - 1) * expected[t]!);
  }
  return { spiked, from: day - span + 1, to: day };
}

function detection(variants: readonly Variant[]): string {
  const lines: string[] = [];
  const header = `| base | method | ${SHAPES.flatMap((s) => SIZES.map((z) => `${s} ${z}×`)).join(' | ')} | false alarms / 100 series-weeks |`;
  for (const base of BASES) {
    lines.push(`### ${base.name}`, '', header, `|${' --- |'.repeat(2 + SHAPES.length * SIZES.length + 1)}`);
    for (const variant of variants) {
      const random = rng(20261203);
      const lookback =
        (earsLookback(variant.method, variant.params.baseline) + 1) *
        (variant.granularity === 'week' ? 7 : 1);
      const cells: string[] = [];
      for (const shape of SHAPES) {
        for (const size of SIZES) {
          let found = 0;
          for (let r = 0; r < REPLICATES; r++) {
            const days = base.draw(random);
            const day = lookback + 7 + Math.floor(random() * (days.length - lookback - 14));
            const { spiked, from, to } = inject(days, base.expected, day, size, shape);
            if (alarmsOn(variant, spiked, from, to)) found++;
          }
          cells.push(`${Math.round((100 * found) / REPLICATES)} %`);
        }
      }
      let alarms = 0;
      let seriesWeeks = 0;
      const clean = base.name.startsWith('CFPB') ? 1 : Math.max(5, REPLICATES / 20);
      for (let r = 0; r < clean; r++) {
        const f = falseAlarms(variant, base.draw(random));
        alarms += f.alarms;
        seriesWeeks += f.weeks;
      }
      lines.push(
        `| | ${variant.label} | ${cells.join(' | ')} | ${((100 * alarms) / seriesWeeks).toFixed(1)} |`,
      );
    }
    lines.push('');
  }
  return lines.join('\n');
}

const p = (over: Partial<EarsParams>, granularity: 'day' | 'week'): EarsParams => ({
  ...ALERT_DEFAULTS[granularity],
  ...over,
});

const VARIANTS: Variant[] = [];
for (const granularity of ['day', 'week'] as const) {
  const d = ALERT_DEFAULTS[granularity];
  for (const method of ['C1', 'C2', 'C3'] as const) {
    const alpha = method === 'C3' ? 0.025 : d.alpha;
    VARIANTS.push({
      label: `${granularity} ${method} (α ${alpha}, σ ≥ ${d.minSigma}, n ≥ ${d.minCount})`,
      granularity,
      method,
      params: p({ alpha }, granularity),
    });
  }
  // Without the guards, to show what they cost and what they buy.
  VARIANTS.push({
    label: `${granularity} ${d.methods[0]} without guards (σ ≥ 0, n ≥ 0)`,
    granularity,
    method: d.methods[0]!,
    params: p({ minSigma: 0, minCount: 0 }, granularity),
  });
}

// ---- speed -------------------------------------------------------------------------------------

async function speed(perDay: number): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'redress-alerts-bench-'));
  try {
    const last = '2026-11-29';
    const clock = new ManualClock(shanghaiMidnight('2026-11-30') + 3_600_000);
    const runtime = await openRuntime(testConfig({ databaseUrl: `sqlite:${join(dir, 'redress.db')}` }), {
      clock,
      log: silentLogger,
    });
    try {
      const categories = (await runtime.db.selectFrom('categories').select('code').execute()).map(
        (r) => r.code,
      );
      const tags = (await runtime.db.selectFrom('tags').select('code').execute()).map((r) => r.code);
      const merchants = Array.from({ length: 44 }, (_, i) => `mer_BENCH${String(i).padStart(21, '0')}`);
      await runtime.db
        .insertInto('merchants')
        .values(
          merchants.map((id, i) => ({
            id,
            name: `联网企业${i + 1}`,
            name_key: businessNameKey(`联网企业${i + 1}`),
            credit_code: `BENCH${String(i).padStart(13, '0')}`,
            sla_policy: 'standard',
            created_at: 0,
            updated_at: 0,
          })),
        )
        .execute();
      const random = rng(7);
      const started = performance.now();
      let n = 0;
      const first = addDays(last, -(3 * 365 - 1));
      for (let day = 0; day < 3 * 365; day++) {
        const midnight = shanghaiMidnight(addDays(first, day));
        const count = poisson(random, perDay);
        const rows: Insertable<Database['complaints']>[] = [];
        const tagRows: Insertable<Database['complaint_tags']>[] = [];
        for (let i = 0; i < count; i++) {
          const id = `cmp_BENCH${String(n++).padStart(21, '0')}`;
          const received = midnight + Math.floor(random() * 86_400_000);
          rows.push({
            id,
            reference: `PD-B-${n}`,
            kind: 'complaint' as const,
            status: 'closed' as const,
            channel: 'platform_12315' as const,
            merchant_id: random() < 0.3 ? merchants[Math.floor(random() * merchants.length)]! : null,
            station_id: null,
            external_ref: null,
            subject: '—',
            description: '—',
            category: categories[Math.floor(random() * categories.length)]!,
            tags: '[]',
            consumer_name: '—',
            consumer_phone: null,
            consumer_is_minor: 0,
            claim_fen: null,
            pending_proposal: null,
            pending_info_request: null,
            sla_policy: null,
            ack_due_at: null,
            settle_due_at: null,
            paused_at: null,
            calendar_gap: 0,
            next_due_at: null,
            next_due_stage: null,
            stopped_at: null,
            answer_due_at: null,
            escalate_at: null,
            escalation_cause: null,
            accept_due_at: null,
            accepted_at: null,
            mediation_due_at: null,
            mediation_ended_at: null,
            staff_due_at: null,
            staff_due_stage: null,
            acknowledged_at: null,
            settled_at: null,
            escalated_at: null,
            closed_at: received,
            settlement_id: null,
            received_at: received,
            assigned_at: null,
            updated_at: received,
            version: 1,
          });
          if (random() < 0.4)
            tagRows.push({ complaint_id: id, tag: tags[Math.floor(random() * tags.length)]! });
        }
        await runtime.transact(async (trx) => {
          for (let i = 0; i < rows.length; i += 200)
            await trx
              .insertInto('complaints')
              .values(rows.slice(i, i + 200))
              .execute();
          for (let i = 0; i < tagRows.length; i += 500)
            await trx
              .insertInto('complaint_tags')
              .values(tagRows.slice(i, i + 500))
              .execute();
        });
      }
      const seeded = (performance.now() - started) / 1000;
      const t0 = performance.now();
      const result = await evaluateAlerts(withPrincipal(runtime, SYSTEM), last);
      const seconds = (performance.now() - t0) / 1000;
      const pass = seconds < 5;
      return [
        '## Speed',
        '',
        `${n.toLocaleString('en')} complaints over three years (${perDay}/day), seeded in ${seeded.toFixed(1)} s.`,
        `One evaluation of ${last} (a Sunday: its day and its week) over ${result.series.day} daily and ${result.series.week} weekly series,`,
        `${result.raised.length} alerts raised: **${seconds.toFixed(2)} s** (target < 5 s: ${pass ? 'PASS' : 'FAIL'}).`,
        '',
      ].join('\n');
    } finally {
      await runtime.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const report = [
  '# Early warning: evaluation harness',
  '',
  `Replicates per cell: ${REPLICATES}. Recall: the share of injected spikes alarmed on (a ramp: on any of its days, or its weeks).`,
  'False alarms: alarms per 100 series-weeks on histories without spikes (a daily method evaluates 7 periods a week, a weekly one 1).',
  '',
  detection(VARIANTS),
  values['skip-speed'] ? '' : await speed(Number(values['per-day'])),
].join('\n');
process.stdout.write(`${report}\n`);
