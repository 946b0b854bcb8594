import {
  CalendarInput,
  CalendarYearParam,
  CalendarYearSchema,
  DeadlineQuery,
  deadline,
  fieldErrors,
  Invalid,
  parseInput,
  provisionalYear,
  SlaUnitSchema,
  Timestamp,
  toIso,
} from '@redress/core';
import { z } from 'zod';
import { type AppDeps, operation, operationRoutes } from '../context';
import { principalOf, requireRole } from '../http/principal';

const tag = 'Calendars';
const params = { year: CalendarYearParam };
/** Every year of the parameter's range is answered (provisionally, or as a gap): no 404. */
const everyYear = { 404: 'every year from 1900 to 2200 is answered, provisionally or as a gap' };

/**
 * One year of the working-day calendar: the notice's data, or `calendarProvisional` (the
 * statutory holidays only, no notice loaded), or `calendarGap` (no data at all: Monday–Friday).
 */
export const CalendarYearAnswerSchema = z
  .object({
    year: z.number().int(),
    daysOff: z.array(z.string()),
    workdays: z.array(z.string()),
    calendarGap: z.boolean(),
    calendarProvisional: z.boolean(),
  })
  .meta({ id: 'CalendarYear' });

/** `GET /api/v1/calendars/deadline` */
export const DeadlineSchema = z
  .object({
    from: Timestamp,
    amount: z.number().int(),
    unit: SlaUnitSchema,
    dueAt: Timestamp,
    calendarGap: z.boolean(),
    calendarProvisional: z.boolean(),
  })
  .meta({ id: 'Deadline' });

const calendarYear = {
  status: 200,
  schema: CalendarYearAnswerSchema,
  description: 'The calendar year.',
} as const;

/** `/api/v1/calendars`: any caller reads; commission admins load years; anyone asks a deadline. */
export const calendarOperations = [
  operation(
    {
      method: 'get',
      path: '/api/v1/calendars/deadline',
      operationId: 'computeDeadline',
      summary: 'Compute a deadline',
      description:
        'The end of a period of `amount` working or calendar days from `from` (Order 121 art. 45): the day of `from` is not counted.',
      tag,
      access: 'read',
      query: DeadlineQuery,
      success: { status: 200, schema: DeadlineSchema, description: 'The deadline.' },
    },
    async (c, deps) => {
      const q = c.req.valid('query');
      const from = Date.parse(q.from);
      const result = deadline(await deps.calendars.get(deps.clock.now()), from, q.amount, q.unit);
      return {
        from: toIso(from),
        amount: q.amount,
        unit: q.unit,
        dueAt: toIso(result.dueAt),
        calendarGap: result.calendarGap,
        calendarProvisional: result.calendarProvisional,
      };
    },
  ),
  operation(
    {
      method: 'get',
      path: '/api/v1/calendars/{year}',
      operationId: 'getCalendarYear',
      summary: 'A year’s working-day calendar',
      description:
        'A year without a State Council notice loaded is answered with the provisional calendar of the statutory holidays (`calendarProvisional: true`; no bridge days, no adjusted working days); a year it does not cover (before 2000, after 2200) as Monday to Friday with `calendarGap: true`.',
      tag,
      access: 'read',
      params,
      success: calendarYear,
      never: everyYear,
    },
    async (c, deps) => {
      const { year } = c.req.valid('param');
      const calendar = await deps.calendars.get(deps.clock.now());
      const data = calendar.year(year);
      if (data) return { ...data, calendarGap: false, calendarProvisional: false };
      // A year without a notice is answered, not refused: the provisional calendar of the
      // statutory holidays, or Monday to Friday (a gap) where that does not reach either.
      const provisional = provisionalYear(year);
      return provisional
        ? { ...provisional, calendarGap: false, calendarProvisional: true }
        : { year, daysOff: [], workdays: [], calendarGap: true, calendarProvisional: false };
    },
  ),
  operation(
    {
      method: 'put',
      path: '/api/v1/calendars/{year}',
      operationId: 'putCalendarYear',
      summary: 'Load a year’s working-day calendar',
      description:
        'Commission admins, from the State Council notice: days off and adjusted working days (调休).',
      tag,
      access: 'write',
      params,
      body: { name: 'CalendarInput', schema: CalendarInput },
      success: calendarYear,
      never: everyYear,
    },
    async (c, deps) => {
      requireRole(principalOf(c), ['commission_admin'], 'change working-day calendars');
      const { year } = c.req.valid('param');
      const body = c.req.valid('json');
      if (body.year !== undefined && body.year !== year) {
        throw new Invalid('the year in the body differs from the path', [
          { path: 'year', code: 'mismatch', message: `must be ${year}` },
        ]);
      }
      const parsed = parseInput(CalendarYearSchema, { year, daysOff: body.daysOff, workdays: body.workdays });
      if (!parsed.success) {
        throw new Invalid('the calendar is not valid', fieldErrors(parsed.error));
      }
      await deps.calendars.put(parsed.data, deps.clock.now(), { source: 'api', loadedBy: principalOf(c).id });
      return { ...parsed.data, calendarGap: false, calendarProvisional: false };
    },
  ),
];

export function calendarRoutes(deps: AppDeps) {
  return operationRoutes(deps, '/api/v1/calendars', calendarOperations);
}
