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
  toIso,
} from '@redress/core';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../context';
import type { AppEnv } from '../http/env';
import { principalOf, requireRole } from '../http/principal';
import { validate } from '../http/validate';

const YearParam = z.object({ year: CalendarYearParam });

/** `/api/v1/calendars`: any caller reads; commission admins load years; anyone asks a deadline. */
export function calendarRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .get('/deadline', validate('query', DeadlineQuery), async (c) => {
      const q = c.req.valid('query');
      const from = Date.parse(q.from);
      const result = deadline(await deps.calendars.get(deps.clock.now()), from, q.amount, q.unit);
      return c.json({
        from: toIso(from),
        amount: q.amount,
        unit: q.unit,
        dueAt: toIso(result.dueAt),
        calendarGap: result.calendarGap,
        calendarProvisional: result.calendarProvisional,
      });
    })
    .get('/:year', validate('param', YearParam), async (c) => {
      const { year } = c.req.valid('param');
      const calendar = await deps.calendars.get(deps.clock.now());
      const data = calendar.year(year);
      if (data) return c.json({ ...data, calendarGap: false, calendarProvisional: false });
      // A year without a notice is answered, not refused: the provisional calendar of the
      // statutory holidays, or Monday to Friday (a gap) where that does not reach either.
      const provisional = provisionalYear(year);
      return c.json(
        provisional
          ? { ...provisional, calendarGap: false, calendarProvisional: true }
          : { year, daysOff: [], workdays: [], calendarGap: true, calendarProvisional: false },
      );
    })
    .put('/:year', validate('param', YearParam), validate('json', CalendarInput), async (c) => {
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
      return c.json({ ...parsed.data, calendarGap: false, calendarProvisional: false });
    });
}
