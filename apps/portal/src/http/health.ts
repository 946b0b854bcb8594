import { Hono } from 'hono';
import { sql } from 'kysely';
import type { AppDeps } from '../context';
import { pendingMigrations } from '../db/migrate';

/** Liveness (the process answers) and readiness (the database answers and is migrated). */
export function healthRoutes(deps: AppDeps) {
  return new Hono()
    .get('/healthz', (c) => c.json({ status: 'ok' }))
    .get('/readyz', async (c) => {
      try {
        await sql`select 1`.execute(deps.db);
        const pending = await pendingMigrations(deps.db);
        if (pending.length > 0) return c.json({ status: 'migrating', pending }, 503);
        return c.json({ status: 'ready', database: deps.dialect });
      } catch {
        return c.json({ status: 'unavailable', database: deps.dialect }, 503);
      }
    });
}
