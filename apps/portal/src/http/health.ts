import { Hono } from 'hono';
import { sql } from 'kysely';
import type { AppDeps } from '../context';
import { pendingMigrations } from '../db/migrate';

/**
 * Something an operator should act on that does not stop the portal serving: `/readyz` stays
 * 200 and lists them.
 */
export interface ReadinessWarning {
  code: 'calendar_missing';
  year: number;
  message: string;
}

async function warningsOf(deps: AppDeps): Promise<ReadinessWarning[]> {
  const year = await deps.calendars.due(deps.clock.now());
  if (year === null) return [];
  return [
    {
      code: 'calendar_missing',
      year,
      message: `no State Council holiday notice is loaded for ${year}: deadlines there count on the provisional calendar; a commission admin loads it at /calendars`,
    },
  ];
}

/**
 * Liveness (the process answers) and readiness (the database answers and is migrated), with
 * the warnings that do not make the portal unready (next year's calendar missing).
 */
export function healthRoutes(deps: AppDeps) {
  return new Hono()
    .get('/healthz', (c) => c.json({ status: 'ok' }))
    .get('/readyz', async (c) => {
      try {
        await sql`select 1`.execute(deps.db);
        const pending = await pendingMigrations(deps.db);
        if (pending.length > 0) return c.json({ status: 'migrating', pending }, 503);
        return c.json({ status: 'ready', database: deps.dialect, warnings: await warningsOf(deps) });
      } catch {
        return c.json({ status: 'unavailable', database: deps.dialect }, 503);
      }
    });
}
