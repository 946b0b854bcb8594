import { addDays, shanghaiDate } from '@redress/core';
import { type AppDeps, withPrincipal } from '../context';
import { SYSTEM } from '../http/principal';
import type { Job } from '../jobs/runner';
import { evaluateAlerts } from './service';

/** How often the job looks whether a day waits to be evaluated. */
export const ALERTS_CHECK_EVERY_MS = 10 * 60_000;
/**
 * A day is evaluated from 00:10 the next morning (Shanghai): a complaint received at 23:59 and
 * still being written has committed by then.
 */
export const EVALUATE_AFTER_MIDNIGHT_MS = 10 * 60_000;
/** Days the job catches up after the workers were down (older ones: `redress alerts evaluate --date`). */
export const CATCH_UP_DAYS = 7;

/**
 * The days the job should have evaluated by `now`, oldest first: the last `CATCH_UP_DAYS` days
 * that have ended at least `EVALUATE_AFTER_MIDNIGHT_MS` ago.
 */
export function daysDue(now: number): string[] {
  const last = addDays(shanghaiDate(now - EVALUATE_AFTER_MIDNIGHT_MS), -1);
  return Array.from({ length: CATCH_UP_DAYS }, (_, i) => addDays(last, i - CATCH_UP_DAYS + 1));
}

/**
 * The daily early-warning evaluation. Every pass looks for the due days without an evaluation
 * and evaluates them; the claim in `evaluateAlerts` makes each day's evaluation happen once
 * however many workers run this.
 */
export const alertEvaluation: Job = {
  name: 'alert-evaluation',
  intervalMs: ALERTS_CHECK_EVERY_MS,
  async run(runtime: AppDeps) {
    const due = daysDue(runtime.clock.now());
    const done = new Set(
      (
        await runtime.db.selectFrom('alert_evaluations').select('date').where('date', 'in', due).execute()
      ).map((r) => r.date),
    );
    let evaluated = 0;
    for (const date of due) {
      if (done.has(date)) continue;
      const result = await evaluateAlerts(withPrincipal(runtime, SYSTEM), date);
      if (result.evaluated) {
        evaluated++;
        runtime.log.info('alerts evaluated', {
          date,
          raised: result.raised.length,
          series: result.series.day,
        });
      }
    }
    return evaluated;
  },
};
