import { z } from 'zod';
import { EARS_METHODS } from './ears';
import { idPattern, ListQuery, Timestamp } from './schemas';

/**
 * Early-warning alerts (Order 121: analyse the complaints and warn of industry-wide problems):
 * the series watched, the periods they are counted in, an alert's states, and the API objects.
 * The methods are in `ears.ts`.
 */

/** What a series counts: every complaint of the district, or those of one category, tag or merchant. */
export const ALERT_DIMENSIONS = ['total', 'category', 'tag', 'merchant'] as const;
export type AlertDimension = (typeof ALERT_DIMENSIONS)[number];

/** Complaints received per Shanghai calendar day, or per ISO week (Monday to Sunday). */
export const ALERT_GRANULARITIES = ['day', 'week'] as const;
export type AlertGranularity = (typeof ALERT_GRANULARITIES)[number];

/** `open` until staff acknowledge it (they act on it) or dismiss it (a false alarm), with a note. */
export const ALERT_STATUSES = ['open', 'acknowledged', 'dismissed'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** The key of the district total's one series. */
export const TOTAL_SERIES_KEY = 'all';

export const AlertId = z
  .string()
  .regex(idPattern('alr'), 'must be a alr_ id')
  .meta({ example: 'alr_01JD3Z6Y8G5C4F0QK3W2A1B9XE' });

export const AlertSchema = z
  .object({
    id: AlertId,
    series: z.object({
      dimension: z.enum(ALERT_DIMENSIONS),
      /** The category or tag code, the merchant's id, or `all`. */
      key: z.string(),
      label: z.string(),
    }),
    /** The period counted, half-open: [from, to). */
    period: z.object({ from: Timestamp, to: Timestamp }),
    granularity: z.enum(ALERT_GRANULARITIES),
    /** Complaints received in the period. */
    observed: z.number().int().min(0),
    /** The baseline's mean. */
    expected: z.number(),
    /** The count above which the period alarms. */
    threshold: z.number(),
    method: z.enum(EARS_METHODS),
    raisedAt: Timestamp,
    status: z.enum(ALERT_STATUSES),
    /** Who acknowledged or dismissed it (the user, or the API client), when, and why. */
    resolution: z
      .object({
        by: z.string().nullable().meta({ example: 'usr_01JD3Z6Y8G5C4F0QK3W2A1B9XE' }),
        at: Timestamp,
        note: z.string(),
      })
      .nullable(),
  })
  .meta({ id: 'Alert' });
export type Alert = z.infer<typeof AlertSchema>;

/** A Shanghai calendar date, `YYYY-MM-DD`. */
export const CalendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'must be a real calendar date')
  .meta({ example: '2026-03-15' });

export const EvaluateAlertsInput = z
  .object({
    /** The day evaluated (and its week, when it is a Sunday); yesterday in Shanghai by default. */
    date: CalendarDate.optional(),
  })
  .strict()
  .meta({ id: 'EvaluateAlertsInput' });

/** Acknowledging or dismissing an alert says why. */
export const ResolveAlertInput = z
  .object({ note: z.string().trim().min(1).max(2000) })
  .strict()
  .meta({ id: 'ResolveAlertInput' });

export const ListAlertsQuery = z.strictObject({
  ...ListQuery.shape,
  status: z.enum(ALERT_STATUSES).optional(),
  granularity: z.enum(ALERT_GRANULARITIES).optional(),
  dimension: z.enum(ALERT_DIMENSIONS).optional(),
});
export type ListAlertsQuery = z.infer<typeof ListAlertsQuery>;

export const AlertEvaluationSchema = z
  .object({
    date: CalendarDate,
    /** Whether this call evaluated the date, or found it evaluated already (the alerts it raised then). */
    evaluated: z.boolean(),
    evaluatedAt: Timestamp,
    /** How many series were watched, per granularity evaluated. */
    series: z.object({ day: z.number().int(), week: z.number().int().nullable() }),
    raised: z.array(AlertSchema),
  })
  .meta({ id: 'AlertEvaluation' });
export type AlertEvaluation = z.infer<typeof AlertEvaluationSchema>;
