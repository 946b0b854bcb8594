import { ListEventsQuery } from '@redress/core';
import { Hono } from 'hono';
import { type AppDeps, contextOf } from '../context';
import type { AppEnv } from '../http/env';
import { validate } from '../http/validate';
import { listEvents } from './service';

/** `GET /api/v1/events?after=&types=` — the caller's events, oldest first, for polling. */
export function eventRoutes(deps: AppDeps) {
  return new Hono<AppEnv>().get('/', validate('query', ListEventsQuery), async (c) =>
    c.json(await listEvents(contextOf(deps, c), c.req.valid('query'))),
  );
}
